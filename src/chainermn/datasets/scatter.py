"""Splitting a dataset (or its index range) among the processes."""
import numpy

import chainer.datasets

from chainermn.communicators import _communication_utility


class DataSizeError(RuntimeError):
    """The dataset cannot be split as asked (e.g. too large to send)."""
    pass


def _scatter_index(n_total_samples, size, force_equal_length):
    """Yield ``(rank, begin, end)`` for every rank.

    The ranges are contiguous and as equal as possible. With
    ``force_equal_length`` every range has ``ceil(n / size)`` elements: a
    shorter one starts earlier, overlapping the range before it (so some
    examples are used twice, none is left out).
    """
    if n_total_samples < 0:
        raise ValueError('n_total_samples must be non-negative, got {}'.format(
            n_total_samples))
    if size <= 0:
        raise ValueError('size must be positive, got {}'.format(size))
    q, r = divmod(n_total_samples, size)
    longest = q + (1 if r else 0)
    begin = 0
    for rank in range(size):
        end = begin + q + (1 if rank < r else 0)
        if force_equal_length and end - begin < longest:
            start = max(end - longest, 0)
            yield rank, start, start + longest
        else:
            yield rank, begin, end
        begin = end


def scatter_index(n_total_samples, comm, root=0, *, force_equal_length=True):
    """The range of example indices this process should use.

    ``root`` splits ``range(n_total_samples)`` into ``comm.size`` contiguous
    ranges of almost equal length and sends each process its own. Use it
    instead of :func:`scatter_dataset` when every process can read the data
    itself (e.g. from a shared file system).

    Args:
        n_total_samples (int): the number of examples (read on ``root``).
        comm: the ChainerMN communicator.
        root (int): the process that decides.
        force_equal_length (bool): make all ranges equally long (some examples
            are then given to two processes); else they differ by at most one
            and do not overlap.

    Returns:
        tuple: ``(begin, end)`` of this process's range.
    """
    if comm.rank == root:
        ranges = [None] * comm.size
        for rank, b, e in _scatter_index(int(n_total_samples), comm.size,
                                         force_equal_length):
            ranges[rank] = (b, e)
    else:
        ranges = None
    return comm.mpi_comm.scatter(ranges, root=root)


def _take(dataset, b, e, order):
    """Examples ``b..e`` (through ``order``) as a small dataset of their own."""
    if order is None:
        indices = numpy.arange(b, e)
    else:
        indices = numpy.asarray(order[b:e])
    if isinstance(dataset, numpy.ndarray):
        return dataset[indices]
    if isinstance(dataset, chainer.datasets.TupleDataset):
        parts = dataset._datasets
        if all(isinstance(p, numpy.ndarray) for p in parts):
            return chainer.datasets.TupleDataset(*[p[indices] for p in parts])
    if order is None and isinstance(dataset, (list, tuple)):
        return list(dataset[b:e])
    return [dataset[int(i)] for i in indices]


def scatter_dataset(dataset, comm, root=0, shuffle=False, seed=None,
                    max_buf_len=256 * 1024 * 1024, *, force_equal_length=True):
    """Split the dataset of ``root`` among all processes.

    The dataset given on ``root`` is cut into ``comm.size`` parts of (almost)
    equal length, one per process; the datasets given on the other processes
    are ignored (pass None). Each process receives only its own examples, so
    memory and traffic do not grow with the number of processes.

    Args:
        dataset: the dataset (on ``root``).
        comm: the ChainerMN communicator.
        root (int): the process that holds the dataset.
        shuffle (bool): assign the examples in a random order.
        seed (int): seed of that order (random if None).
        max_buf_len (int): the largest message, in bytes; bigger parts are sent
            in pieces.
        force_equal_length (bool): give every process the same number of
            examples (some are then used by two processes, as
            :func:`scatter_index` explains); else the lengths differ by at most
            one.

    Returns:
        chainer.datasets.SubDataset: this process's part.
    """
    mpi_comm = comm.mpi_comm
    if comm.rank == root:
        if dataset is None:
            raise ValueError('scatter_dataset: the root process (rank {}) must give '
                             'the dataset, got None'.format(root))
        n = len(dataset)
        order = None
        if shuffle:
            order = numpy.random.RandomState(seed).permutation(n)
        mine = None
        for rank, b, e in _scatter_index(n, comm.size, force_equal_length):
            part = _take(dataset, b, e, order)
            if rank == root:
                mine = part
            else:
                _communication_utility.chunked_send_obj(
                    part, mpi_comm, rank, tag=0, max_buf_len=max_buf_len)
    else:
        mine = _communication_utility.chunked_recv_obj(
            mpi_comm, root, tag=0, max_buf_len=max_buf_len)
    return chainer.datasets.SubDataset(mine, 0, len(mine))
