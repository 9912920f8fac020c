"""ConcatenatedDataset: several datasets one after another."""
import bisect

from chainer.dataset import dataset_mixin


class ConcatenatedDataset(dataset_mixin.DatasetMixin):
    """Dataset of the examples of several datasets, one dataset after another.

    With a dataset of 10 examples and one of 20, the concatenation has 30: the
    examples 0..9 are the first dataset's, 10..29 the second's.

    Args:
        datasets: the underlying datasets (with ``__len__`` and ``__getitem__``).
    """

    def __init__(self, *datasets):
        self._datasets = datasets
        self._compute_offsets()

    def _compute_offsets(self):
        self._offsets = []
        total = 0
        for dataset in self._datasets:
            self._offsets.append(total)
            total += len(dataset)
        self._length = total

    def __getstate__(self):
        # Chainer 7.8.1 pickles only the datasets; the offsets are recomputed.
        return {'_datasets': self._datasets}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._compute_offsets()

    def __len__(self):
        return self._length

    def get_example(self, i):
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError('dataset index {} is out of range for a dataset of '
                             'length {}'.format(i, self._length))
        which = bisect.bisect_right(self._offsets, i) - 1
        # Skip over empty datasets that share the offset.
        while len(self._datasets[which]) <= i - self._offsets[which]:
            which += 1
        return self._datasets[which][i - self._offsets[which]]
