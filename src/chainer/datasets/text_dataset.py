"""TextDataset: the lines of text files, read on access."""
import io
import os
import threading

from chainer.dataset import dataset_mixin


def _per_file(value, n, name):
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError('TextDataset: {} has {} entries for {} files'.format(
                name, len(value), n))
        return list(value)
    return [value] * n


class TextDataset(dataset_mixin.DatasetMixin):
    """Dataset of the lines of one or several text files.

    The positions of the line starts are found in the constructor, so any line
    can be read quickly later. Lines keep their newline characters.

    Args:
        paths (str or list of str): one file, whose examples are its lines (str);
            or several files with the same number of lines, whose examples are
            tuples of their ``i``-th lines.
        encoding (str or list of str): the encoding(s), as for :func:`open`.
        errors (str or list of str): the error handling of decoding, as for
            :func:`open`.
        newline (str or list of str): the newline mode(s), as for :func:`open`.
        filter_func (callable): called with the lines of an example (one argument
            per file); examples for which it returns False are left out.
    """

    def __init__(self, paths, encoding=None, errors=None, newline=None,
                 filter_func=None):
        self._single = isinstance(paths, (str, os.PathLike))
        paths = [paths] if self._single else list(paths)
        if not paths:
            raise ValueError('TextDataset: no paths are given')
        n = len(paths)
        self._paths = paths
        self._encodings = _per_file(encoding, n, 'encoding')
        self._errors = _per_file(errors, n, 'errors')
        self._newlines = _per_file(newline, n, 'newline')
        self._lock = threading.Lock()
        self._files = None
        self._pid = None

        offsets = []
        for i in range(n):
            file_offsets = []
            with self._open(i) as text:
                while True:
                    position = text.tell()
                    line = text.readline()
                    if not line:
                        break
                    file_offsets.append((position, line))
            offsets.append(file_offsets)
        counts = {len(file_offsets) for file_offsets in offsets}
        if len(counts) != 1:
            raise ValueError('TextDataset: the files have different numbers of lines: '
                             '{}'.format([len(o) for o in offsets]))
        self._offsets = []
        for lines in zip(*offsets):
            if filter_func is not None and not filter_func(
                    *[line for _, line in lines]):
                continue
            self._offsets.append(tuple(position for position, _ in lines))

    def _open(self, i):
        return io.open(self._paths[i], 'rt', encoding=self._encodings[i],
                       errors=self._errors[i], newline=self._newlines[i])

    def __getstate__(self):
        state = dict(self.__dict__)
        state['_files'] = None
        state['_pid'] = None
        del state['_lock']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def __len__(self):
        return len(self._offsets)

    def get_example(self, idx):
        positions = self._offsets[idx]
        with self._lock:
            if self._files is None or self._pid != os.getpid():
                self._files = [self._open(i) for i in range(len(self._paths))]
                self._pid = os.getpid()
            lines = []
            for text, position in zip(self._files, positions):
                text.seek(position)
                lines.append(text.readline())
        if self._single:
            return lines[0]
        return tuple(lines)

    def close(self):
        """Close the files opened for reading."""
        with self._lock:
            if self._files is not None:
                for text in self._files:
                    text.close()
                self._files = None
