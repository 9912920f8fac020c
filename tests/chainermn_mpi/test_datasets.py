"""scatter_dataset and scatter_index, checked on every rank."""
import numpy
import pytest

import chainer

import chainermn
from chainermn.datasets.scatter import _scatter_index


def _gather_parts(comm, part):
    return comm.mpi_comm.allgather([tuple(numpy.atleast_1d(e).tolist()) if
                                    isinstance(e, tuple) else
                                    numpy.asarray(e).tolist() for e in part[:]])


@pytest.mark.parametrize('n', [0, 1, 5, 17])
@pytest.mark.parametrize('shuffle', [False, True])
@pytest.mark.parametrize('force_equal_length', [True, False])
@pytest.mark.parametrize('root', [0, 1])
def test_scatter_dataset(comm, n, shuffle, force_equal_length, root):
    data = numpy.arange(n) * 3 if comm.rank == root else None
    part = chainermn.scatter_dataset(data, comm, root=root, shuffle=shuffle, seed=4,
                                     force_equal_length=force_equal_length)
    assert isinstance(part, chainer.datasets.SubDataset)
    parts = _gather_parts(comm, part)
    lengths = [len(p) for p in parts]
    size = comm.size
    if force_equal_length:
        assert len(set(lengths)) == 1
        assert lengths[0] == -(-n // size)        # ceil(n / size)
    else:
        assert sum(lengths) == n and max(lengths) - min(lengths) <= 1
    joined = [x for p in parts for x in p]
    assert set(joined) == set(range(0, 3 * n, 3))
    if not shuffle and not force_equal_length:
        assert joined == list(range(0, 3 * n, 3))   # contiguous, in order


def test_scatter_tuple_dataset_and_list(comm):
    if comm.rank == 0:
        x = numpy.arange(20, dtype=numpy.float32).reshape(10, 2)
        t = numpy.arange(10, dtype=numpy.int32)
        data = chainer.datasets.TupleDataset(x, t)
    else:
        data = None
    part = chainermn.scatter_dataset(data, comm, shuffle=True, seed=0,
                                     max_buf_len=64)
    for x, t in part:
        assert x.dtype == numpy.float32 and t.dtype == numpy.int32
        numpy.testing.assert_array_equal(x, [2 * t, 2 * t + 1])
    labels = comm.mpi_comm.allgather([int(t) for _, t in part])
    assert set(sum(labels, [])) == set(range(10))

    words = ['w{}'.format(i) for i in range(7)] if comm.rank == 0 else None
    part = chainermn.scatter_dataset(words, comm, force_equal_length=False)
    got = comm.mpi_comm.allgather(list(part))
    assert sum(got, []) == ['w{}'.format(i) for i in range(7)]


def test_scatter_dataset_needs_the_dataset_on_root(comm):
    if comm.rank == 0:
        with pytest.raises(ValueError, match='root process'):
            chainermn.scatter_dataset(None, comm)


@pytest.mark.parametrize('n', [0, 3, 10, 11])
@pytest.mark.parametrize('force_equal_length', [True, False])
def test_scatter_index(comm, n, force_equal_length):
    b, e = chainermn.scatter_index(n if comm.rank == 0 else None, comm,
                                   force_equal_length=force_equal_length)
    ranges = comm.mpi_comm.allgather((b, e))
    expected = [(b_, e_) for _, b_, e_ in _scatter_index(n, comm.size,
                                                         force_equal_length)]
    assert ranges == expected
    covered = set()
    for b_, e_ in ranges:
        assert 0 <= b_ <= e_ <= n
        covered |= set(range(b_, e_))
    assert covered == set(range(n))
