import numpy

from chainer.dataset.tabular import _util
from chainer.dataset.tabular import tabular_dataset


class Concat(tabular_dataset.TabularDataset):
    """The examples of several datasets with the same keys, one after another."""

    def __init__(self, *datasets):
        if not datasets:
            raise ValueError('concat: no datasets are given')
        keys = datasets[0].keys
        for dataset in datasets[1:]:
            if dataset.keys != keys:
                raise ValueError('concat: all datasets must have the same keys; got '
                                 '{} and {}'.format(keys, dataset.keys))
        self._datasets = datasets

    def __len__(self):
        return sum(len(dataset) for dataset in self._datasets)

    @property
    def keys(self):
        return self._datasets[0].keys

    @property
    def mode(self):
        return self._datasets[0].mode

    def get_examples(self, indices, key_indices):
        n_columns = len(self.keys) if key_indices is None else len(key_indices)
        wanted = _util.indices_as_array(indices, len(self))
        parts = []
        positions = []
        offset = 0
        for dataset in self._datasets:
            n = len(dataset)
            inside = (wanted >= offset) & (wanted < offset + n)
            if inside.any():
                local = (wanted[inside] - offset).tolist()
                if len(local) == n and local == list(range(n)):
                    local = None
                parts.append(dataset.get_examples(local, key_indices))
                positions.append(numpy.flatnonzero(inside))
            offset += n
        if not parts:
            return tuple([] for _ in range(n_columns))
        if len(parts) == 1:
            return tuple(parts[0])
        order = numpy.argsort(numpy.concatenate(positions), kind='stable')
        columns = []
        for j in range(n_columns):
            pieces = [part[j] for part in parts]
            if all(isinstance(p, numpy.ndarray) for p in pieces):
                columns.append(numpy.concatenate(pieces)[order])
            else:
                joined = [v for p in pieces for v in p]
                columns.append([joined[k] for k in order])
        return tuple(columns)

    def convert(self, data):
        return self._datasets[0].convert(data)
