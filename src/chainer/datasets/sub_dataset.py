"""SubDataset and the functions that split a dataset into parts."""
import numbers

import numpy

from chainer.dataset import dataset_mixin
from chainer.utils import argument


class SubDataset(dataset_mixin.DatasetMixin):
    """A contiguous part of a base dataset, optionally through a permutation.

    Example ``i`` of the subset is example ``start + i`` of the base dataset, or
    ``order[start + i]`` if ``order`` is given; negative ``i`` counts from
    ``finish``. Splitting into training and validation sets is its typical use
    (see :func:`split_dataset` and :func:`get_cross_validation_datasets`).

    Args:
        dataset: the base dataset.
        start (int): the first position (inclusive) of the subset.
        finish (int): the last position (exclusive) of the subset.
        order (sequence of ints): a permutation of the base dataset's indices
            (its length must be the dataset's), or None for the identity.
    """

    def __init__(self, dataset, start, finish, order=None):
        n = len(dataset)
        if start < 0 or finish > n:
            raise ValueError('SubDataset: subset [{}, {}) overruns the base dataset of '
                             'length {}'.format(start, finish, n))
        if finish < start:
            raise ValueError('SubDataset: finish ({}) must not be less than start '
                             '({})'.format(finish, start))
        if order is not None and len(order) != n:
            raise ValueError('SubDataset: order option must have the same length as '
                             'the base dataset ({}), got {}'.format(n, len(order)))
        self._dataset = dataset
        self._start = start
        self._finish = finish
        self._size = finish - start
        self._order = order

    def __len__(self):
        return self._size

    def get_example(self, i):
        if i >= 0:
            if i >= self._size:
                raise IndexError('dataset index {} out of range for a subset of length '
                                 '{}'.format(i, self._size))
            index = self._start + i
        else:
            if i < -self._size:
                raise IndexError('dataset index {} out of range for a subset of length '
                                 '{}'.format(i, self._size))
            index = self._finish + i
        if self._order is not None:
            index = self._order[index]
        return self._dataset[index]


def _check_int(value, name):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError('{} must be an int, got {} of type {}'.format(
            name, value, type(value).__name__))
    return int(value)


def split_dataset(dataset, split_at, order=None):
    """Split a dataset into two subsets at ``split_at``.

    Args:
        dataset: the dataset to split.
        split_at (int): the number of examples in the first subset
            (0 <= split_at <= len(dataset)).
        order (sequence of ints): a permutation of the indices applied before
            splitting, or None.

    Returns:
        tuple: two :class:`SubDataset` objects, ``[0, split_at)`` and
        ``[split_at, len(dataset))``.
    """
    split_at = _check_int(split_at, 'split_at')
    n = len(dataset)
    if split_at < 0:
        raise ValueError('split_at must be non-negative, got {}'.format(split_at))
    if split_at > n:
        raise ValueError('split_at ({}) exceeds the dataset size ({})'.format(
            split_at, n))
    return (SubDataset(dataset, 0, split_at, order),
            SubDataset(dataset, split_at, n, order))


def split_dataset_random(dataset, first_size, seed=None):
    """Split a dataset into two subsets at random.

    The examples are permuted by ``numpy.random.RandomState(seed)`` and split at
    ``first_size``; with the same integer seed the split is always the same.

    Args:
        dataset: the dataset to split.
        first_size (int): the size of the first subset.
        seed (int): the seed of the permutation, or None for a random one.

    Returns:
        tuple: two :class:`SubDataset` objects.
    """
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return split_dataset(dataset, first_size, order)


def split_dataset_n(dataset, n, order=None):
    """Split a dataset into ``n`` subsets of equal size.

    Each subset has ``len(dataset) // n`` examples; the remaining
    ``len(dataset) % n`` examples at the end are left out.

    Args:
        dataset: the dataset to split.
        n (int): the number of subsets (positive).
        order (sequence of ints): a permutation applied before splitting.

    Returns:
        list: ``n`` :class:`SubDataset` objects.
    """
    n = _check_int(n, 'n')
    if n <= 0:
        raise ValueError('n must be positive, got {}'.format(n))
    sub_size = len(dataset) // n
    return [SubDataset(dataset, sub_size * i, sub_size * (i + 1), order)
            for i in range(n)]


def split_dataset_n_random(dataset, n, seed=None):
    """Split a dataset into ``n`` subsets of equal size at random.

    Like :func:`split_dataset_n` with a random permutation from
    ``numpy.random.RandomState(seed)``.
    """
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return split_dataset_n(dataset, n, order)


def get_cross_validation_datasets(dataset, n_folds=None, order=None, **kwargs):
    """Make ``n_folds`` training/test splits for cross validation.

    The (optionally permuted) dataset is cut into ``n_folds`` contiguous folds
    whose sizes differ by at most one (the first ``len(dataset) % n_folds`` folds
    have one more example). Split ``i`` tests on fold ``i`` and trains on all the
    others; the test sets are disjoint and cover the whole dataset.

    Args:
        dataset: the dataset to split.
        n_folds (int): the number of folds (``n_fold`` is accepted as its old,
            deprecated name).
        order (sequence of ints): a permutation of the indices, or None.

    Returns:
        list of tuples: ``(train, test)`` pairs of :class:`SubDataset`.
    """
    n_fold, = argument.parse_kwargs(kwargs, ('n_fold', None))
    if n_fold is not None:
        if n_folds is not None:
            raise TypeError('get_cross_validation_datasets: give n_folds or the '
                            'deprecated n_fold, not both')
        n_folds = n_fold
    if n_folds is None:
        raise TypeError('get_cross_validation_datasets: n_folds is required')
    n_folds = _check_int(n_folds, 'n_folds')
    n = len(dataset)
    if n_folds <= 0 or n_folds > max(n, 1):
        raise ValueError('n_folds must be between 1 and the dataset size ({}), got '
                         '{}'.format(n, n_folds))
    if order is None:
        order = numpy.arange(n)
    else:
        order = numpy.array(order, copy=True)
        if len(order) != n:
            raise ValueError('order must have the length of the dataset ({}), got '
                             '{}'.format(n, len(order)))
    base, extra = divmod(n, n_folds)
    sizes = [base + (1 if i < extra else 0) for i in range(n_folds)]
    splits = []
    start = 0
    for size in sizes:
        # Rotate the order so that this fold comes last: the training subset is
        # then the contiguous range before it.
        rotated = numpy.concatenate([order[start + size:], order[:start + size]])
        train = SubDataset(dataset, 0, n - size, rotated)
        test = SubDataset(dataset, n - size, n, rotated)
        splits.append((train, test))
        start += size
    return splits


def get_cross_validation_datasets_random(dataset, n_folds, seed=None, **kwargs):
    """Make ``n_folds`` training/test splits for cross validation at random.

    Like :func:`get_cross_validation_datasets` with a random permutation from
    ``numpy.random.RandomState(seed)``.
    """
    n_fold, = argument.parse_kwargs(kwargs, ('n_fold', None))
    if n_fold is not None:
        n_folds = n_fold
    order = numpy.random.RandomState(seed).permutation(len(dataset))
    return get_cross_validation_datasets(dataset, n_folds, order)
