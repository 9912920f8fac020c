"""Datasets stored as a sequence of pickled objects in one file."""
import os
import pickle
import threading

from chainer.dataset import dataset_mixin


class PickleDatasetWriter(object):
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

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()


class _ReopeningReader(object):
    """A binary file that is reopened by its path in each new process."""

    def __init__(self, path):
        self._path = path
        self._pid = os.getpid()
        self._file = open(path, 'rb')

    def _ensure(self):
        if self._pid != os.getpid() or self._file is None:
            self._file = open(self._path, 'rb')
            self._pid = os.getpid()
        return self._file

    def __getstate__(self):
        return {'_path': self._path}

    def __setstate__(self, state):
        self._path = state['_path']
        self._pid = None
        self._file = None

    def seek(self, *args):
        return self._ensure().seek(*args)

    def tell(self):
        return self._ensure().tell()

    def read(self, *args):
        return self._ensure().read(*args)

    def readline(self, *args):
        return self._ensure().readline(*args)

    def peek(self, *args):
        return self._ensure().peek(*args)

    def readinto(self, buffer):
        return self._ensure().readinto(buffer)

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None


class PickleDataset(dataset_mixin.DatasetMixin):
    """Dataset of the objects pickled one after another in a file.

    The constructor reads the file once to find where each object starts; an
    example is then unpickled from its position when accessed. Reading is
    thread-safe; a dataset from :func:`open_pickle_dataset` also works in the
    worker processes of :class:`~chainer.iterators.MultiprocessIterator`.

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

    def __getstate__(self):
        state = dict(self.__dict__)
        del state['_lock']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()

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

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()


def open_pickle_dataset(path):
    """Open a file written by :class:`PickleDatasetWriter` as a :class:`PickleDataset`.

    Args:
        path (str): the file.
    """
    return PickleDataset(_ReopeningReader(path))


def open_pickle_dataset_writer(path, protocol=pickle.HIGHEST_PROTOCOL):
    """Open a :class:`PickleDatasetWriter` that writes to ``path``.

    Args:
        path (str): the file (created or truncated).
        protocol (int): the pickle protocol.
    """
    return PickleDatasetWriter(open(path, 'wb'), protocol)
