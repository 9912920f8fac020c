"""Small helpers shared by the loss, normalization, noise and evaluation functions."""
import numpy

import chainer
from chainer import function_node
from chainer.utils import type_check


def check_reduce(reduce, func_name, choices):
    """Raise ValueError unless ``reduce`` is one of ``choices``."""
    if reduce not in choices:
        raise ValueError('{}: reduce must be one of {}, got {!r}'.format(
            func_name, ', '.join(repr(c) for c in choices), reduce))


def expect_same_shape(a_type, b_type, a_name, b_name):
    """Type check: ``a.shape == b.shape``, reported with both shapes on failure."""
    a_shape = tuple(type_check.eval(s) for s in a_type.shape)
    b_shape = tuple(type_check.eval(s) for s in b_type.shape)
    if a_shape != b_shape:
        raise type_check.InvalidType(
            '{}.shape == {}.shape'.format(a_name, b_name),
            '{} != {}'.format(a_shape, b_shape))


def expect_shape(x_type, shape, x_name, shape_text):
    """Type check: ``x.shape == shape`` (a tuple of ints, written as shape_text)."""
    x_shape = tuple(type_check.eval(s) for s in x_type.shape)
    if x_shape != tuple(shape):
        raise type_check.InvalidType(
            '{}.shape == {}'.format(x_name, shape_text),
            '{} != {}'.format(x_shape, tuple(shape)))


def broadcast_grad(gy, shape):
    """``gy`` (a Variable) broadcast to ``shape``."""
    if gy.shape == tuple(shape):
        return gy
    return chainer.functions.broadcast_to(gy, shape)


class Cast(function_node.FunctionNode):
    """Conversion to another dtype; its gradient converts back."""

    def __init__(self, dtype):
        self.dtype = numpy.dtype(dtype)

    def forward(self, inputs):
        x, = inputs
        self._in_dtype = x.dtype
        return x.astype(self.dtype),

    def backward(self, indexes, grad_outputs):
        return cast(grad_outputs[0], self._in_dtype),


def cast(x, dtype):
    """``x`` (a Variable) converted to ``dtype``, differentiably."""
    if x.dtype == numpy.dtype(dtype):
        return x
    return Cast(dtype).apply((x,))[0]
