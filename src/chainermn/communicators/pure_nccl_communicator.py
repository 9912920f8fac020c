"""PureNcclCommunicator: gradients averaged with NCCL over all GPUs."""
import numpy

import chainer

from chainermn.communicators import _communication_utility
from chainermn.communicators import _cuda
from chainermn.communicators import _gradient_buffers
from chainermn.communicators import _memory_utility
from chainermn.communicators import mpi_communicator_base

_VALID_DTYPES = (numpy.dtype(numpy.float16), numpy.dtype(numpy.float32),
                 numpy.dtype(numpy.float64))


class PureNcclCommunicator(mpi_communicator_base.MpiCommunicatorBase):
    """The GPU communicator of choice: one NCCL allreduce of packed gradients.

    The dtype of the exchange follows the table of
    :func:`chainermn.create_communicator`: ``allreduce_grad_dtype`` if set,
    otherwise float32 when ``chainer.config.dtype`` is float32 and float16
    when it is float16 or mixed16 (float64 models, or ``allreduce_grad_dtype``
    float64, exchange float64). NCCL is reached through CuPy
    (``cupy.cuda.nccl``); the NCCL communicator is created at the first
    collective, on the current CUDA device.

    Args:
        mpi_comm: the mpi4py communicator of all processes.
        allreduce_grad_dtype: float16, float32, float64 or None.
        batched_copy (bool): pack all gradients for one NCCL call (default).
    """

    def __init__(self, mpi_comm, allreduce_grad_dtype=None, batched_copy=True):
        _cuda.require_nccl('pure_nccl')
        super().__init__(mpi_comm)
        self.nccl_comm = None
        self._grad_buffers = _gradient_buffers.GradientBuffers()
        self.set_config('allreduce_grad_dtype', allreduce_grad_dtype)
        self.set_config('batched_copy', batched_copy)

    def set_config(self, name, value=True, **kwargs):
        """``allreduce_grad_dtype`` (float16, float32, float64 or None) or
        ``batched_copy`` (bool)."""
        if name == 'allreduce_grad_dtype':
            if value is not None:
                dtype = numpy.dtype(value)
                if dtype not in _VALID_DTYPES:
                    raise ValueError(
                        'allreduce_grad_dtype must be float16, float32, float64 or '
                        'None, got {}'.format(dtype))
                value = dtype.type
            with self.config_scope():
                self.allreduce_grad_dtype = value
        else:
            super().set_config(name, value, **kwargs)

    def _init_comms(self):
        """Create the NCCL communicator (collective; on the current device)."""
        if self.nccl_comm is None:
            self.nccl_comm = _cuda.new_nccl_comm(self.mpi_comm)

    def _comm_dtype(self, param_dtype):
        if self.allreduce_grad_dtype is not None:
            return numpy.dtype(self.allreduce_grad_dtype)
        if numpy.dtype(param_dtype) == numpy.float64:
            return numpy.dtype(numpy.float64)
        global_dtype = chainer.config.dtype
        if global_dtype is not None and numpy.dtype(global_dtype) == numpy.float32:
            return numpy.dtype(numpy.float32)
        if global_dtype is None:
            return numpy.dtype(param_dtype)
        return numpy.dtype(numpy.float16)

    def multi_node_mean_grad(self, model, zero_fill=False):
        cupy = _cuda.require_cuda('pure_nccl')
        self._init_comms()
        entries = _gradient_buffers.select_params(model, zero_fill)
        if entries:
            stream = _cuda.current_stream_ptr()
            from chainermn import nccl
            layout = self._grad_buffers.get(model, entries, self._comm_dtype, cupy)
            _gradient_buffers.pack_scaled(layout, entries, 1.0 / self.size, cupy)
            for dtype in layout.dtypes:
                buf = layout.buffers[dtype]
                self.nccl_comm.allReduce(
                    buf.data.ptr, buf.data.ptr, buf.size,
                    _communication_utility._get_nccl_type_id(dtype),
                    nccl.NCCL_SUM, stream)
            _gradient_buffers.unpack(layout, entries)
        if chainer.is_debug():
            _memory_utility.check_finite_grads(model)

    def bcast_data(self, model):
        """Copy the parameters of rank 0 to every GPU with NCCL broadcasts."""
        self._init_comms()
        stream = _cuda.current_stream_ptr()
        for name, p in _memory_utility.named_params(model):
            a = p.array
            if not _memory_utility.is_cupy_array(a):
                raise TypeError('pure_nccl communicates CuPy arrays; move the model '
                                'to the GPU first (model.to_device(...)), got {} for '
                                '{}'.format(type(a).__name__, name))
            self.nccl_comm.bcast(a.data.ptr, a.size,
                                 _communication_utility._get_nccl_type_id(a.dtype),
                                 0, stream)

    def finalize(self):
        if self.nccl_comm is not None:
            from chainer.backends import cuda
            cuda.cupy.cuda.get_current_stream().synchronize()
            self.nccl_comm.destroy()
            self.nccl_comm = None
        self._grad_buffers.clear()
        super().finalize()
