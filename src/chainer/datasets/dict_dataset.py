"""DictDataset: examples that are dicts of the examples of several datasets."""
from chainer.datasets import _util


class DictDataset(object):
    """Dataset of dicts from several named datasets of the same length.

    ``DictDataset(x=xs, y=ys)[i]`` is ``{'x': xs[i], 'y': ys[i]}``. Indexing by a
    slice, a list or an array of indices gives a list of such dicts.

    Args:
        datasets: the underlying datasets, by name; all must have the same length.
    """

    def __init__(self, **datasets):
        if not datasets:
            raise ValueError('DictDataset: no datasets are given')
        length = None
        for key, dataset in datasets.items():
            if length is None:
                length = len(dataset)
            elif len(dataset) != length:
                raise ValueError(
                    'DictDataset: dataset of key {!r} has a wrong length: {} (expected '
                    '{})'.format(key, len(dataset), length))
        self._datasets = datasets
        self._length = length

    def __getitem__(self, index):
        batches = {key: _util.take(dataset, index)
                   for key, dataset in self._datasets.items()}
        if _util.is_batch_index(index):
            keys = list(batches.keys())
            return [dict(zip(keys, values))
                    for values in zip(*[batches[k] for k in keys])]
        return batches

    def __len__(self):
        return self._length
