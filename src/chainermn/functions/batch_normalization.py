"""Batch normalization whose statistics cover the batches of all processes."""
import numpy

import chainer
from chainer import backend


def _stat_dtype(dtype):
    # float16 statistics are computed in float32; float64 stays float64.
    return numpy.dtype(numpy.float64) if numpy.dtype(dtype) == numpy.float64 \
        else numpy.dtype(numpy.float32)


class _Allreducer(object):
    """Sum a small array over all processes with MPI or NCCL."""

    def __init__(self, comm, communication_backend):
        self.comm = comm
        self.backend = communication_backend

    def __call__(self, buf):
        if self.backend == 'nccl':
            from chainermn import nccl
            from chainermn.communicators import _communication_utility
            from chainermn.communicators import _cuda
            self.comm._init_comms()
            buf = buf.copy()
            self.comm.nccl_comm.allReduce(
                buf.data.ptr, buf.data.ptr, buf.size,
                _communication_utility._get_nccl_type_id(buf.dtype),
                nccl.NCCL_SUM, _cuda.current_stream_ptr())
            return buf
        return self.comm.allreduce(buf)


class MultiNodeBatchNormalizationFunction(chainer.FunctionNode):
    """Batch normalization with statistics over the batches of all processes.

    The per-channel sums of ``x`` and ``x ** 2`` (and the example counts) are
    summed over the processes in one allreduce; the mean and the (biased)
    variance come from them. The backward pass sums ``gy`` and ``gy * x_hat``
    the same way, so the gradient of ``x`` is that of the batch of all
    processes, while the gradients of ``gamma`` and ``beta`` stay this
    process's share (the optimizer averages them). The backward pass is a
    collective too, and it is not differentiable again.

    Args:
        comm: the ChainerMN communicator.
        eps (float): added to the variance.
        mean, var: running averages updated in place (or None).
        decay (float): decay of the running averages.
        communication_backend (str): ``'mpi'`` or ``'nccl'``.
    """

    def __init__(self, comm, eps=2e-5, mean=None, var=None, decay=0.9,
                 communication_backend='mpi'):
        self.comm = comm
        self.eps = eps
        self.running_mean = mean
        self.running_var = var
        self.decay = decay
        self._allreduce = _Allreducer(comm, communication_backend)

    def check_type_forward(self, in_types):
        from chainer.utils import type_check
        type_check._argname(in_types, ('x', 'gamma', 'beta'))
        x_type, gamma_type, beta_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            gamma_type.dtype.kind == 'f',
            gamma_type.dtype == beta_type.dtype,
            gamma_type.shape == beta_type.shape,
            x_type.ndim >= gamma_type.ndim + 1,
        )

    def forward(self, inputs):
        x, gamma, beta = inputs
        xp = backend.get_array_module(x)
        if x.shape[1:1 + gamma.ndim] != gamma.shape:
            raise ValueError(
                'MultiNodeBatchNormalization: the channel axes of x (shape {}) must '
                'match gamma (shape {})'.format(x.shape, gamma.shape))
        self._axes = (0,) + tuple(range(1 + gamma.ndim, x.ndim))
        self._expand = (1,) + gamma.shape + (1,) * (x.ndim - 1 - gamma.ndim)
        sd = _stat_dtype(x.dtype)
        self._x_dtype = x.dtype
        self._gamma_dtype = gamma.dtype
        xs = x.astype(sd, copy=False)
        n_local = x.size // max(gamma.size, 1)
        local = xp.concatenate([
            xs.sum(axis=self._axes).reshape(-1),
            (xs * xs).sum(axis=self._axes).reshape(-1),
            xp.asarray([n_local], dtype=sd)])
        total = self._allreduce(local)
        c = gamma.size
        m = float(total[2 * c])
        if m <= 0:
            raise ValueError('MultiNodeBatchNormalization: no example on any process')
        mean = total[:c] / m
        var = xp.maximum(total[c:2 * c] / m - mean * mean, 0)
        self._m = m
        inv_std = 1 / xp.sqrt(var + self.eps)
        self._inv_std = inv_std
        x_hat = (xs - mean.reshape(self._expand)) * inv_std.reshape(self._expand)
        self._x_hat = x_hat
        self._gamma = gamma
        y = gamma.astype(sd, copy=False).reshape(self._expand) * x_hat + \
            beta.astype(sd, copy=False).reshape(self._expand)
        if self.running_mean is not None:
            rm, rv = self.running_mean, self.running_var
            adjust = m / max(m - 1., 1.)
            rm *= self.decay
            rm += ((1 - self.decay) * mean.reshape(rm.shape)).astype(rm.dtype)
            rv *= self.decay
            rv += ((1 - self.decay) * adjust * var.reshape(rv.shape)).astype(rv.dtype)
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        gy = grad_outputs[0]
        xp = backend.get_array_module(self._x_hat)
        x_hat = self._x_hat
        if gy is None:
            gy = xp.zeros(x_hat.shape, dtype=x_hat.dtype)
        else:
            gy = gy.array.astype(x_hat.dtype, copy=False)
        gbeta = gy.sum(axis=self._axes).reshape(-1)
        ggamma = (gy * x_hat).sum(axis=self._axes).reshape(-1)
        total = self._allreduce(xp.concatenate([gbeta, ggamma]))
        c = gbeta.size
        gbeta_all = total[:c].reshape(self._expand)
        ggamma_all = total[c:].reshape(self._expand)
        gamma = self._gamma.astype(x_hat.dtype, copy=False).reshape(self._expand)
        gx = gamma * self._inv_std.reshape(self._expand) * (
            gy - (gbeta_all + x_hat * ggamma_all) / self._m)
        shape = self._gamma.shape
        grads = (chainer.Variable(gx.astype(self._x_dtype, copy=False)),
                 chainer.Variable(ggamma.reshape(shape).astype(self._gamma_dtype)),
                 chainer.Variable(gbeta.reshape(shape).astype(self._gamma_dtype)))
        return tuple(grads[i] for i in indexes)
