"""Communicators over MPI (mpi4py): array and object collectives."""
import numpy

from chainermn import _mpi
from chainermn.communicators import _communication_utility
from chainermn.communicators import _memory_utility
from chainermn.communicators import communicator_base

_MiB = 1024 * 1024


def _prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _nbytes(spec):
    shape, dtype, _ = spec
    return _prod(shape) * numpy.dtype(dtype).itemsize


def _as_array_list(data, what):
    """(list of arrays, whether data was a tuple/list)."""
    if isinstance(data, (list, tuple)):
        return [_memory_utility.check_array(a, what) for a in data], True
    return [_memory_utility.check_array(data, what)], False


def _arrays_from_bytes(buf, specs, offsets, on_gpu_ok):
    out = []
    for spec, off in zip(specs, offsets):
        shape, dtype, on_gpu = spec
        dtype = numpy.dtype(dtype)
        a = numpy.frombuffer(buf, dtype=dtype, count=_prod(shape),
                             offset=off).reshape(shape)
        out.append(_memory_utility.from_host(a, on_gpu and on_gpu_ok))
    return tuple(out)


class MpiCommunicatorBase(communicator_base.CommunicatorBase):
    """A communicator whose collectives go through MPI (mpi4py).

    Arrays travel as raw bytes after a small header (shape and dtype) sent as a
    Python object, so any dtype and any shape (empty, 0-d, different on every
    process for the ``v`` variants) can be moved. CuPy arrays are staged
    through host memory, so the MPI library need not be CUDA-aware; the array
    received is on the current GPU when the sender's was on a GPU.

    Args:
        mpi_comm: an mpi4py communicator (``mpi4py.MPI.COMM_WORLD`` for all
            processes).
    """

    def __init__(self, mpi_comm):
        if not _mpi.is_mpi_comm(mpi_comm):
            MPI = _mpi.get_mpi()
            if not isinstance(mpi_comm, MPI.Comm):
                raise TypeError('mpi_comm must be an mpi4py communicator (e.g. '
                                'mpi4py.MPI.COMM_WORLD), got {}'.format(
                                    type(mpi_comm).__name__))
        super().__init__()
        self.mpi_comm = mpi_comm
        self._init_ranks()
        with self.config_scope():
            self.batched_copy = True

    def _init_ranks(self):
        (self._rank, self._intra_rank, self._intra_size, self._inter_rank,
         self._inter_size) = _communication_utility.init_ranks(self.mpi_comm)
        self._size = self.mpi_comm.size

    # -- configuration --------------------------------------------------------

    def set_config(self, name, value=True, **kwargs):
        """Change a configuration value.

        ``batched_copy`` (bool, default True): pack the arrays of a model into
        one buffer for each collective (fewer, larger messages).
        """
        if name == 'batched_copy':
            with self.config_scope():
                self.batched_copy = bool(value)
        else:
            raise ValueError('{} has no configuration named {!r} (it has: {})'.format(
                type(self).__name__, name, ', '.join(sorted(self._configs))))

    # -- layout ---------------------------------------------------------------

    @property
    def rank(self):
        return self._rank

    @property
    def size(self):
        return self._size

    @property
    def intra_rank(self):
        return self._intra_rank

    @property
    def intra_size(self):
        return self._intra_size

    @property
    def inter_rank(self):
        return self._inter_rank

    @property
    def inter_size(self):
        return self._inter_size

    def split(self, color, key):
        """A communicator of the same kind over the processes that give the same
        ``color``, ranked by ``key``; its configuration is copied."""
        sub = type(self).__new__(type(self))
        sub._init_from_split(self, self.mpi_comm.Split(color, key))
        sub._owns_mpi_comm = True
        return sub

    def _init_from_split(self, parent, mpi_comm):
        type(self).__init__(self, mpi_comm)
        for name, value in parent.get_config().items():
            self.set_config(name, value)

    def _check_rank(self, rank, what):
        if not isinstance(rank, (int, numpy.integer)) or isinstance(rank, bool) \
                or not 0 <= rank < self.size:
            raise ValueError('{} must be a rank in [0, {}), got {!r}'.format(
                what, self.size, rank))

    # -- arrays ---------------------------------------------------------------

    def send(self, data, dest, tag=0):
        """Send an array, or a tuple/list of arrays, to ``dest``."""
        self._check_rank(dest, 'dest')
        arrays, is_seq = _as_array_list(data, 'send')
        header = (is_seq, [_memory_utility.array_spec(a) for a in arrays])
        self.mpi_comm.send(header, dest=dest, tag=tag)
        MPI = _mpi.get_mpi()
        for a in arrays:
            h = _memory_utility.to_host(a)
            self.mpi_comm.Send([_memory_utility.byte_view(h), MPI.BYTE],
                               dest=dest, tag=tag)

    def recv(self, source, tag=0):
        """Receive what :meth:`send` sent from ``source``: an array, or a tuple of
        arrays if a tuple or list was sent."""
        self._check_rank(source, 'source')
        is_seq, specs = self.mpi_comm.recv(source=source, tag=tag)
        MPI = _mpi.get_mpi()
        out = []
        for shape, dtype, on_gpu in specs:
            h = numpy.empty(shape, dtype=numpy.dtype(dtype))
            self.mpi_comm.Recv([_memory_utility.byte_view(h), MPI.BYTE],
                               source=source, tag=tag)
            out.append(_memory_utility.from_host(h, on_gpu))
        return tuple(out) if is_seq else out[0]

    def bcast(self, data, max_buf_len=None, root=0):
        """The array of ``root``, on every process (``data`` is ignored elsewhere).

        Args:
            max_buf_len (int): the largest message in bytes (256 MiB by
                default); bigger arrays go in several messages.
        """
        self._check_rank(root, 'root')
        is_root = self.rank == root
        if is_root:
            data = _memory_utility.check_array(data, 'bcast')
            spec = _memory_utility.array_spec(data)
        else:
            spec = None
        spec = self.mpi_comm.bcast(spec, root=root)
        if self.size == 1:
            return data
        shape, dtype, on_gpu = spec
        h = _memory_utility.to_host(data) if is_root else \
            numpy.empty(shape, dtype=numpy.dtype(dtype))
        self._bcast_host(h, root, max_buf_len)
        if is_root:
            return data
        return _memory_utility.from_host(h, on_gpu)

    def _bcast_host(self, h, root, max_buf_len=None):
        MPI = _mpi.get_mpi()
        chunk = max_buf_len or 256 * _MiB
        b = _memory_utility.byte_view(h)
        n = b.size
        if n <= chunk:
            self.mpi_comm.Bcast([b, MPI.BYTE], root=root)
            return
        for start in range(0, n, chunk):
            self.mpi_comm.Bcast([b[start:start + chunk], MPI.BYTE], root=root)

    def gather(self, data, root=0):
        """The arrays of all processes (shapes may differ), as a tuple ordered by
        rank on ``root``; None on the other processes."""
        self._check_rank(root, 'root')
        data = _memory_utility.check_array(data, 'gather')
        MPI = _mpi.get_mpi()
        specs = self.mpi_comm.gather(_memory_utility.array_spec(data), root=root)
        h = _memory_utility.byte_view(_memory_utility.to_host(data))
        if self.rank != root:
            self.mpi_comm.Gatherv([h, MPI.BYTE], None, root=root)
            return None
        counts = [_nbytes(s) for s in specs]
        displs = list(numpy.cumsum([0] + counts[:-1]))
        buf = numpy.empty(sum(counts), dtype=numpy.uint8)
        self.mpi_comm.Gatherv([h, MPI.BYTE], [buf, (counts, displs), MPI.BYTE],
                              root=root)
        return _arrays_from_bytes(buf, specs, displs, True)

    def allgather(self, x):
        """The arrays of all processes (shapes may differ), as a tuple ordered by
        rank, on every process."""
        x = _memory_utility.check_array(x, 'allgather')
        MPI = _mpi.get_mpi()
        specs = self.mpi_comm.allgather(_memory_utility.array_spec(x))
        h = _memory_utility.byte_view(_memory_utility.to_host(x))
        counts = [_nbytes(s) for s in specs]
        displs = list(numpy.cumsum([0] + counts[:-1]))
        buf = numpy.empty(sum(counts), dtype=numpy.uint8)
        self.mpi_comm.Allgatherv([h, MPI.BYTE], [buf, (counts, displs), MPI.BYTE])
        return _arrays_from_bytes(buf, specs, displs, True)

    def scatter(self, xs, root=0):
        """Process ``i`` gets ``xs[i]`` of ``root`` (``xs`` is ignored elsewhere;
        one array per process, shapes may differ)."""
        self._check_rank(root, 'root')
        MPI = _mpi.get_mpi()
        if self.rank == root:
            if not isinstance(xs, (list, tuple)) or len(xs) != self.size:
                raise ValueError('scatter: root needs a list or tuple of {} arrays '
                                 '(one per process), got {!r}'.format(
                                     self.size, type(xs).__name__ if not isinstance(
                                         xs, (list, tuple)) else len(xs)))
            xs = [_memory_utility.check_array(x, 'scatter') for x in xs]
            specs = [_memory_utility.array_spec(x) for x in xs]
        else:
            specs = None
        spec = self.mpi_comm.scatter(specs, root=root)
        recv = numpy.empty(spec[0], dtype=numpy.dtype(spec[1]))
        rview = _memory_utility.byte_view(recv)
        if self.rank == root:
            pieces = [_memory_utility.byte_view(_memory_utility.to_host(x))
                      for x in xs]
            counts = [p.size for p in pieces]
            displs = list(numpy.cumsum([0] + counts[:-1]))
            sendbuf = numpy.concatenate(pieces) if pieces else \
                numpy.empty(0, numpy.uint8)
            self.mpi_comm.Scatterv([sendbuf, (counts, displs), MPI.BYTE],
                                   [rview, MPI.BYTE], root=root)
        else:
            self.mpi_comm.Scatterv(None, [rview, MPI.BYTE], root=root)
        return _memory_utility.from_host(recv, spec[2])

    def alltoall(self, xs):
        """Send ``xs[i]`` to process ``i`` (one array per process, any shapes);
        returns the tuple of the arrays received, ordered by sender."""
        if not isinstance(xs, (list, tuple)) or len(xs) != self.size:
            raise ValueError('alltoall needs a list or tuple of {} arrays (one per '
                             'process), got {}'.format(
                                 self.size, len(xs) if isinstance(xs, (list, tuple))
                                 else type(xs).__name__))
        MPI = _mpi.get_mpi()
        xs = [_memory_utility.check_array(x, 'alltoall') for x in xs]
        send_specs = [_memory_utility.array_spec(x) for x in xs]
        recv_specs = self.mpi_comm.alltoall(send_specs)
        pieces = [_memory_utility.byte_view(_memory_utility.to_host(x)) for x in xs]
        scounts = [p.size for p in pieces]
        sdispls = list(numpy.cumsum([0] + scounts[:-1]))
        sendbuf = numpy.concatenate(pieces)
        rcounts = [_nbytes(s) for s in recv_specs]
        rdispls = list(numpy.cumsum([0] + rcounts[:-1]))
        recvbuf = numpy.empty(sum(rcounts), dtype=numpy.uint8)
        self.mpi_comm.Alltoallv([sendbuf, (scounts, sdispls), MPI.BYTE],
                                [recvbuf, (rcounts, rdispls), MPI.BYTE])
        return _arrays_from_bytes(recvbuf, recv_specs, rdispls, True)

    def allreduce(self, data):
        """The elementwise sum of the arrays of all processes (same shape and
        dtype everywhere), on every process. float16 is summed in float32."""
        data = _memory_utility.check_array(data, 'allreduce')
        MPI = _mpi.get_mpi()
        on_gpu = _memory_utility.is_cupy_array(data)
        h = _memory_utility.to_host(data)
        dtype = h.dtype
        if dtype == numpy.float16:
            h = h.astype(numpy.float32)
        elif dtype == numpy.bool_:
            h = h.astype(numpy.int32)
        out = numpy.empty_like(h)
        self.mpi_comm.Allreduce(h, out, op=MPI.SUM)
        if out.dtype != dtype:
            out = out.astype(dtype)
        return _memory_utility.from_host(out, on_gpu)

    # -- Python objects -------------------------------------------------------

    def send_obj(self, obj, dest, tag=0):
        """Send a picklable object to ``dest``."""
        self._check_rank(dest, 'dest')
        self.mpi_comm.send(obj, dest=dest, tag=tag)

    def recv_obj(self, source, status=None, tag=None):
        """Receive an object from ``source`` (any tag unless ``tag`` is given;
        an ``mpi4py.MPI.Status`` passed as ``status`` is filled in)."""
        MPI = _mpi.get_mpi()
        if tag is None:
            tag = MPI.ANY_TAG
        return self.mpi_comm.recv(source=source, tag=tag, status=status)

    def bcast_obj(self, obj, max_buf_len=256 * _MiB, root=0):
        """The object of ``root``, on every process, pickled and sent in messages
        of at most ``max_buf_len`` bytes."""
        self._check_rank(root, 'root')
        return _communication_utility.chunked_bcast_obj(
            obj, self.mpi_comm, max_buf_len=max_buf_len, root=root)

    def gather_obj(self, obj, root=0):
        """The objects of all processes as a list on ``root`` (None elsewhere)."""
        self._check_rank(root, 'root')
        return self.mpi_comm.gather(obj, root=root)

    def allreduce_obj(self, obj):
        """The sum (with ``+``) of the objects of all processes, everywhere."""
        MPI = _mpi.get_mpi()
        return self.mpi_comm.allreduce(obj, op=MPI.SUM)

    # -- models ---------------------------------------------------------------

    def bcast_data(self, model):
        """Copy every initialized parameter of ``model`` from rank 0 to all
        processes, in place (the arrays keep their identity)."""
        params = [p for _, p in _memory_utility.named_params(model)]
        if self.size == 1 or not params:
            return
        if self.batched_copy:
            groups = {}
            for p in params:
                groups.setdefault(numpy.dtype(p.dtype), []).append(p)
            for dtype in sorted(groups, key=str):
                group = groups[dtype]
                total = sum(p.size for p in group)
                buf = numpy.empty(total, dtype=dtype)
                if self.rank == 0:
                    off = 0
                    for p in group:
                        buf[off:off + p.size] = _memory_utility.to_host(
                            p.array).reshape(-1)
                        off += p.size
                self._bcast_host(buf, 0)
                if self.rank != 0:
                    off = 0
                    for p in group:
                        _copy_into(p.array, buf[off:off + p.size].reshape(p.shape))
                        off += p.size
        else:
            for p in params:
                h = _memory_utility.to_host(p.array) if self.rank == 0 else \
                    numpy.empty(p.shape, dtype=p.dtype)
                self._bcast_host(h, 0)
                if self.rank != 0:
                    _copy_into(p.array, h)

    def finalize(self):
        """Release what the communicator keeps between calls. A communicator made
        by :meth:`split` also frees its MPI communicator (it cannot be used
        afterwards); others stay usable."""
        if self.__dict__.get('_owns_mpi_comm') and self.mpi_comm is not None:
            self.mpi_comm.Free()
            self.mpi_comm = None


def _copy_into(dst, host):
    if _memory_utility.is_cupy_array(dst):
        dst.set(numpy.ascontiguousarray(host))
    else:
        numpy.copyto(dst, host)
