"""Single-process parts of chainermn.datasets."""
import itertools

import numpy
import pytest

from chainermn.datasets import create_empty_dataset
from chainermn.datasets.scatter import _scatter_index


def test_scatter_index_splits_contiguously():
    assert list(_scatter_index(10, 3, False)) == [(0, 0, 4), (1, 4, 7), (2, 7, 10)]
    # Equal length: the short ranges start earlier, overlapping their neighbour.
    assert list(_scatter_index(10, 3, True)) == [(0, 0, 4), (1, 3, 7), (2, 6, 10)]
    assert list(_scatter_index(1, 3, True)) == [(0, 0, 1), (1, 0, 1), (2, 0, 1)]
    assert list(_scatter_index(0, 2, True)) == [(0, 0, 0), (1, 0, 0)]


@pytest.mark.parametrize('n,size', [(10, 3), (1244, 23), (2, 1), (5, 7), (0, 4)])
def test_scatter_index_covers_everything_once(n, size):
    ranges = list(_scatter_index(n, size, False))
    assert [r for r, _, _ in ranges] == list(range(size))
    pieces = [list(range(b, e)) for _, b, e in ranges]
    assert sorted(sum(pieces, [])) == list(range(n))
    for a, b in itertools.combinations(pieces, 2):
        assert set(a).isdisjoint(b) and abs(len(a) - len(b)) <= 1


@pytest.mark.parametrize('n,size', [(10, 3), (1244, 23), (5, 7)])
def test_scatter_index_equal_length(n, size):
    ranges = list(_scatter_index(n, size, True))
    lengths = {e - b for _, b, e in ranges}
    assert lengths == {-(-n // size)}
    assert set().union(*[set(range(b, e)) for _, b, e in ranges]) == set(range(n))


def test_scatter_index_rejects_bad_sizes():
    with pytest.raises(ValueError, match='non-negative'):
        list(_scatter_index(-1, 2, True))
    with pytest.raises(ValueError, match='positive'):
        list(_scatter_index(3, 0, True))


@pytest.mark.parametrize('dataset', [[], [0], list(range(7)), numpy.arange(12)])
def test_create_empty_dataset(dataset):
    empty = create_empty_dataset(dataset)
    assert len(empty) == len(dataset)
    assert all(empty[i] == () for i in range(len(dataset)))
