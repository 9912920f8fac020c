"""Saving and loading in NumPy's ``.npz`` format, with Chainer's layout.

Every value is stored under its path: a model's parameter ``/l1/W`` is the
entry ``l1/W``; an optimizer's step count is ``t`` and the state of the
parameter ``/l1/W`` is ``l1/W/m`` and so on. Files move both ways between this
project and Chainer.
"""
import io
import os
import pickle
import zipfile

import numpy

from chainer import serializer
from chainer.serializers import _common


class DictionarySerializer(serializer.Serializer):
    """Serializer that collects the values into a flat dict of NumPy arrays.

    Args:
        target (dict): the dict to fill (a new one if None).
        path (str): prefix of every key (``'predictor/'``).

    ``save_npz`` writes ``target`` to a file with :func:`numpy.savez`.
    """

    def __init__(self, target=None, path=''):
        self.target = {} if target is None else target
        self.path = path

    def __getitem__(self, key):
        key = key.strip('/')
        return DictionarySerializer(self.target, self.path + key + '/')

    def __call__(self, key, value):
        key = key.lstrip('/')
        arr = _common.to_cpu_array(value)
        if arr is None:
            arr = numpy.asarray(None)  # Chainer's mark of an uninitialized parameter
        self.target[self.path + key] = arr
        return value


_ALLOWED_GLOBALS = {
    ('numpy.core.multiarray', '_reconstruct'),
    ('numpy._core.multiarray', '_reconstruct'),
    ('numpy', 'ndarray'),
    ('numpy', 'dtype'),
}


class _RestrictedUnpickler(pickle.Unpickler):
    # Object entries in Chainer's files are None (uninitialized parameters); only
    # what NumPy needs to rebuild such an array may be loaded.
    def find_class(self, module, name):
        if (module, name) in _ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            'refusing to load {}.{} from a pickled entry'.format(module, name))


def _read_object_entry(npz, key):
    from numpy.lib import format as npformat
    with npz.zip.open(key + '.npy') as fp:
        version = npformat.read_magic(fp)
        if version == (1, 0):
            npformat.read_array_header_1_0(fp)
        else:
            npformat.read_array_header_2_0(fp)
        return _RestrictedUnpickler(fp).load()


class NpzDeserializer(serializer.Deserializer):
    """Deserializer that reads values from an opened ``.npz`` file.

    Args:
        npz: the object :func:`numpy.load` returned for the file, or a dict of
            arrays (e.g. the ``target`` of a :class:`DictionarySerializer`).
        path (str): prefix of every key (to load a part of the file).
        strict (bool): raise KeyError for a missing key (else keep the value).
        ignore_names (str, callable, or list of them): keys not to load: a key
            equal to a string, or for which a callable returns True, keeps its
            current value.
    """

    def __init__(self, npz, path='', strict=True, ignore_names=None):
        self.npz = npz
        self.path = path
        self.strict = strict
        self.ignore_names = _common.check_ignore_names(ignore_names)
        self._filename = _npz_filename(npz)

    def __getitem__(self, key):
        key = key.strip('/')
        child = NpzDeserializer(self.npz, self.path + key + '/', strict=self.strict,
                                ignore_names=self.ignore_names)
        child._filename = self._filename
        return child

    def __call__(self, key, value):
        key = self.path + key.lstrip('/')
        if not self.strict and not self._has(key):
            return value
        if _common.ignored(key, self.ignore_names):
            return value
        if not self._has(key):
            raise KeyError('{}: no entry {!r} in the file (load with strict=False to '
                           'skip missing entries)'.format(self._filename or 'npz', key))
        dataset = self._read(key)
        if dataset.dtype == object:
            if dataset.shape == () and dataset[()] is None:
                return None
            raise ValueError('cannot load {}: the entry holds Python objects, not an '
                             'array'.format(_common.where(self._filename, key)))
        return _common.assign(value, dataset, key, self._filename)

    def _has(self, key):
        # An opened .npz file lists its entries in ``files``; a plain dict (the
        # target of a DictionarySerializer) is its own list of keys.
        files = getattr(self.npz, 'files', None)
        return key in (self.npz if files is None else files)

    def _read(self, key):
        if getattr(self.npz, 'files', None) is None:
            return numpy.asarray(self.npz[key])
        try:
            try:
                return self.npz[key]
            except ValueError as e:
                if 'allow_pickle' not in str(e):
                    raise
                return numpy.asarray(_read_object_entry(self.npz, key), dtype=object)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError,
                pickle.UnpicklingError) as e:
            raise _common.corrupt_file_error(
                e, 'cannot read {}: the file is truncated or corrupt ({}: {})'.format(
                    _common.where(self._filename, key), type(e).__name__, e)) from e


