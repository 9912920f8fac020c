"""NaiveCommunicator: gradients averaged with MPI on host memory."""
import numpy

import chainer

from chainermn import _mpi
from chainermn.communicators import _gradient_buffers
from chainermn.communicators import _memory_utility
from chainermn.communicators import mpi_communicator_base

# One MPI call takes at most INT_MAX elements; stay well below it.
_MAX_ELEMENTS_PER_CALL = 2 ** 30


def allreduce_in_place(mpi_comm, buf):
    """Sum a contiguous NumPy buffer over all processes, in place."""
    MPI = _mpi.get_mpi()
    n = buf.size
    if n <= _MAX_ELEMENTS_PER_CALL:
        mpi_comm.Allreduce(MPI.IN_PLACE, buf, op=MPI.SUM)
        return
    for start in range(0, n, _MAX_ELEMENTS_PER_CALL):
        mpi_comm.Allreduce(MPI.IN_PLACE, buf[start:start + _MAX_ELEMENTS_PER_CALL],
                           op=MPI.SUM)


class NaiveCommunicator(mpi_communicator_base.MpiCommunicatorBase):
    """The communicator for CPUs: MPI on host memory.

    :meth:`multi_node_mean_grad` packs the gradients (scaled by ``1 / size``)
    into one contiguous buffer per dtype, sums it with a single in-place
    ``MPI_Allreduce`` and makes every gradient a view of its part of the buffer.
    float16 gradients are communicated in float32 (MPI has no float16 sum),
    float64 ones in float64. With ``batched_copy`` off, every gradient is
    reduced by its own call instead. CuPy arrays also work (staged through
    host memory), though the CUDA communicators are faster on GPUs.
    """

    def __init__(self, mpi_comm):
        super().__init__(mpi_comm)
        self._grad_buffers = _gradient_buffers.GradientBuffers()

    def multi_node_mean_grad(self, model, zero_fill=False):
        entries = _gradient_buffers.select_params(model, zero_fill)
        if entries:
            if self.batched_copy:
                self._mean_packed(model, entries)
            else:
                self._mean_one_by_one(entries)
        if chainer.is_debug():
            _memory_utility.check_finite_grads(model)

    def _mean_packed(self, model, entries):
        layout = self._grad_buffers.get(
            model, entries, _gradient_buffers.mpi_comm_dtype, numpy)
        _gradient_buffers.pack_scaled(layout, entries, 1.0 / self.size, numpy)
        for dtype in layout.dtypes:
            allreduce_in_place(self.mpi_comm, layout.buffers[dtype])
        _gradient_buffers.unpack(layout, entries)

    def _mean_one_by_one(self, entries):
        scale = 1.0 / self.size
        for name, p in entries:
            g = p.grad
            cd = _gradient_buffers.mpi_comm_dtype(p.dtype)
            if g is None:
                buf = numpy.zeros(p.shape, dtype=cd)
            else:
                buf = numpy.multiply(_memory_utility.to_host(g), cd.type(scale),
                                     dtype=cd)
            allreduce_in_place(self.mpi_comm, buf.reshape(-1))
            if _memory_utility.is_cupy_array(p.array):
                from chainer.backends import cuda
                p.grad = cuda.to_gpu(buf.astype(p.dtype, copy=False),
                                     device=p.array.device)
            else:
                p.grad = buf.astype(p.dtype, copy=False)

    def finalize(self):
        self._grad_buffers.clear()
        super().finalize()
