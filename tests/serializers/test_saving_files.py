"""How save_npz/save_hdf5, the snapshot writers and LogReport write files:
through symlinks, where Chainer could write, never half-written, naming the
user's path, never touching the umask; corrupt files raise Chainer's types."""
import io
import json
import os
import pickle
import zipfile

import numpy
import pytest

import chainer  # NOQA
import chainer.links as L
from chainer import serializers
from chainer.serializers import _common
from chainer.training import extensions


@pytest.fixture
def umask022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _model():
    return L.Linear(2, 3)


def _load(path):
    m = _model()
    serializers.load_npz(path, m)
    return m


def test_save_through_symlink_keeps_the_link(tmp_path):
    real = tmp_path / 'real.npz'
    link = tmp_path / 'link.npz'
    serializers.save_npz(str(real), _model())
    os.symlink(str(real), str(link))
    model = _model()
    serializers.save_npz(str(link), model)
    assert os.path.islink(str(link))
    numpy.testing.assert_array_equal(_load(str(real)).W.array, model.W.array)


def test_save_keeps_hard_links(tmp_path):
    a = tmp_path / 'a.npz'
    b = tmp_path / 'b.npz'
    serializers.save_npz(str(a), _model())
    os.link(str(a), str(b))
    model = _model()
    serializers.save_npz(str(a), model)
    assert os.stat(str(a)).st_ino == os.stat(str(b)).st_ino
    numpy.testing.assert_array_equal(_load(str(b)).W.array, model.W.array)


@pytest.mark.parametrize('mask,mode', [(0o022, 0o644), (0o077, 0o600)])
def test_new_file_mode_follows_the_umask_without_changing_it(tmp_path, monkeypatch,
                                                             mask, mode):
    old = os.umask(mask)
    try:
        def no_umask(*args):
            raise AssertionError('os.umask must not be called while saving')
        monkeypatch.setattr(os, 'umask', no_umask)
        serializers.save_npz(str(tmp_path / 'm.npz'), _model())
        serializers.save_hdf5(str(tmp_path / 'm.h5'), _model())
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert os.stat(str(tmp_path / 'm.npz')).st_mode & 0o777 == mode
    assert os.stat(str(tmp_path / 'm.h5')).st_mode & 0o777 == mode


def test_existing_file_keeps_its_mode(tmp_path):
    path = str(tmp_path / 'm.npz')
    serializers.save_npz(path, _model())
    os.chmod(path, 0o640)
    serializers.save_npz(path, _model())
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_writable_file_in_a_directory_where_no_file_can_be_created(tmp_path,
                                                                    monkeypatch):
    # As root a read-only directory is still writable, so refuse the temporary
    # file beside the target the way a read-only directory would.
    path = str(tmp_path / 'm.npz')
    serializers.save_npz(path, _model())
    original = _common._new_temp_file

    def refuse_here(directory, base):
        if os.path.realpath(directory) == os.path.realpath(str(tmp_path)):
            raise PermissionError(13, 'Permission denied', directory)
        return original(directory, base)

    monkeypatch.setattr(_common, '_new_temp_file', refuse_here)
    model = _model()
    serializers.save_npz(path, model)
    numpy.testing.assert_array_equal(_load(path).W.array, model.W.array)
    # A new file there cannot be made: the error names the user's path.
    with pytest.raises(PermissionError) as info:
        serializers.save_npz(str(tmp_path / 'new.npz'), model)
    assert info.value.filename == str(tmp_path / 'new.npz')
    assert sorted(os.listdir(str(tmp_path))) == ['m.npz']


def test_error_names_the_users_path(tmp_path):
    path = str(tmp_path / 'missing_dir' / 'm.npz')
    with pytest.raises(FileNotFoundError) as info:
        serializers.save_npz(path, _model())
    assert info.value.filename == path
    assert path in str(info.value)


class _Exploding(object):
    def serialize(self, serializer):
        serializer('a', numpy.ones(3))
        raise RuntimeError('boom')


@pytest.mark.parametrize('save', [serializers.save_npz, serializers.save_hdf5])
def test_failed_save_leaves_the_old_file_and_no_temporary(tmp_path, save):
    path = str(tmp_path / 'm')
    model = _model()
    save(path, model)
    with open(path, 'rb') as f:
        before = f.read()
    with pytest.raises(RuntimeError, match='boom'):
        save(path, _Exploding())
    with open(path, 'rb') as f:
        assert f.read() == before
    assert os.listdir(str(tmp_path)) == ['m']


