"""Sums: ``sum`` over axes and ``sum_to`` a shape."""
import numpy

import chainer
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


def _check_axis_argument(axis, func_name):
    """Validate an axis argument and return it as None or a tuple of ints."""
    if axis is None:
        return None
    if isinstance(axis, (int, numpy.integer)) and not isinstance(axis, bool):
        return (int(axis),)
    if isinstance(axis, tuple) and all(
            isinstance(a, (int, numpy.integer)) and not isinstance(a, bool)
            for a in axis):
        if len(set(axis)) != len(axis):
            raise ValueError('{}: duplicate value in axis: {}'.format(func_name, axis))
        return tuple(int(a) for a in axis)
    raise TypeError('{}: axis must be None, an int or a tuple of ints, got {!r}'.format(
        func_name, axis))


class Sum(function_node.FunctionNode):
    """Sum of the elements over the given axes."""

    keepdims = False

    def __init__(self, axis=None, keepdims=False):
        self.axis = _check_axis_argument(axis, 'sum')
        self.keepdims = keepdims

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        if self.axis is not None:
            for axis in self.axis:
                if axis >= 0:
                    type_check.expect(axis < x_type.ndim)
                else:
                    type_check.expect(-axis - 1 < x_type.ndim)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        if self.axis is not None:
            normalized = tuple(sorted(a % x.ndim for a in self.axis))
            if len(set(normalized)) != len(normalized):
                raise ValueError('sum: axis {} refers to the same axis twice'.format(
                    self.axis))
        return utils.force_array(x.sum(axis=self.axis, keepdims=self.keepdims)),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        shape = self._in_shape
        ndim = len(shape)
        if not (ndim == 0 or self.axis is None or self.keepdims):
            axes = sorted(a % ndim for a in self.axis)
            new_shape = list(gy.shape)
            for a in axes:
                new_shape.insert(a, 1)
            gy = chainer.functions.reshape(gy, tuple(new_shape))
        elif self.axis is None and not self.keepdims and ndim:
            gy = chainer.functions.reshape(gy, (1,) * ndim)
        return chainer.functions.broadcast_to(gy, shape),


def sum(x, axis=None, keepdims=False):
    """Sum of the elements of ``x`` over ``axis``.

    Args:
        x (Variable or array): input.
        axis (None, int or tuple of ints): the axes to sum over (negative ones count
            from the end); None sums everything.
        keepdims (bool): keep the summed axes with length 1.
    Returns:
        Variable of the dtype of ``x``.
    """
    return Sum(axis, keepdims).apply((x,))[0]


class SumTo(function_node.FunctionNode):
    """Sum an array down to a shape it was broadcast from."""

    def __init__(self, shape):
        self._shape = tuple(shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        ndim = len(self._shape)
        type_check.expect(x_type.ndim >= ndim)
        lead = type_check.eval(x_type.ndim) - ndim
        for i, s in enumerate(self._shape):
            if s != 1:
                type_check.expect(x_type.shape[lead + i] == s)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        return utils.force_array(utils.sum_to(x, self._shape)),

    def backward(self, indexes, grad_outputs):
        return chainer.functions.broadcast_to(grad_outputs[0], self._in_shape),


def sum_to(x, shape):
    """Sum the elements of ``x`` so that the result has ``shape``.

    This undoes broadcasting: ``shape`` must be one ``x`` could have been broadcast
    from (leading axes are summed away, axes of length 1 are summed with keepdims).
    """
    if isinstance(shape, int):
        shape = (shape,)
    if x.shape == tuple(shape):
        return chainer.as_variable(x)
    return SumTo(shape).apply((x,))[0]
