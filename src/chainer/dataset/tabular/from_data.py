"""from_data: a TabularDataset from lists, arrays and callables."""
import itertools
import threading

import numpy

from chainer.dataset.tabular import _util
from chainer.dataset.tabular import tabular_dataset


_key_counter = itertools.count()
_key_lock = threading.Lock()


def _unique_key():
    # A key for a column given without one: '_0', '_1', ..., never the same
    # twice in a process, so that datasets made separately can be joined.
    with _key_lock:
        return '_{}'.format(next(_key_counter))


class _Array(tabular_dataset.TabularDataset):
    """One column held as a list or an array."""

    def __init__(self, key, data):
        self._key = key
        self._data = data

    def __len__(self):
        return len(self._data)

    @property
    def keys(self):
        return (self._key,)

    @property
    def mode(self):
        return None

    def get_examples(self, indices, key_indices):
        if key_indices is not None and any(k != 0 for k in key_indices):
            raise IndexError('key index out of range: {}'.format(key_indices))
        indices = _util.normalize_indices(indices, len(self._data))
        column = _util.take(self._data, indices)
        if key_indices is None:
            return (column,)
        return tuple(column for _ in key_indices)


class _Callable(tabular_dataset.TabularDataset):
    """Columns computed by a function of the example number."""

    def __init__(self, keys, function, size):
        self._single = isinstance(keys, str)
        self._keys = (keys,) if self._single else tuple(keys)
        self._function = function
        self._size = size
        self._mode = None if self._single else tuple
        if not self._single and size > 0 and isinstance(function(0), dict):
            # several keys from a function returning dicts: examples are dicts
            self._mode = dict

    def __len__(self):
        return self._size

    @property
    def keys(self):
        return self._keys

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        indices = _util.normalize_indices(indices, self._size)
        if isinstance(indices, slice):
            indices = _util.slice_range(indices)
        if key_indices is None:
            key_indices = tuple(range(len(self._keys)))
        columns = [[] for _ in key_indices]
        for i in indices:
            value = self._function(i)
            if self._single:
                values = (value,)
            elif isinstance(value, dict):
                values = tuple(value[key] for key in self._keys)
            else:
                values = tuple(value)
                if len(values) != len(self._keys):
                    raise ValueError(
                        'from_data: the function for the keys {} returned {} values'
                        .format(self._keys, len(values)))
            for column, k in zip(columns, key_indices):
                column.append(values[k])
        return tuple(columns)


def _is_data(value):
    return isinstance(value, (list, numpy.ndarray)) or (
        hasattr(value, '__len__') and hasattr(value, '__getitem__')
        and not isinstance(value, (str, tuple, dict)))


def _column(entry, default_key, size):
    """A dataset for one entry of from_data's argument, and its length (or None)."""
    if isinstance(entry, tuple) and len(entry) == 2 and (
            isinstance(entry[0], str) or (
                isinstance(entry[0], tuple) and entry[0]
                and all(isinstance(k, str) for k in entry[0]))):
        key, value = entry
        if callable(value) and not _is_data(value):
            return ('callable', key, value)
        if isinstance(key, tuple):
            raise TypeError('from_data: several keys {} need a callable, got {}'.format(
                key, type(value).__name__))
        return ('data', key, value)
    if _is_data(entry):
        return ('data', default_key, entry)
    if callable(entry):
        raise ValueError('from_data: a callable needs a key: give (key, callable) '
                         'or ((key, ...), callable), got {!r}'.format(entry))
    raise TypeError('from_data: cannot make a column of an object of type {} '
                    '(expected a list, an array, (key, list/array/callable) or '
                    '((key, ...), callable))'.format(type(entry).__name__))


def _build(entries, size):
    lengths = {len(value) for kind, _, value in entries if kind == 'data'}
    if size is not None:
        lengths.add(size)
    if not lengths:
        raise ValueError('from_data: size must be given when there is no list or '
                         'array to tell the length of the dataset')
    if len(lengths) > 1:
        raise ValueError('from_data: the columns have different lengths: {}'.format(
            sorted(lengths)))
    length = lengths.pop()
    datasets = []
    for kind, key, value in entries:
        if kind == 'data':
            datasets.append(_Array(key, value))
        else:
            datasets.append(_Callable(key, value, length))
    return datasets


def from_data(data, *, size=None):
    """Make a TabularDataset from lists, arrays and callables.

    ``data`` is one of:

    * a list or an array: a dataset of one column (mode None);
    * ``(key, list/array/callable)``: one named column (mode None); a callable is
      called with the example number;
    * ``((key, ...), callable)``: several columns computed by one callable, which
      returns a tuple (mode tuple) or a dict (mode dict; the callable is called
      once with 0 to tell);
    * a tuple of the above: their columns side by side (mode tuple);
    * a dict ``{key: list/array/callable, (key, ...): callable}`` (mode dict).

    Columns without a name get generated keys (``'_0'``, ``'_1'``, ...) that are
    unique in the process, so that datasets made separately can be joined. A
    callable without a key is a ValueError.

    Args:
        data: as above.
        size (int): the length; needed when ``data`` has no list or array.

    Returns:
        TabularDataset: a lazy dataset over ``data``.
    """
    if isinstance(data, dict):
        entries = [_column((key, value), None, size) for key, value in data.items()]
        datasets = _build(entries, size)
        joined = datasets[0].join(*datasets[1:]) if len(datasets) > 1 \
            else datasets[0]
        return joined.asdict()
    if isinstance(data, tuple):
        entry = None
        try:
            entry = _column(data, None, size)
        except TypeError:
            pass
        if entry is not None and entry[1] is not None:
            return _build([entry], size)[0]
        entries = [_column(item, _unique_key() if _is_data(item) else None, size)
                   for item in data]
        datasets = _build(entries, size)
        joined = datasets[0].join(*datasets[1:]) if len(datasets) > 1 \
            else datasets[0]
        return joined.astuple()
    entry = _column(data, _unique_key() if _is_data(data) else None, size)
    return _build([entry], size)[0]
