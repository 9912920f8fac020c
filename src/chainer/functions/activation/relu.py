"""Rectified linear unit."""
import numpy

from chainer import _compiled
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


class ReLU(function_node.FunctionNode):
    """Elementwise ``max(x, 0)``."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return xp.maximum(x, x.dtype.type(0)),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return ReLUGrad(y.array).apply(grad_outputs)


_KERNEL_DTYPES = (numpy.dtype(numpy.float32), numpy.dtype(numpy.float64))


class ReLUGrad(function_node.FunctionNode):
    # gy masked by y > 0. As y is a constant here, its own gradient is the same mask.

    def __init__(self, y):
        self.y = y

    def forward(self, inputs):
        gy, = inputs
        y = self.y
        if type(gy) is numpy.ndarray and gy.dtype == y.dtype and \
                gy.dtype in _KERNEL_DTYPES and gy.shape == y.shape:
            k = _compiled.kernels()
            if k is not None:
                # One pass, without the boolean temporary (the `fast` extra).
                gx = numpy.empty(gy.shape, dtype=gy.dtype)
                k.relu_backward(y.ravel(), gy.ravel(), gy.dtype.type(0), gx.reshape(-1))
                return gx,
        # A product with the mask, not where(): where() branches on every element
        # and is several times slower when the signs are mixed.
        return utils.force_array(gy * (y > 0), gy.dtype),

    def backward(self, indexes, grad_outputs):
        return ReLUGrad(self.y).apply(grad_outputs)


def relu(x):
    """Rectified linear unit, ``max(x, 0)`` elementwise.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the same shape and dtype.

    .. admonition:: Example

        >>> x = np.array([[-1, 0], [2, -3]], np.float32)
        >>> F.relu(x).array
        array([[0., 0.],
               [2., 0.]], dtype=float32)
    """
    y, = ReLU().apply((x,))
    return y
