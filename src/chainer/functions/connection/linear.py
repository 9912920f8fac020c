"""Linear (fully connected) transformation, ``y = x W^T + b``."""
import numpy

import chainer
from chainer import _backprop
from chainer import backend
from chainer.functions import _rules
from chainer.functions.connection import _util
from chainer import utils
from chainer.utils import type_check


def _x_dot_wt(x, W):
    """``x W^T``, C-contiguous.

    OpenBLAS is much slower multiplying by a transposed right operand than
    computing the transposed product ``(W x^T)^T`` when the output has at least as
    many columns as rows and few rows (single-threaded, AMD EPYC: (20, 200) x (1000, 200)^T
    182 -> 124 us, (100, 784) x (1000, 784)^T 1888 -> 1771 us, (64, 4096) x
    (10, 4096)^T would be 137 -> 236 us, hence the condition).
    """
    if type(x) is numpy.ndarray and x.dtype == W.dtype and \
            x.dtype in _BLAS_DTYPES and W.shape[0] >= x.shape[0] and \
            x.shape[0] <= _TRANSPOSED_MAX_ROWS:
        return numpy.ascontiguousarray(W.dot(x.T).T)
    return _rules.array_ops(backend.get_array_module(x)).matmul(x, W, transb=True)


# Above this many rows the transposing copy of ``(W x^T)^T`` costs more than the
# slower orientation saves (one thread, Xeon Sapphire Rapids: (256, 256) x (768,
# 256)^T 692 us direct against 867 us transposed; (1024, 256) x (1024, 256)^T
# 3.5 ms against 10.4 ms; (100, 784) x (1000, 784)^T still 1358 against 1266 us).
_TRANSPOSED_MAX_ROWS = 128


_BLAS_DTYPES = (numpy.dtype(numpy.float32), numpy.dtype(numpy.float64))

# Batches with fewer rows than this have their weight gradients deferred and
# stacked (bench: 35 uses of a (1000, 200) weight with batch 20, 2.90 -> 1.63 ms;
# with batch 64 6.4 -> 6.1 ms, no gain from batch 100 on).
_DEFER_ROWS = 64


class LinearFunction(_rules.Rule):
    """``y = x W^T (+ b)`` for a 2-D ``x`` of shape (batch, in) and ``W`` (out, in)."""

    _defers_gradients = True

    names = ('x', 'W', 'b')
    keep = 'x W'
    grads = (lambda F, gy, x, W: F.matmul(gy, W),                 # gy W
             lambda F, gy, x, W: F.matmul(gy, x, transa=True),    # gy^T x
             lambda F, gy, x, W: F.sum(gy, axis=0))

    def check_type_forward(self, in_types):
        x_type, w_type, b_type = _util.check_x_w(in_types, 2, 2)
        type_check.expect(x_type.shape[1] == w_type.shape[1])
        if b_type is not None:
            _util.check_bias(b_type, w_type.shape[0], x_type.dtype)

    def forward(self, inputs):
        x, W = inputs[0], inputs[1]
        y = _x_dot_wt(x, W)
        if y.dtype != x.dtype:
            y = y.astype(x.dtype, copy=False)
        if len(inputs) == 3:
            y += inputs[2]
        return utils.force_array(y),

    def backward(self, indexes, grad_outputs):
        if 1 in indexes and _backprop.may_defer(self):
            # A plain pass with a small batch: the weight gradient is left to the
            # engine, which stacks this layer's uses (one per step of a sequence)
            # into one product.
            x, W, gy = self.inputs[0].data, self.inputs[1], grad_outputs[0].array
            if gy.shape[0] < _DEFER_ROWS and type(gy) is numpy.ndarray and \
                    type(x) is numpy.ndarray and gy.dtype == x.dtype == W.dtype \
                    and gy.dtype in _BLAS_DTYPES:
                others = tuple([i for i in indexes if i != 1])
                gxs = dict(zip(others, super().backward(others, grad_outputs)))
                gxs[1] = _backprop.OuterSum(gy, x, W.dtype)
                return tuple([gxs[i] for i in indexes])
        return super().backward(indexes, grad_outputs)


def check_n_batch_axes(n_batch_axes, where):
    """Raise unless ``n_batch_axes`` is an int of at least 1 (``where`` names the
    caller in the message)."""
    if not isinstance(n_batch_axes, (int, numpy.integer)) or \
            isinstance(n_batch_axes, bool):
        raise TypeError('{}: n_batch_axes must be an int, got an object of '
                        'type {}'.format(where, type(n_batch_axes).__name__))
    if n_batch_axes <= 0:
        raise ValueError('{}: n_batch_axes must be at least 1, got {}'.format(
            where, n_batch_axes))


def linear(x, W, b=None, n_batch_axes=1):
    """Linear transformation ``y = x W^T + b``.

    Args:
        x (Variable or array): input of shape ``(s_1, ..., s_n)``. The first
            ``n_batch_axes`` axes are batch axes; the others are flattened into one
            feature axis, which must have ``W.shape[1]`` elements.
        W (Variable or array): weight of shape ``(out_size, in_size)``.
        b (Variable or array): optional bias of shape ``(out_size,)``.
        n_batch_axes (int): number of leading batch axes (at least 1).
    Returns:
        Variable of shape ``x.shape[:n_batch_axes] + (out_size,)``.

    .. admonition:: Example

        >>> x = np.array([[1, 2]], np.float32)  # a batch of one vector of size 2
        >>> W = np.array([[1, 0], [0, 1], [1, 1]], np.float32)  # (out_size, in_size)
        >>> b = np.array([0, 0, 10], np.float32)
        >>> F.linear(x, W, b).array
        array([[ 1.,  2., 13.]], dtype=float32)
        >>> F.linear(np.ones((4, 1, 2), np.float32), W).shape  # (1, 2) flattened
        (4, 3)
    """
    check_n_batch_axes(n_batch_axes, 'linear')
    if n_batch_axes > 1:
        batch_shape = x.shape[:n_batch_axes]
        batch_size = utils.size_of_shape(batch_shape)
        # explicit sizes: -1 is ambiguous when the batch is empty
        x = chainer.functions.reshape(
            x, (batch_size, utils.size_of_shape(x.shape[n_batch_axes:])))
    elif x.ndim > 2:
        x = chainer.functions.reshape(
            x, (x.shape[0], utils.size_of_shape(x.shape[1:])))
    if b is None:
        y, = LinearFunction().apply((x, W))
    else:
        y, = LinearFunction().apply((x, W, b))
    if n_batch_axes > 1:
        y = chainer.functions.reshape(y, batch_shape + (y.shape[1],))
    return y
