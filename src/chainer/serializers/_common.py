"""Helpers shared by the NPZ and HDF5 serializers."""
import contextlib
import os
import tempfile

import numpy

import chainer
from chainer.backends import _cpu
from chainer.backends import cuda


def to_cpu_array(value):
    """The value to store: a NumPy array (Variables and CuPy arrays converted)."""
    if isinstance(value, chainer.Variable):
        value = value.array
    if value is None:
        return None
    if not isinstance(value, numpy.ndarray) and hasattr(value, 'shape') and \
            not isinstance(value, numpy.generic):
        value = _cpu._array_to_cpu(value)
    return numpy.asarray(value)


def where(filename, key):
    if filename:
        return '{!r} in {}'.format(key, filename)
    return repr(key)


def assign(value, dataset, key, filename):
    """Put the stored ``dataset`` (a NumPy array) where ``value`` was; return the result.

    Arrays (and Variables) are filled in place and must have the stored shape;
    scalars and other values are converted to the type of ``value``; None takes
    the stored array as it is.
    """
    if value is None:
        return dataset
    target = value.array if isinstance(value, chainer.Variable) else value
    if isinstance(target, numpy.ndarray) or (
            cuda.available and isinstance(target, cuda.ndarray)):
        if target.shape != dataset.shape:
            raise ValueError(
                'cannot load {}: the stored array has shape {} but the target has '
                'shape {}'.format(where(filename, key), dataset.shape, target.shape))
        if isinstance(target, numpy.ndarray):
            numpy.copyto(target, dataset, casting='unsafe')
        else:
            target.set(numpy.asarray(dataset, dtype=target.dtype))
        return value
    if target is None and isinstance(value, chainer.Variable):
        value.array = numpy.array(dataset)
        return value
    value_type = type(value)
    arr = numpy.asarray(dataset)
    try:
        if value_type is bool or isinstance(value, numpy.bool_):
            return value_type(arr.item())
        if isinstance(value, (int, float, complex, numpy.number, str)):
            return value_type(arr.item() if arr.ndim == 0 else arr)
        return value_type(arr)
    except (TypeError, ValueError) as e:
        raise ValueError('cannot load {}: the stored value {!r} cannot be converted '
                         'to {}'.format(where(filename, key), arr,
                                        value_type.__name__)) from e


@contextlib.contextmanager
def atomic_write(path):
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    A failed save leaves any existing file at ``path`` untouched and removes the
    temporary file.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    fd, tmp = tempfile.mkstemp(prefix='.' + base + '.', suffix='.tmp', dir=directory)
    os.close(fd)
    try:
        yield tmp
        if os.path.exists(path):
            mode = os.stat(path).st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def is_path(file):
    return isinstance(file, (str, bytes, os.PathLike))


def check_ignore_names(ignore_names):
    if ignore_names is None:
        return None
    if isinstance(ignore_names, str) or callable(ignore_names):
        ignore_names = [ignore_names]
    ignore_names = list(ignore_names)
    for item in ignore_names:
        if not (isinstance(item, str) or callable(item)):
            raise ValueError('ignore_names must be a string, a callable, or a list of '
                             'them; got an item of type {}'.format(type(item).__name__))
    return ignore_names


def ignored(key, ignore_names):
    if ignore_names is None:
        return False
    for item in ignore_names:
        if isinstance(item, str):
            if key == item:
                return True
        elif item(key):
            return True
    return False
