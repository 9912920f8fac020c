"""NaiveCommunicator: gradients averaged with MPI on host memory."""
import weakref

import numpy

import chainer

from chainermn import _mpi
from chainermn.communicators import _gradient_buffers
from chainermn.communicators import _memory_utility
from chainermn.communicators import mpi_communicator_base

# One MPI call takes at most INT_MAX elements; stay well below it.
_MAX_ELEMENTS_PER_CALL = 2 ** 30

# A gradient of at least this many bytes, in a dtype MPI sums as it is
# (float32, float64), is averaged where it lies: scaled by 1 / size in place
# and summed by an in-place MPI_Allreduce of its own. Copying it into a packed
# buffer would cost a memory pass of its own (reading it and writing the
# buffer costs twice what scaling in place does), while one more allreduce
# call costs a fixed ~0.05 ms (MPICH, shared memory: 0.04 ms + 0.12 ms per
# MB); past ~1.5 MB the separate call is the cheaper. The smaller gradients
# are packed together into one buffer per dtype, so that they cost one call.
_IN_PLACE_MIN_BYTES = 2 * 1024 * 1024


def allreduce_in_place(mpi_comm, buf):
    """Sum a C-contiguous NumPy array over all processes, in place."""
    MPI = _mpi.get_mpi()
    n = buf.size
    if n <= _MAX_ELEMENTS_PER_CALL:
        mpi_comm.Allreduce(MPI.IN_PLACE, buf, op=MPI.SUM)
        return
    flat = buf.reshape(-1)
    for start in range(0, n, _MAX_ELEMENTS_PER_CALL):
        mpi_comm.Allreduce(MPI.IN_PLACE, flat[start:start + _MAX_ELEMENTS_PER_CALL],
                           op=MPI.SUM)


def _memory_owner(a):
    """The object that owns the memory of the NumPy array ``a``."""
    base = a.base
    while base is not None:
        a = base
        base = a.base if isinstance(a, numpy.ndarray) else None
    return a


def _host(g):
    """A gradient as a NumPy array (CuPy arrays are copied to the host)."""
    return g if isinstance(g, numpy.ndarray) else g.get()


def _set_result(p, g, result, owned):
    """Make the averaged ``result`` (host memory, communication dtype) the
    gradient of ``p``, whose gradient was ``g`` before the call.

    It is copied into ``g`` when that is a writeable NumPy array (an update in
    place, as Chainer's communicators make); otherwise the parameter gets a
    new array of its dtype (on its GPU when it lives there). ``owned`` says
    that ``result`` may be handed over as it is (it is no buffer of ours).
    """
    if isinstance(g, numpy.ndarray) and g.flags.writeable:
        numpy.copyto(g, result, casting='same_kind')
    elif _memory_utility.is_cupy_array(p.array):
        from chainer.backends import cuda
        p.grad = cuda.to_gpu(result.astype(p.dtype, copy=False),
                             device=p.array.device)
    elif owned and result.dtype == p.dtype:
        p.grad = result
    else:
        p.grad = numpy.array(result, dtype=p.dtype)


class _Plan(object):
    """How the gradients of one model are averaged.

    It depends only on the names, shapes and dtypes of the parameters, which
    are the same on every process, so every process makes the same MPI calls
    in the same order: one allreduce per dtype for the packed (small or
    float16) gradients, then one per large gradient, whatever the state of the
    gradient arrays on each process.
    """

    def __init__(self, key, entries, min_bytes):
        self.key = key
        self.direct = []       # indices in entries of the large gradients
        self.packed = []       # the others
        for i, (name, p) in enumerate(entries):
            cd = _gradient_buffers.mpi_comm_dtype(p.dtype)
            if cd == p.dtype and p.size * cd.itemsize >= min_bytes:
                self.direct.append(i)
            else:
                self.packed.append(i)
        # For a large gradient that cannot be reduced where it lies.
        self.staging = [None] * len(self.direct)
        self.layout = None
        if self.packed:
            self.layout = _gradient_buffers._Layout(
                [entries[i] for i in self.packed], _gradient_buffers.mpi_comm_dtype,
                numpy)
            self.packed_views = list(zip(self.packed, self.layout.views))


