"""Helpers shared by the communicators: rank layout and chunked transfers."""
import pickle

import numpy

from chainermn import _mpi

#: The largest count one MPI call takes with a plain ``int`` argument.
INT_MAX = 2 ** 31 - 1

_DEFAULT_MAX_BUF_LEN = 256 * 1024 * 1024


def init_ranks(mpi_comm):
    """Where this process sits among the nodes.

    Processes that share memory (``MPI_COMM_TYPE_SHARED``) form a node. Nodes
    are numbered in the order of their lowest global rank.

    Returns:
        list: ``[global_rank, intra_rank, intra_size, inter_rank, inter_size]``.
    """
    MPI = _mpi.get_mpi()
    global_rank = mpi_comm.rank
    local = mpi_comm.Split_type(MPI.COMM_TYPE_SHARED, key=global_rank)
    try:
        intra_rank = local.rank
        intra_size = local.size
        leader = local.bcast(global_rank, root=0)
    finally:
        local.Free()
    leaders = sorted(set(mpi_comm.allgather(leader)))
    return [global_rank, intra_rank, intra_size, leaders.index(leader),
            len(leaders)]


def _check_max_buf_len(max_buf_len):
    assert 0 < max_buf_len < INT_MAX, (
        'max_buf_len must be in (0, {}), got {}'.format(INT_MAX, max_buf_len))


def chunked_bcast_obj(obj, mpi_comm, max_buf_len=_DEFAULT_MAX_BUF_LEN, root=0):
    """Broadcast a picklable object of any size in chunks of ``max_buf_len`` bytes.

    Args:
        obj: the object (used on ``root`` only).
        mpi_comm: an mpi4py communicator.
        max_buf_len (int): the largest message, in bytes (``0 < max_buf_len <
            INT_MAX``; an ``AssertionError`` says so otherwise).
        root (int): the rank that holds ``obj``.

    Returns:
        The object, on every rank.
    """
    _check_max_buf_len(max_buf_len)
    MPI = _mpi.get_mpi()
    if mpi_comm.rank == root:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        n = len(data)
    else:
        data = None
        n = None
    n = mpi_comm.bcast(n, root=root)
    if mpi_comm.rank == root:
        if mpi_comm.size == 1:
            return obj
        buf = memoryview(data)
    else:
        buf = memoryview(bytearray(n))
    for start in range(0, n, max_buf_len):
        end = min(start + max_buf_len, n)
        mpi_comm.Bcast([buf[start:end], MPI.BYTE], root=root)
    if mpi_comm.rank == root:
        return obj
    return pickle.loads(buf)


def chunked_send_obj(obj, mpi_comm, dest, tag=0, max_buf_len=_DEFAULT_MAX_BUF_LEN):
    """Send a picklable object of any size to ``dest`` in chunks."""
    _check_max_buf_len(max_buf_len)
    MPI = _mpi.get_mpi()
    data = memoryview(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    n = len(data)
    mpi_comm.send(n, dest=dest, tag=tag)
    for start in range(0, n, max_buf_len):
        end = min(start + max_buf_len, n)
        mpi_comm.Send([data[start:end], MPI.BYTE], dest=dest, tag=tag)


def chunked_recv_obj(mpi_comm, source, tag=0, max_buf_len=_DEFAULT_MAX_BUF_LEN):
    """Receive an object sent by :func:`chunked_send_obj`."""
    _check_max_buf_len(max_buf_len)
    MPI = _mpi.get_mpi()
    n = mpi_comm.recv(source=source, tag=tag)
    buf = memoryview(bytearray(n))
    for start in range(0, n, max_buf_len):
        end = min(start + max_buf_len, n)
        mpi_comm.Recv([buf[start:end], MPI.BYTE], source=source, tag=tag)
    return pickle.loads(buf)


def _get_nccl_type_id(dtype):
    """The NCCL data type constant of a NumPy dtype (float16/32/64)."""
    from chainermn import nccl
    nccl_module = nccl._get_nccl()
    dtype = numpy.dtype(dtype)
    table = {
        numpy.dtype(numpy.float16): nccl_module.NCCL_FLOAT16,
        numpy.dtype(numpy.float32): nccl_module.NCCL_FLOAT32,
        numpy.dtype(numpy.float64): nccl_module.NCCL_FLOAT64,
    }
    if dtype not in table:
        raise ValueError('NCCL communication supports float16, float32 and float64, '
                         'got {}'.format(dtype))
    return table[dtype]
