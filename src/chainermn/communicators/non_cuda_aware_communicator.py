"""NonCudaAwareCommunicator: NCCL inside nodes, MPI on host memory between them."""

import chainer

from chainermn import _mpi
from chainermn.communicators import _communication_utility
from chainermn.communicators import _cuda
from chainermn.communicators import _gradient_buffers
from chainermn.communicators import _memory_utility
from chainermn.communicators import mpi_communicator_base
from chainermn.communicators import naive_communicator


class NonCudaAwareCommunicator(mpi_communicator_base.MpiCommunicatorBase):
    """A GPU communicator for clusters whose MPI is not CUDA-aware.

    Inside a node NCCL reduces the packed gradients (scaled by ``1 / size``)
    onto the node's first GPU; that process copies them to host memory, the
    first processes of all nodes sum them with ``MPI_Allreduce``, and NCCL
    broadcasts the result back inside each node. Gradients are communicated in
    float32 (float64 ones in float64). Needs CuPy with NCCL.
    """

    def __init__(self, mpi_comm):
        _cuda.require_nccl('non_cuda_aware')
        super().__init__(mpi_comm)
        self.intra_nccl_comm = None
        self.inter_mpi_comm = None
        self.intra_mpi_comm = None
        self._grad_buffers = _gradient_buffers.GradientBuffers()
        self._host_buffers = {}

    def _init_comms(self):
        """Create the node-local NCCL communicator and the MPI communicator of
        the nodes' first processes (collective)."""
        if self.intra_nccl_comm is not None:
            return
        MPI = _mpi.get_mpi()
        self.intra_mpi_comm = self.mpi_comm.Split(self.inter_rank, self.intra_rank)
        color = 0 if self.intra_rank == 0 else MPI.UNDEFINED
        self.inter_mpi_comm = self.mpi_comm.Split(color, self.inter_rank)
        self.intra_nccl_comm = _cuda.new_nccl_comm(self.intra_mpi_comm)

    def multi_node_mean_grad(self, model, zero_fill=False):
        cupy = _cuda.require_cuda('non_cuda_aware')
        self._init_comms()
        entries = _gradient_buffers.select_params(model, zero_fill)
        if entries:
            from chainermn import nccl
            stream = _cuda.current_stream_ptr()
            layout = self._grad_buffers.get(
                model, entries, _gradient_buffers.mpi_comm_dtype, cupy)
            _gradient_buffers.pack_scaled(layout, entries, 1.0 / self.size, cupy)
            for dtype in layout.dtypes:
                buf = layout.buffers[dtype]
                type_id = _communication_utility._get_nccl_type_id(dtype)
                self.intra_nccl_comm.reduce(buf.data.ptr, buf.data.ptr, buf.size,
                                            type_id, nccl.NCCL_SUM, 0, stream)
                if self.intra_rank == 0 and self.inter_size > 1:
                    host = _gradient_buffers.host_buffer(self._host_buffers, dtype, buf.size)
                    buf.get(out=host)
                    naive_communicator.allreduce_in_place(self.inter_mpi_comm, host)
                    buf.set(host)
                self.intra_nccl_comm.bcast(buf.data.ptr, buf.size, type_id, 0, stream)
            _gradient_buffers.unpack(layout, entries)
        if chainer.is_debug():
            _memory_utility.check_finite_grads(model)

    def finalize(self):
        if self.intra_nccl_comm is not None:
            from chainer.backends import cuda
            cuda.cupy.cuda.get_current_stream().synchronize()
            self.intra_nccl_comm.destroy()
            self.intra_nccl_comm = None
        for name in ('inter_mpi_comm', 'intra_mpi_comm'):
            comm = getattr(self, name)
            if comm is not None and comm != _mpi.get_mpi().COMM_NULL:
                comm.Free()
            setattr(self, name, None)
        self._grad_buffers.clear()
        self._host_buffers = {}
        super().finalize()
