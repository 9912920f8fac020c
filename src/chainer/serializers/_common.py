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
    """Yield a temporary path; once the block succeeds, its content becomes ``path``.

    A failure inside the block leaves an existing file at ``path`` untouched
    and removes the temporary file, so a half-written file never appears under
    the final name. Compared with writing ``path`` directly (as Chainer did):

    - a symbolic link is written through: the file it points to is replaced,
      the link stays;
    - a new file gets the mode ``open()`` would give it (``0o666`` less the
      umask, applied by the system: the process umask is never changed); an
      existing file keeps its mode (and, where permitted, its owner);
    - where no temporary file can be made beside ``path`` (a read-only
      directory holding a writable file) or ``path`` has other hard links, the
      content is written in the system's temporary directory first and then
      copied into ``path``; if that copy fails the previous content is put
      back;
    - errors name ``path``, not the temporary file.
    """
    user_path = os.fspath(path)
    if isinstance(user_path, bytes):
        user_path = os.fsdecode(user_path)
    target = os.path.realpath(user_path)
    directory = os.path.dirname(target)
    in_place = False
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        existing = None
    except OSError as e:
        raise _named(e, user_path)
    if existing is not None and existing.st_nlink > 1:
        in_place = True  # replacing would cut the other hard links
    tmp = None
    if not in_place:
        try:
            tmp = _new_temp_file(directory, os.path.basename(target))
        except OSError as e:
            writable = existing is not None and os.access(target, os.W_OK)
            if not writable or isinstance(e, FileNotFoundError):
                raise _named(e, user_path)
            in_place = True
    if in_place:
        tmp = _new_temp_file(tempfile.gettempdir(), os.path.basename(target))
    try:
        try:
            yield tmp
        except OSError as e:
            if e.filename == tmp:
                raise _named(e, user_path)
            raise
        if in_place:
            _copy_into(tmp, target, user_path)
        else:
            if existing is not None:
                os.chmod(tmp, existing.st_mode & 0o7777)
                if hasattr(os, 'chown'):
                    try:
                        os.chown(tmp, existing.st_uid, existing.st_gid)
                    except OSError:
                        pass
            try:
                os.replace(tmp, target)
            except OSError as e:
                raise _named(e, user_path)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _new_temp_file(directory, base):
    """Create an empty file with a fresh name in ``directory``, with the mode a
    plain ``open(path, 'w')`` would give (0o666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, 'O_CLOEXEC', 0)
    for _ in range(100):
        name = os.path.join(directory, '.{}.{}.tmp'.format(
            base, next(tempfile._get_candidate_names())))
        try:
            fd = os.open(name, flags, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return name
    raise FileExistsError('could not create a temporary file in {}'.format(directory))


def _copy_into(source, target, user_path):
    """Copy the file ``source`` into the existing file ``target`` in place,
    putting the previous content back if the copy fails."""
    import shutil
    backup = _new_temp_file(tempfile.gettempdir(), os.path.basename(target) + '.bak')
    try:
        shutil.copyfile(target, backup)
        try:
            with open(source, 'rb') as src, open(target, 'r+b') as dst:
                shutil.copyfileobj(src, dst)
                dst.truncate()
        except OSError as e:
            try:
                with open(backup, 'rb') as src, open(target, 'r+b') as dst:
                    shutil.copyfileobj(src, dst)
                    dst.truncate()
            except OSError:
                kept = backup
                backup = None
                raise OSError(e.errno, 'could not write {} ({}), nor restore its '
                              'previous content, which is kept in {}'.format(
                                  user_path, e.strerror, kept), user_path) from e
            raise _named(e, user_path)
    finally:
        if backup is not None:
            try:
                os.unlink(backup)
            except OSError:
                pass


def _named(error, user_path):
    """The OSError ``error`` again, naming the user's path."""
    if getattr(error, 'errno', None) is None:
        return error
    new = type(error)(error.errno, error.strerror, user_path)
    new.__cause__ = error
    return new


_corrupt_types = {}


def corrupt_file_error(error, message, base=None):
    """An exception saying ``message`` whose type is that of ``error`` (or
    ``base``: the type Chainer raised for the same file, BadZipFile, EOFError,
    OSError, ...) and also ValueError."""
    base = type(error) if base is None else base
    if issubclass(base, ValueError):
        cls = base
    else:
        cls = _corrupt_types.get(base)
        if cls is None:
            try:
                cls = type('Corrupt' + base.__name__, (base, ValueError),
                           {'__module__': __name__})
            except TypeError:
                cls = base
            _corrupt_types[base] = cls
    try:
        if issubclass(cls, OSError) and getattr(error, 'errno', None) is not None:
            new = cls(error.errno, message)
        else:
            new = cls(message)
    except TypeError:
        return error
    new.__cause__ = error
    return new


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
