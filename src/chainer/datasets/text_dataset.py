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

    The files stay open for reading until :meth:`close` (after which reading an
    example raises ValueError); a process forked from the one that opened them
    opens its own.

    Args:
        paths (str or list of str): one file (a path, or a list of one path),
            whose examples are its lines (str); or several files with the same
            number of lines, whose examples are tuples of their ``i``-th lines.
        encoding (str or list of str): the encoding(s), as for :func:`open`.
        errors (str or list of str): the error handling of decoding, as for
            :func:`open`.
        newline (str or list of str): the newline mode(s), as for :func:`open`.
        filter_func (callable): called with the lines of an example (one argument
            per file); examples for which it returns False are left out.
    """

    def __init__(self, paths, encoding=None, errors=None, newline=None,
                 filter_func=None):
        paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
        if not paths:
            raise ValueError('TextDataset: no paths are given')
        self._single = len(paths) == 1
        n = len(paths)
        self._paths = paths
        self._encodings = _per_file(encoding, n, 'encoding')
        self._errors = _per_file(errors, n, 'errors')
        self._newlines = _per_file(newline, n, 'newline')
        self._lock = threading.Lock()
        self._fps = None
        self._pid = None
        self._closed = False

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
        self._open_all()

    def _open_all(self):
        fps = []
        try:
            for i in range(len(self._paths)):
                fps.append(self._open(i))
        except BaseException:
            for fp in fps:
                fp.close()
            raise
        self._fps = fps
        self._pid = os.getpid()

    def _open(self, i):
        return io.open(self._paths[i], 'rt', encoding=self._encodings[i],
                       errors=self._errors[i], newline=self._newlines[i])

    def __getstate__(self):
        state = dict(self.__dict__)
        state['_fps'] = None
        state['_pid'] = None
        del state['_lock']
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()
        if not self._closed:
            self._open_all()

    def __len__(self):
        return len(self._offsets)

    def get_example(self, idx):
        positions = self._offsets[idx]
        with self._lock:
            if self._closed:
                raise ValueError('TextDataset: the dataset is closed; its files '
                                 'cannot be read any more')
            if self._pid != os.getpid():
                # a forked process reads through files of its own
                self._open_all()
            lines = []
            for text, position in zip(self._fps, positions):
                text.seek(position)
                lines.append(text.readline())
        if self._single:
            return lines[0]
        return tuple(lines)

    def close(self):
        """Close the files; reading an example afterwards raises ValueError.

        Every file is closed even if closing one fails; the first error is then
        raised.
        """
        with self._lock:
            self._closed = True
            first_error = None
            for fp in self._fps or ():
                try:
                    fp.close()
                except Exception as e:
                    if first_error is None:
                        first_error = e
            if first_error is not None:
                raise first_error