def _npz_filename(npz):
    fid = getattr(npz, 'zip', None)
    name = getattr(fid, 'filename', None)
    if name:
        return name
    fid = getattr(npz, 'fid', None)
    return getattr(fid, 'name', None)


def _write_npz(fileobj, target, compression):
    mode = zipfile.ZIP_DEFLATED if compression else zipfile.ZIP_STORED
    from numpy.lib import format as npformat
    with zipfile.ZipFile(fileobj, mode='w', compression=mode, allowZip64=True) as zf:
        for key, arr in target.items():
            with zf.open(key + '.npy', 'w', force_zip64=True) as fp:
                npformat.write_array(fp, numpy.asanyarray(arr), allow_pickle=True)


def save_npz(file, obj, compression=True):
    """Save ``obj`` (a link, an optimizer, a trainer...) to an ``.npz`` file.

    Args:
        file (str, path-like or file object): where to write. A path is written
            through a temporary file in the same directory that replaces it only
            once complete, so a failed save never leaves a half-written file.
        obj: anything with a ``serialize`` method.
        compression (bool): compress the entries (zip deflate).
    """
    s = DictionarySerializer()
    s.save(obj)
    if _common.is_path(file):
        with _common.atomic_write(file) as tmp:
            with open(tmp, 'wb') as f:
                _write_npz(f, s.target, compression)
    else:
        _write_npz(file, s.target, compression)


def load_npz(file, obj, path='', strict=True, ignore_names=None):
    """Load ``obj`` in place from an ``.npz`` file written by :func:`save_npz`.

    Args:
        file (str, path-like or file object): the file.
        obj: anything with a ``serialize`` method (a link, an optimizer...).
        path (str): load only the part under this prefix, e.g.
            ``'updater/model:main/'`` to load a model from a trainer snapshot.
        strict (bool): every key ``obj`` asks for must be in the file (KeyError
            naming the file and the key otherwise).
        ignore_names (str, callable, or list of them): keys to leave alone.

    A missing file raises FileNotFoundError. A truncated or corrupt file
    raises the exception Chainer raised for it (:class:`zipfile.BadZipFile`,
    :class:`EOFError` for an empty file, :class:`pickle.UnpicklingError` for
    other content), of a subclass that is also a ValueError and whose message
    names the file (and the entry).
    """
    name = os.fspath(file) if _common.is_path(file) else getattr(file, 'name', None)
    if isinstance(name, bytes):
        name = name.decode(errors='replace')
    f = open(file, 'rb') if _common.is_path(file) else file
    try:
        try:
            npz = numpy.load(f, allow_pickle=False)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
            # The exception has the type Chainer raised for such a file
            # (BadZipFile, EOFError, UnpicklingError for other content) and is
            # a ValueError too.
            base = None
            if isinstance(e, ValueError) and 'pickle' in str(e):
                base = pickle.UnpicklingError
            raise _common.corrupt_file_error(
                e, 'cannot read {}: not a valid npz file, or truncated ({}: {})'
                .format(name or 'the npz file', type(e).__name__, e), base) from e
        if not isinstance(npz, numpy.lib.npyio.NpzFile):
            raise ValueError('cannot load {}: it holds a single array, not an npz '
                             'archive'.format(name or 'the file'))
        with npz:
            d = NpzDeserializer(npz, path=path, strict=strict,
                                ignore_names=ignore_names)
            if name:
                d._filename = name
            d.load(obj)
    finally:
        if f is not file:
            f.close()


_ = io
