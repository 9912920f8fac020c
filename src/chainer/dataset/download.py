"""The local dataset cache: where datasets live and how they get there.

Datasets are kept under the *dataset root*: ``$CHAINER_DATASET_ROOT`` if that
environment variable is set, ``~/.chainer/dataset`` otherwise. Downloads are cached
under ``<root>/_dl_cache`` by the MD5 hex digest of their URL, the names Chainer
7.8.1 gives them, so a cache that Chainer filled is used as it is. Files are created in a
temporary directory and moved into place with an atomic rename, under a file lock,
so that concurrent processes never see a half-written file.
"""
import contextlib
import hashlib
import os
import shutil
import sys
import tempfile

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

_DEFAULT_ROOT = os.path.join(os.path.expanduser('~'), '.chainer', 'dataset')
_dataset_root = os.environ.get('CHAINER_DATASET_ROOT', _DEFAULT_ROOT)


class DatasetDownloadError(OSError):
    """A file could not be downloaded (no network, or the server refused)."""


def get_dataset_root():
    """The root directory of the dataset cache.

    It is ``$CHAINER_DATASET_ROOT`` when the variable was set at import time,
    ``~/.chainer/dataset`` otherwise, unless :func:`set_dataset_root` changed it.
    """
    return _dataset_root


def set_dataset_root(path):
    """Change the root directory of the dataset cache for this process.

    Args:
        path (str): the new root (created when a dataset is first stored).
    """
    global _dataset_root
    _dataset_root = os.fspath(path)


def get_dataset_directory(dataset_name, create_directory=True):
    """The directory of a dataset: ``<dataset root>/<dataset_name>``.

    Args:
        dataset_name (str): the dataset's name; it may contain slashes
            (``'pfnet/chainer/mnist'``).
        create_directory (bool): create the directory (and its parents) if it does
            not exist.
    """
    path = os.path.join(get_dataset_root(), dataset_name)
    if create_directory:
        try:
            os.makedirs(path, exist_ok=True)
        except OSError as e:
            raise OSError(
                'Could not create the dataset directory {!r}: {}. Set '
                'CHAINER_DATASET_ROOT to a writable directory.'.format(path, e)) from e
    return path


@contextlib.contextmanager
def _file_lock(lock_path):
    """Hold an exclusive lock on ``lock_path`` (advisory; process-wide on POSIX)."""
    os.makedirs(os.path.dirname(lock_path), exist_ok=True)
    with open(lock_path, 'a') as lock_file:
        if fcntl is not None:
            fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)


def _cache_root():
    return os.path.join(get_dataset_root(), '_dl_cache')


def _cache_path(url):
    # Chainer's naming: the MD5 hex digest of the URL (a name, not a checksum).
    return os.path.join(_cache_root(), hashlib.md5(url.encode('utf-8')).hexdigest())


def _download(url, path):
    """Write the contents at ``url`` to the file ``path``."""
    import urllib.request  # on first download, not with chainer
    with urllib.request.urlopen(url) as response, open(path, 'wb') as out:
        shutil.copyfileobj(response, out)


def cached_download(url):
    """Download a file and cache it; return the path of the cached file.

    The file is stored under ``<dataset root>/_dl_cache``, named by the MD5 hex
    digest of ``url`` as Chainer names it; if it is already there, it is not
    downloaded again. The download goes to a temporary file which is then renamed
    into place under a file lock, so a crash or a concurrent process never leaves a
    partial file in the cache.

    Args:
        url (str): the address of the file.

    Returns:
        str: the path of the cached file.

    Raises:
        DatasetDownloadError (an OSError): if the file is not in the cache and
            cannot be downloaded; the message names the address and the cache path.
    """
    cache_root = _cache_root()
    cache_path = _cache_path(url)
    if os.path.exists(cache_path):
        return cache_path
    os.makedirs(cache_root, exist_ok=True)
    lock_path = os.path.join(cache_root, '_dl_lock')
    with _file_lock(lock_path):
        if os.path.exists(cache_path):  # another process finished it meanwhile
            return cache_path
        temp_root = tempfile.mkdtemp(dir=cache_root)
        try:
            temp_path = os.path.join(temp_root, 'download')
            sys.stderr.write('Downloading from {}...\n'.format(url))
            sys.stderr.flush()
            try:
                _download(url, temp_path)
            except (OSError, ValueError) as e:  # urllib's URLError is an OSError
                raise DatasetDownloadError(
                    'Could not download {} ({}: {}), and it is not in the dataset '
                    'cache at {}. Connect to the network, or place the file there '
                    '(the dataset root is set by CHAINER_DATASET_ROOT).'.format(
                        url, type(e).__name__, e, cache_path)) from e
            os.replace(temp_path, cache_path)
        finally:
            shutil.rmtree(temp_root, ignore_errors=True)
    return cache_path


def cache_or_load_file(path, creator, loader):
    """Load a file if it exists; otherwise create it and return what was created.

    Args:
        path (str): the cache file.
        creator (callable): ``creator(path)`` writes the file at the given path and
            returns its content. It is called with a temporary path; the file is
            renamed to ``path`` afterwards (under a file lock).
        loader (callable): ``loader(path)`` reads the file and returns its
            content.

    Returns:
        The content: ``loader(path)`` or the return value of ``creator``.
    """
    if os.path.exists(path):
        return loader(path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    file_name = os.path.basename(path)
    lock_path = os.path.join(get_dataset_root(), '_create_lock')
    with _file_lock(lock_path):
        if os.path.exists(path):
            return loader(path)
        temp_root = tempfile.mkdtemp(dir=directory)
        try:
            temp_path = os.path.join(temp_root, file_name)
            content = creator(temp_path)
            if os.path.exists(temp_path):
                os.replace(temp_path, path)
        finally:
            shutil.rmtree(temp_root, ignore_errors=True)
    return content
