import hashlib
import io
import os
import urllib.error
import urllib.request

import numpy
import pytest

from chainer.dataset import download


@pytest.fixture
def dataset_root(tmp_path):
    original = download.get_dataset_root()
    download.set_dataset_root(str(tmp_path))
    yield str(tmp_path)
    download.set_dataset_root(original)


class _FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


def test_environment_variable_sets_root(tmp_path):
    import subprocess
    import sys
    env = dict(os.environ, CHAINER_DATASET_ROOT=str(tmp_path / 'root'))
    src = os.path.join(os.path.dirname(__file__), '..', '..', 'src')
    env['PYTHONPATH'] = os.path.abspath(src)
    out = subprocess.run(
        [sys.executable, '-c',
         'from chainer.dataset import download; print(download.get_dataset_root())'],
        env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert out == str(tmp_path / 'root')


def test_get_dataset_directory(dataset_root):
    path = download.get_dataset_directory('a/b')
    assert path == os.path.join(dataset_root, 'a/b')
    assert os.path.isdir(path)
    other = download.get_dataset_directory('c', create_directory=False)
    assert not os.path.exists(other)


def test_cached_download_downloads_once(dataset_root, monkeypatch):
    calls = []

    def fake_urlopen(url):
        calls.append(url)
        return _FakeResponse(b'content of ' + url.encode())

    monkeypatch.setattr(urllib.request, 'urlopen', fake_urlopen)
    url = 'http://example.com/data.bin'
    path = download.cached_download(url)
    assert path == os.path.join(dataset_root, '_dl_cache',
                                hashlib.md5(url.encode()).hexdigest())
    with open(path, 'rb') as f:
        assert f.read() == b'content of ' + url.encode()
    assert download.cached_download(url) == path
    assert calls == [url]
    # No temporary directory is left behind.
    leftovers = [n for n in os.listdir(os.path.dirname(path))
                 if n not in (os.path.basename(path), '_dl_lock')]
    assert leftovers == []


def test_cached_download_failure_names_url_and_cache(dataset_root, monkeypatch):
    def failing_urlopen(url):
        raise urllib.error.URLError('network is unreachable')

    monkeypatch.setattr(urllib.request, 'urlopen', failing_urlopen)
    url = 'http://example.com/missing.bin'
    with pytest.raises(OSError) as info:
        download.cached_download(url)
    message = str(info.value)
    assert url in message
    assert os.path.join(dataset_root, '_dl_cache') in message
    assert not os.path.exists(download._cache_path(url))


def test_cache_or_load_file(dataset_root):
    path = os.path.join(dataset_root, 'sub', 'cache.npz')
    created = []

    def creator(temp_path):
        created.append(temp_path)
        numpy.savez(temp_path, x=numpy.arange(3))
        return 'created'

    def loader(p):
        with numpy.load(p) as f:
            return f['x'].tolist()

    assert download.cache_or_load_file(path, creator, loader) == 'created'
    assert created[0] != path
    assert os.path.exists(path)
    assert download.cache_or_load_file(path, creator, loader) == [0, 1, 2]
    assert len(created) == 1


def test_cache_filled_by_chainer_is_reused(dataset_root, monkeypatch):
    # Chainer 7.8.1's cached_download('file:///tmp/explore/src.txt') created
    # <root>/_dl_cache/a7f71d88cc773b236abd35d2d1f9d653 (and _dl_lock): a
    # cache it filled is found here without a download.
    def no_network(url):
        raise urllib.error.URLError('offline')

    monkeypatch.setattr(urllib.request, 'urlopen', no_network)
    cache = os.path.join(dataset_root, '_dl_cache')
    os.makedirs(cache)
    name = os.path.join(cache, 'a7f71d88cc773b236abd35d2d1f9d653')
    with open(name, 'wb') as f:
        f.write(b'cached by chainer')
    assert download.cached_download('file:///tmp/explore/src.txt') == name
    with pytest.raises(OSError, match='offline'):
        download.cached_download('file:///tmp/explore/other.txt')