class NaiveCommunicator(mpi_communicator_base.MpiCommunicatorBase):
    """The communicator for CPUs: MPI on host memory.

    :meth:`multi_node_mean_grad` averages the gradients in place. A large
    gradient (2 MiB or more, float32 or float64) is multiplied by
    ``1 / size`` where it lies and summed by an in-place ``MPI_Allreduce`` of
    its own, so it is never copied. The smaller ones are packed (scaled by
    ``1 / size`` on the way in) into one buffer per dtype, summed by one
    ``MPI_Allreduce`` and copied back. float16 gradients are communicated in
    float32 (MPI has no float16 sum), float64 ones in float64. A large
    gradient that cannot be reduced where it lies (not C-contiguous,
    read-only, sharing memory with another gradient, None with ``zero_fill``,
    on a GPU) goes through a buffer of the communicator instead. With
    ``batched_copy`` off, every gradient is reduced by its own call. CuPy
    arrays also work (staged through host memory), though the CUDA
    communicators are faster on GPUs.
    """

    def __init__(self, mpi_comm):
        super().__init__(mpi_comm)
        self._plans = weakref.WeakKeyDictionary()

    def multi_node_mean_grad(self, model, zero_fill=False):
        entries = _gradient_buffers.select_params(model, zero_fill)
        if entries:
            if self.batched_copy:
                self._mean_batched(model, entries)
            else:
                self._mean_one_by_one(entries)
        if chainer.is_debug():
            _memory_utility.check_finite_grads(model)

    def _plan(self, model, entries):
        plan = self._plans.get(model)
        key = (_gradient_buffers.layout_key(entries), _IN_PLACE_MIN_BYTES)
        if plan is None or plan.key != key:
            plan = _Plan(key, entries, _IN_PLACE_MIN_BYTES)
            self._plans[model] = plan
        return plan

    def _mean_batched(self, model, entries):
        plan = self._plan(model, entries)
        mpi_comm = self.mpi_comm
        scale = 1.0 / self.size
        grads = [p.grad for _, p in entries]
        direct = plan.direct
        # The large gradients that can be reduced where they lie: C-contiguous,
        # writeable NumPy arrays whose memory no other gradient shares.
        in_place = []
        if direct:
            owners = {}
            for g in grads:
                if isinstance(g, numpy.ndarray):
                    o = id(_memory_owner(g))
                    owners[o] = owners.get(o, 0) + 1
            for i in direct:
                g = grads[i]
                in_place.append(
                    type(g) is numpy.ndarray and g.flags.c_contiguous
                    and g.flags.writeable and owners[id(_memory_owner(g))] == 1)
        # Everything that may share memory with another gradient is read
        # (packed or staged) before anything is written.
        layout = plan.layout
        if layout is not None:
            for i, view in plan.packed_views:
                g = grads[i]
                if g is None:
                    view.fill(0)
                else:
                    numpy.multiply(_host(g), view.dtype.type(scale), out=view)
        for j, i in enumerate(direct):
            if not in_place[j]:
                buf = plan.staging[j]
                if buf is None:
                    p = entries[i][1]
                    buf = plan.staging[j] = numpy.empty(p.shape, dtype=p.dtype)
                g = grads[i]
                if g is None:
                    buf.fill(0)
                else:
                    numpy.multiply(_host(g), buf.dtype.type(scale), out=buf)
        if layout is not None:
            for dtype in layout.dtypes:
                allreduce_in_place(mpi_comm, layout.buffers[dtype])
        for j, i in enumerate(direct):
            if in_place[j]:
                g = grads[i]
                if scale != 1.0:
                    numpy.multiply(g, g.dtype.type(scale), out=g)
                allreduce_in_place(mpi_comm, g)
            else:
                buf = plan.staging[j]
                allreduce_in_place(mpi_comm, buf)
                p = entries[i][1]
                g = grads[i]
                handed_over = not (isinstance(g, numpy.ndarray) and g.flags.writeable
                                   or _memory_utility.is_cupy_array(p.array))
                _set_result(p, g, buf, owned=True)
                if handed_over:
                    plan.staging[j] = None    # a new one next time
        if layout is not None:
            for i, view in plan.packed_views:
                _set_result(entries[i][1], grads[i], view, owned=False)

    def _mean_one_by_one(self, entries):
        scale = 1.0 / self.size
        for name, p in entries:
            g = p.grad
            cd = _gradient_buffers.mpi_comm_dtype(p.dtype)
            # C order on every process, whatever the layout of the gradient.
            buf = numpy.empty(p.shape, dtype=cd)
            if g is None:
                buf.fill(0)
            else:
                numpy.multiply(_host(g), cd.type(scale), out=buf)
            allreduce_in_place(self.mpi_comm, buf)
            _set_result(p, g, buf, owned=True)

    def finalize(self):
        self._plans = weakref.WeakKeyDictionary()
        super().finalize()
