"""Datasets stored as a sequence of pickled objects in one file."""
import os
import pickle
import threading
import weakref

from chainer.dataset import dataset_mixin


class _ClosedOnExit(object):
    """A context manager that closes the object (its ``close``) on exit."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()


class PickleDatasetWriter(_ClosedOnExit):
    """Writes the examples of a dataset to a file, one pickle after another.

    Use :func:`open_pickle_dataset_writer` to write to a path; read the file back
    with :func:`open_pickle_dataset`.

    Args:
        writer: a file object opened for writing in binary mode.
        protocol (int): the pickle protocol.
    """

    def __init__(self, writer, protocol=pickle.HIGHEST_PROTOCOL):
        self._writer = writer
        self._protocol = protocol

    def close(self):
        """Close the file."""
        self._writer.close()

    def write(self, x):
        """Append the example ``x``."""
        pickle.dump(x, self._writer, protocol=self._protocol)

    def flush(self):
        """Flush the file's buffer."""
        self._writer.flush()


class _FileReader(object):
    """A binary file opened by its path, reopened where a fresh file is needed.

    It opens the file when created and when unpickled, and again in
    :meth:`after_fork` (which :class:`PickleDataset` calls in a forked child
    process), so that processes do not share one file position.
    """

    def __init__(self, path):
        self._path = path
        self._file = open(path, 'rb')

    def __getstate__(self):
        return {'_path': self._path}

    def __setstate__(self, state):
        self._path = state['_path']
        self._file = open(self._path, 'rb')

    def after_fork(self):
        """Close the file inherited from the parent process and open it again."""
        self._file.close()
        self._file = open(self._path, 'rb')

    def seek(self, *args):
        return self._file.seek(*args)

    def tell(self):
        return self._file.tell()

    def read(self, *args):
        return self._file.read(*args)

    def readline(self, *args):
        return self._file.readline(*args)

    def peek(self, *args):
        return self._file.peek(*args)

    def readinto(self, buffer):
        return self._file.readinto(buffer)

    def close(self):
        self._file.close()


# The datasets whose readers are told about a fork (weakly held).
_live_datasets = weakref.WeakSet()


def _after_fork_in_child():
    for dataset in list(_live_datasets):
        dataset._after_fork()


if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class PickleDataset(_ClosedOnExit, dataset_mixin.DatasetMixin):
    """Dataset of the objects pickled one after another in a file.

    The constructor reads the file once to find where each object starts; an
    example is then unpickled from its position when accessed. Reading is
    thread-safe. In a process forked from the one that made the dataset, the
    reader's ``after_fork()`` method is called, if it has one, so that it can
    reopen its file (the reader of :func:`open_pickle_dataset` does): the
    dataset then also works in the worker processes of
    :class:`~chainer.iterators.MultiprocessIterator`.

    Args:
        reader: a file object opened for reading in binary mode.
    """

    def __init__(self, reader):
        self._reader = reader
        self._lock = threading.Lock()
        self._positions = []
        reader.seek(0)
        while True:
            position = reader.tell()
            try:
                pickle.load(reader)
            except EOFError:
                break
            self._positions.append(position)
        _live_datasets.add(self)

    def _after_fork(self):
        # the lock may have been held by a thread that the child does not have
        self._lock = threading.Lock()
        after_fork = getattr(self._reader, 'after_fork', None)
        if after_fork is not None:
            after_fork()

    def __getstate__(self):
        state = dict(self.__dict__)
        del state['_lock']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()
        _live_datasets.add(self)

    def __len__(self):
        return len(self._positions)

    def get_example(self, index):
        position = self._positions[index]
        with self._lock:
            self._reader.seek(position)
            return pickle.load(self._reader)

    def close(self):
        """Close the file."""
        self._reader.close()


def open_pickle_dataset(path):
    """Open a file written by :class:`PickleDatasetWriter` as a :class:`PickleDataset`.

    Args:
        path (str): the file.
    """
    return PickleDataset(_FileReader(path))


def open_pickle_dataset_writer(path, protocol=pickle.HIGHEST_PROTOCOL):
    """Open a :class:`PickleDatasetWriter` that writes to ``path``.

    Args:
        path (str): the file (created or truncated).
        protocol (int): the pickle protocol.
    """
    return PickleDatasetWriter(open(path, 'wb'), protocol)
