"""FlatCommunicator: gradients packed on the GPU, averaged with MPI."""

import chainer

from chainermn.communicators import _cuda
from chainermn.communicators import _gradient_buffers
from chainermn.communicators import _memory_utility
from chainermn.communicators import mpi_communicator_base
from chainermn.communicators import naive_communicator


class FlatCommunicator(mpi_communicator_base.MpiCommunicatorBase):
    """A GPU communicator without NCCL: one MPI allreduce of packed gradients.

    The gradients (CuPy arrays) are packed, scaled by ``1 / size``, into one
    device buffer per communication dtype (float32; float64 stays float64),
    copied to host memory, summed with ``MPI_Allreduce``, copied back, and each
    parameter's gradient becomes a view of its part of the device buffer. The
    host staging means the MPI library need not be CUDA-aware.

    Needs CuPy; creating it without CUDA raises an error saying so.
    """

    def __init__(self, mpi_comm):
        _cuda.require_cuda('flat')
        super().__init__(mpi_comm)
        self._grad_buffers = _gradient_buffers.GradientBuffers()
        self._host_buffers = {}

    def multi_node_mean_grad(self, model, zero_fill=False):
        cupy = _cuda.require_cuda('flat')
        entries = _gradient_buffers.select_params(model, zero_fill)
        if entries:
            layout = self._grad_buffers.get(
                model, entries, _gradient_buffers.mpi_comm_dtype, cupy)
            _gradient_buffers.pack_scaled(layout, entries, 1.0 / self.size, cupy)
            for dtype in layout.dtypes:
                dev = layout.buffers[dtype]
                host = _gradient_buffers.host_buffer(self._host_buffers, dtype, dev.size)
                dev.get(out=host)
                naive_communicator.allreduce_in_place(self.mpi_comm, host)
                dev.set(host)
            _gradient_buffers.unpack(layout, entries)
        if chainer.is_debug():
            _memory_utility.check_finite_grads(model)

    def finalize(self):
        self._grad_buffers.clear()
        self._host_buffers = {}
        super().finalize()
