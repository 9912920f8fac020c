import numbers

from chainer.dataset.tabular import _util
from chainer.dataset.tabular import tabular_dataset


def _key_index(keys, key):
    if isinstance(key, str):
        if key not in keys:
            raise KeyError('{!r} is not a key of the dataset (keys: {})'.format(
                key, keys))
        return keys.index(key)
    if isinstance(key, numbers.Integral) and not isinstance(key, bool):
        if not -len(keys) <= key < len(keys):
            raise IndexError('key index {} is out of range for {} keys'.format(
                key, len(keys)))
        return int(key) % len(keys)
    raise TypeError('A key must be a str or an int, got {}'.format(
        type(key).__name__))


class Slice(tabular_dataset.TabularDataset):
    """A view of some examples and some columns of a dataset."""

    def __init__(self, dataset, indices, key_indices, mode):
        self._dataset = dataset
        self._indices = _util.normalize_indices(indices, len(dataset))
        self._key_indices = key_indices
        self._mode = mode

    def __len__(self):
        if isinstance(self._indices, slice):
            return len(_util.slice_range(self._indices))
        return len(self._indices)

    @property
    def keys(self):
        base = self._dataset.keys
        if self._key_indices is None:
            return base
        return tuple(base[i] for i in self._key_indices)

    @property
    def mode(self):
        return self._mode

    def get_examples(self, indices, key_indices):
        base_indices = _util.compose_indices(
            self._indices, indices, len(self._dataset))
        if key_indices is None:
            base_keys = self._key_indices
        elif self._key_indices is None:
            base_keys = tuple(key_indices)
        else:
            base_keys = tuple(self._key_indices[i] for i in key_indices)
        return self._dataset.get_examples(base_indices, base_keys)

    def convert(self, data):
        return self._dataset.convert(data)


class SliceHelper(object):
    """``dataset.slice[indices]`` or ``dataset.slice[indices, keys]``."""

    def __init__(self, dataset):
        self._dataset = dataset

    def __getitem__(self, args):
        dataset = self._dataset
        if isinstance(args, tuple) and len(args) == 2:
            indices, keys = args
        elif isinstance(args, tuple):
            raise IndexError('slice[...] takes indices, or indices and keys; got {} '
                             'items'.format(len(args)))
        else:
            indices, keys = args, None
        if _util.is_integer(indices):
            raise TypeError('slice[...] selects many examples: give a slice or a list '
                            'of indices, not the integer {}'.format(indices))
        mode = dataset.mode
        if keys is None:
            key_indices = None
        elif isinstance(keys, (tuple, list)):
            key_indices = tuple(_key_index(dataset.keys, key) for key in keys)
            if mode is None:
                mode = tuple
        else:
            key_indices = (_key_index(dataset.keys, keys),)
            mode = None
        return Slice(dataset, indices, key_indices, mode)
