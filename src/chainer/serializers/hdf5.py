"""Saving and loading in HDF5 (needs h5py: ``pip install "chainer[hdf5]"``).

The layout is Chainer's: one HDF5 group per link or child serializer, one
dataset per value (``/predictor/l1/W``).
"""
import os

import numpy

from chainer import serializer
from chainer.serializers import _common


def _import_h5py():
    # h5py is imported on first use rather than with chainer (it is slow to load);
    # the module attributes ``h5py`` and ``_available`` appear then.
    global h5py, _available
    try:
        import h5py
        _available = True
    except ImportError:
        h5py = None
        _available = False


def __getattr__(name):
    if name in ('h5py', '_available'):
        _import_h5py()
        return globals()[name]
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))


class HDF5NotAvailableError(ImportError, RuntimeError):
    """h5py (or a recent enough h5py) is missing. It is a RuntimeError, as
    Chainer raised, and an ImportError, since a package is missing."""


def _check_available():
    if '_available' not in globals():
        _import_h5py()
    if not _available:
        raise HDF5NotAvailableError(
            'h5py is not installed, so HDF5 serialization is not available; install '
            'it with: pip install "chainer[hdf5]" (or pip install h5py)')


def _check_empty_available():
    # h5py.Empty (the mark of an uninitialized parameter) came with h5py 2.7.
    if tuple(h5py.version.version_tuple[:2]) < (2, 7):
        raise HDF5NotAvailableError(
            'h5py {} cannot store an uninitialized parameter (h5py.Empty needs '
            'h5py 2.7 or later); upgrade it with: pip install -U h5py'.format(
                h5py.version.version))


class HDF5Serializer(serializer.Serializer):
    """Serializer that writes values as datasets of an HDF5 group.

    Args:
        group (h5py.Group): the group (or open file) to write into.
        compression (int): gzip compression level (0-9) of arrays of more than
            one element.
    """

    def __init__(self, group, compression=4):
        _check_available()
        self.group = group
        self.compression = compression

    def __getitem__(self, key):
        name = self.group.name.rstrip('/') + '/' + key.strip('/')
        return HDF5Serializer(self.group.require_group(name), self.compression)

    def __call__(self, key, value):
        arr = _common.to_cpu_array(value)
        if arr is None:
            # Chainer's mark of an uninitialized parameter: an empty dataset.
            _check_empty_available()
            self.group.create_dataset(key, data=h5py.Empty('f'))
            return value
        compression = None if arr.size <= 1 or not self.compression else 'gzip'
        opts = {'compression_opts': self.compression} if compression else {}
        if arr.dtype.kind == 'U':
            # HDF5 has no fixed-width unicode type: store UTF-8 strings (the
            # JSON of a DictSummary's names, for instance); they load back as
            # str where the target value is a str.
            arr = arr.astype(object)
            opts['dtype'] = h5py.string_dtype('utf-8')
        self.group.create_dataset(key, data=arr, compression=compression, **opts)
        return value


class HDF5Deserializer(serializer.Deserializer):
    """Deserializer that reads values from an HDF5 group.

    Args:
        group (h5py.Group): the group (or open file) to read from.
        strict (bool): raise KeyError for a missing key (else keep the value).
    """

    def __init__(self, group, strict=True):
        _check_available()
        self.group = group
        self.strict = strict
        self._filename = _h5_filename(group)

    def _path(self, key):
        if self.group is None:
            return key
        return self.group.name.rstrip('/') + '/' + key

    def __getitem__(self, key):
        key = key.strip('/')
        if self.group is not None and key in self.group:
            child = HDF5Deserializer(self.group[key], strict=self.strict)
        elif self.strict:
            raise KeyError('{}: no group {!r} in the file (load with strict=False to '
                           'skip missing entries)'.format(self._filename or 'hdf5',
                                                          self._path(key)))
        else:
            child = HDF5Deserializer.__new__(HDF5Deserializer)
            child.group = None
            child.strict = False
        child._filename = self._filename
        return child

    def __call__(self, key, value):
        if self.group is None or key not in self.group:
            if not self.strict:
                return value
            raise KeyError('{}: no entry {!r} in the file (load with strict=False to '
                           'skip missing entries)'.format(self._filename or 'hdf5',
                                                          self._path(key)))
        try:
            dataset = self.group[key]
            if dataset.shape is None:
                return None
            data = numpy.asarray(dataset[()])
        except (OSError, ValueError, KeyError) as e:
            raise _common.corrupt_file_error(
                e, 'cannot read {}: the file is truncated or corrupt ({}: {})'.format(
                    _common.where(self._filename, self._path(key)),
                    type(e).__name__, e)) from e
        if data.dtype.kind in 'SO' and value is not None and isinstance(value, str):
            data = numpy.asarray(data.item().decode() if isinstance(data.item(), bytes)
                                 else data.item())
        return _common.assign(value, data, self._path(key), self._filename)


def _h5_filename(group):
    try:
        return group.file.filename
    except Exception:
        return None


def save_hdf5(filename, obj, compression=4):
    """Save ``obj`` (a link, an optimizer...) to an HDF5 file.

    Args:
        filename (str or path-like): where to write (through a temporary file that
            replaces it only once complete).
        obj: anything with a ``serialize`` method.
        compression (int): gzip level (0-9) of arrays of more than one element.
    """
    _check_available()
    with _common.atomic_write(filename) as tmp:
        with h5py.File(tmp, 'w') as f:
            s = HDF5Serializer(f, compression=compression)
            s.save(obj)


def load_hdf5(filename, obj):
    """Load ``obj`` in place from an HDF5 file written by :func:`save_hdf5`.

    A missing key raises KeyError, a truncated or corrupt file ValueError, both
    naming the file.
    """
    _check_available()
    name = os.fspath(filename)
    if not os.path.exists(name):
        raise FileNotFoundError('no such file: {!r}'.format(name))
    try:
        f = h5py.File(name, 'r')
    except OSError as e:
        # OSError, as in Chainer (h5py's error), and a ValueError too.
        raise _common.corrupt_file_error(
            e, 'cannot read {}: not a valid HDF5 file, or truncated ({})'
            .format(name, e)) from e
    with f:
        d = HDF5Deserializer(f)
        d.load(obj)