def test_failed_in_place_copy_puts_the_old_content_back(tmp_path, monkeypatch):
    path = str(tmp_path / 'm.npz')
    serializers.save_npz(path, _model())
    with open(path, 'rb') as f:
        before = f.read()
    import shutil
    real_copyfileobj = shutil.copyfileobj
    calls = []

    def failing_copy(src, dst, *args):
        calls.append(1)
        if len(calls) == 1:  # the new content: fail half way
            dst.write(b'half')
            raise OSError(28, 'No space left on device')
        return real_copyfileobj(src, dst, *args)

    monkeypatch.setattr(_common, '_new_temp_file', _refusing_beside(tmp_path))
    monkeypatch.setattr(shutil, 'copyfileobj', failing_copy)
    with pytest.raises(OSError) as info:
        serializers.save_npz(path, _model())
    assert info.value.filename == path
    with open(path, 'rb') as f:
        assert f.read() == before


def _refusing_beside(tmp_path):
    original = _common._new_temp_file

    def refuse_here(directory, base):
        if os.path.realpath(directory) == os.path.realpath(str(tmp_path)):
            raise PermissionError(13, 'Permission denied', directory)
        return original(directory, base)
    return refuse_here


def test_snapshot_writer_writes_through_symlink(tmp_path):
    out = tmp_path / 'out'
    out.mkdir()
    real = tmp_path / 'kept.npz'
    serializers.save_npz(str(real), _model())
    os.symlink(str(real), str(out / 'snap'))
    writer = extensions.snapshot_writers.SimpleWriter()
    model = _model()
    writer('snap', str(out), model)
    assert os.path.islink(str(out / 'snap'))
    numpy.testing.assert_array_equal(_load(str(real)).W.array, model.W.array)
    assert sorted(os.listdir(str(out))) == ['snap']


def test_log_report_file_mode(tmp_path, umask022):
    from chainer.training.extensions import util
    util.atomic_write_text(str(tmp_path), 'log', json.dumps([{'a': 1}]))
    assert os.stat(str(tmp_path / 'log')).st_mode & 0o777 == 0o644
    with open(str(tmp_path / 'log')) as f:
        assert json.load(f) == [{'a': 1}]


# -- corrupt files: Chainer's exception types (observed with Chainer 7.8.1),
# which are also ValueError here, with a message naming the file --------------


def _good_npz(tmp_path):
    path = str(tmp_path / 'good.npz')
    serializers.save_npz(path, _model())
    with open(path, 'rb') as f:
        return f.read()


@pytest.mark.parametrize('content,expected', [
    (lambda good: good[:len(good) // 2], zipfile.BadZipFile),
    (lambda good: b'', EOFError),
    (lambda good: b'hello world, not a zip' * 10, pickle.UnpicklingError),
])
def test_corrupt_npz_raises_chainers_type(tmp_path, content, expected):
    path = str(tmp_path / 'bad.npz')
    with open(path, 'wb') as f:
        f.write(content(_good_npz(tmp_path)))
    with pytest.raises(expected) as info:
        serializers.load_npz(path, _model())
    assert isinstance(info.value, ValueError)
    assert path in str(info.value)


@pytest.mark.parametrize('content', [lambda good: good[:len(good) // 2],
                                     lambda good: b''])
def test_corrupt_hdf5_raises_oserror(tmp_path, content):
    pytest.importorskip('h5py')
    good = str(tmp_path / 'good.h5')
    serializers.save_hdf5(good, _model())
    with open(good, 'rb') as f:
        data = f.read()
    path = str(tmp_path / 'bad.h5')
    with open(path, 'wb') as f:
        f.write(content(data))
    with pytest.raises(OSError) as info:
        serializers.load_hdf5(path, _model())
    assert isinstance(info.value, ValueError)
    assert path in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        serializers.load_npz(str(tmp_path / 'nope.npz'), _model())
    pytest.importorskip('h5py')
    with pytest.raises(FileNotFoundError):
        serializers.load_hdf5(str(tmp_path / 'nope.h5'), _model())


def test_file_object_still_works():
    buf = io.BytesIO()
    model = _model()
    serializers.save_npz(buf, model)
    buf.seek(0)
    loaded = _model()
    serializers.load_npz(buf, loaded)
    numpy.testing.assert_array_equal(loaded.W.array, model.W.array)
