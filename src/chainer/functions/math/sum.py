"""Sums: ``sum`` over axes and ``sum_to`` a shape."""
import chainer
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils
from chainer.utils import type_check


def _expand_to_keepdims(gy, in_shape, axes, keepdims):
    # Reshape the gradient of a reduction so that it broadcasts to the input shape.
    if keepdims or gy.ndim == len(in_shape):
        return gy
    return chainer.functions.reshape(gy, _util.keepdims_shape(in_shape, axes))


class Sum(function_node.FunctionNode):
    """Sum of the elements over the given axes."""

    keepdims = False

    def __init__(self, axis=None, keepdims=False):
        self.axis = _util.normalize_axis_argument(axis, 'sum')
        self.keepdims = keepdims

    @property
    def label(self):
        return 'Sum'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        type_check.expect(x_type.dtype.kind == 'f')
        if self.axis is not None:
            _util.check_axis_in_range(x_type, self.axis)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        self._axes = _util.resolve_axes(self.axis, x.ndim, 'sum')
        return utils.force_array(
            x.sum(axis=self._axes, keepdims=self.keepdims), x.dtype),

    def backward(self, indexes, grad_outputs):
        gy = _expand_to_keepdims(grad_outputs[0], self._in_shape, self._axes,
                                 self.keepdims)
        return chainer.functions.broadcast_to(gy, self._in_shape),


def sum(x, axis=None, keepdims=False):
    """Sum of the elements of ``x`` over ``axis``.

    Args:
        x (Variable or array): input of a float dtype.
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

    @property
    def label(self):
        return 'SumTo'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        ndim = type_check.make_variable(len(self._shape), 'len(shape)')
        type_check.expect(x_type.ndim >= ndim)
        lead = type_check.eval(x_type.ndim) - len(self._shape)
        for i, s in enumerate(self._shape):
            if s != 1:
                type_check.expect(x_type.shape[lead + i] == s)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        return utils.force_array(utils.sum_to(x, self._shape), x.dtype),

    def backward(self, indexes, grad_outputs):
        return chainer.functions.broadcast_to(grad_outputs[0], self._in_shape),


def sum_to(x, shape):
    """Sum the elements of ``x`` so that the result has ``shape``.

    This undoes broadcasting: ``shape`` must be one ``x`` could have been broadcast
    from. Leading axes that ``shape`` lacks are summed away, and axes where
    ``shape`` has 1 (and ``x`` more) are summed keeping the axis.

    Args:
        x (Variable or array): input.
        shape (tuple of ints): the target shape.
    Returns:
        Variable of shape ``shape`` (``x`` itself, as a Variable, if it has it).
    """
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    if x.shape == shape:
        return chainer.as_variable(x)
    return SumTo(shape).apply((x,))[0]
