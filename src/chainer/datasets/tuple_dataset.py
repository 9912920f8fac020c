"""TupleDataset: examples that are tuples of the examples of several datasets."""
from chainer.datasets import _util


class TupleDataset(object):
    """Dataset of tuples from several datasets of the same length.

    ``TupleDataset(x, y)[i]`` is ``(x[i], y[i])``. Indexing by a slice, a list
    or an array of indices gives a list of such tuples.

    Args:
        datasets: the underlying datasets (arrays, lists or any datasets); all
            must have the same length.
    """

    def __init__(self, *datasets):
        if not datasets:
            raise ValueError('TupleDataset: no datasets are given')
        length = len(datasets[0])
        for i, dataset in enumerate(datasets):
            if len(dataset) != length:
                raise ValueError(
                    'TupleDataset: dataset of the index {} has a wrong length: {} '
                    '(the first dataset has length {})'.format(i, len(dataset), length))
        self._datasets = datasets
        self._length = length

    def __getitem__(self, index):
        batches = [_util.take(dataset, index) for dataset in self._datasets]
        if _util.is_batch_index(index):
            return list(zip(*batches))
        return tuple(batches)

    def __len__(self):
        return self._length
