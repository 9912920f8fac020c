from chainer.dataset.tabular import _util
from chainer.dataset.tabular import tabular_dataset


def _mode_of(value, keys, single):
    if single:
        return None
    if isinstance(value, tuple):
        if len(value) != len(keys):
            raise ValueError('transform returned a tuple of length {} for the keys '
                             '{}'.format(len(value), keys))
        return tuple
    if isinstance(value, dict):
        if set(value.keys()) != set(keys):
            raise ValueError('transform returned a dict with the keys {} for the keys '
                             '{}'.format(sorted(value.keys()), keys))
        return dict
    if len(keys) == 1:
        # A single key and a plain value: the mode is told by the value itself,
        # as for a key given as a str.
        return None
    raise ValueError('transform must return a tuple or a dict for the keys {}, got '
                     '{}'.format(keys, type(value).__name__))


def _call(function, mode, values, keys):
    if mode is tuple:
        return function(*values)
    if mode is dict:
        return function(**dict(zip(keys, values)))
    return function(values[0])


class _TransformBase(tabular_dataset.TabularDataset):

    def __init__(self, dataset, keys, function):
        if not callable(function):
            raise TypeError('transform: the function must be callable, got {}'.format(
                type(function).__name__))
        self._single = isinstance(keys, str)
        self._keys = (keys,) if self._single else tuple(keys)
        self._dataset = dataset
        self._function = function
        self._mode = None if self._single else 'unknown'

    def __len__(self):
        return len(self._dataset)

    @property
    def keys(self):
        return self._keys

    @property
    def mode(self):
        if self._mode == 'unknown':
            if len(self) == 0:
                return tuple
            self.get_examples([0], None)
        return self._mode

    def _as_columns(self, out):
        """The output of the function as a tuple of values, one per key."""
        mode = _mode_of(out, self._keys, self._single)
        if self._mode == 'unknown':
            self._mode = mode
        elif mode is not self._mode:
            raise ValueError('transform returned a {} after returning a {}; it must '
                             'always return the same kind'.format(
                                 getattr(mode, '__name__', mode),
                                 getattr(self._mode, '__name__', self._mode)))
        if mode is None:
            return (out,)
        if mode is dict:
            return tuple(out[key] for key in self._keys)
        return tuple(out)

    def convert(self, data):
        return self._dataset.convert(data)


class Transform(_TransformBase):
    """A dataset that transforms each example of another one."""

    def get_examples(self, indices, key_indices):
        base = self._dataset
        columns = base.get_examples(indices, None)
        n = _util.indices_length(indices, len(base))
        in_mode, in_keys = base.mode, base.keys
        out_columns = [[] for _ in self._keys]
        for values in zip(*columns) if columns else [()] * n:
            out = self._as_columns(_call(self._function, in_mode, values, in_keys))
            for column, value in zip(out_columns, out):
                column.append(value)
        if key_indices is None:
            return tuple(out_columns)
        return tuple(out_columns[i] for i in key_indices)


class TransformBatch(_TransformBase):
    """A dataset that transforms the columns of another one, many examples at
    once."""

    def get_examples(self, indices, key_indices):
        base = self._dataset
        columns = base.get_examples(indices, None)
        n = _util.indices_length(indices, len(base))
        out = self._as_columns(_call(self._function, base.mode, columns, base.keys))
        for key, column in zip(self._keys, out):
            if len(column) != n:
                raise ValueError(
                    'transform_batch returned {} values for the key {!r} from a '
                    'batch of {} examples'.format(len(column), key, n))
        if key_indices is None:
            return tuple(out)
        return tuple(out[i] for i in key_indices)
