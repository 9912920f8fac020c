"""Helpers shared by the activation functions."""
import numpy

from chainer import backend
from chainer import function_node


class ScaleByConstant(function_node.FunctionNode):
    """``gy * d`` for a constant array ``d`` (the derivative of a piecewise-linear
    function); being linear in ``gy``, its own gradient is ``ggx * d`` again."""

    def __init__(self, d):
        self.d = d

    def forward(self, inputs):
        gy, = inputs
        return gy * self.d,

    def backward(self, indexes, grad_outputs):
        return ScaleByConstant(self.d).apply(grad_outputs)


def check_real(value, name, func_name):
    """Return ``value`` as a float; TypeError naming ``name`` if it is not a number."""
    if isinstance(value, (bool, numpy.bool_)) or not isinstance(
            value, (int, float, numpy.integer, numpy.floating)):
        raise TypeError('{}: {} must be a real number, got {!r} of type {}'.format(
            func_name, name, value, type(value).__name__))
    return float(value)


def where_mask(mask, a, b, dtype):
    """``where(mask, a, b)`` as an array of ``dtype`` (scalars or arrays a, b)."""
    xp = backend.get_array_module(mask)
    return xp.where(mask, dtype.type(a) if numpy.isscalar(a) else a.astype(dtype),
                    dtype.type(b) if numpy.isscalar(b) else b.astype(dtype))
