"""Removing axes of length one."""
import chainer
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


def _normalize_axis_arg(axis):
    if axis is None:
        return None
    if _utils.is_int(axis):
        return (int(axis),)
    if isinstance(axis, (tuple, list)) and all(_utils.is_int(a) for a in axis):
        return tuple(int(a) for a in axis)
    raise TypeError('squeeze: axis must be None, an int or a tuple of ints, got '
                    '{!r}'.format(axis))


class Squeeze(function_node.FunctionNode):
    """Remove axes of length 1."""

    def __init__(self, axis=None):
        self.axis = _normalize_axis_arg(axis)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        if self.axis is None:
            return
        for axis in self.axis:
            _utils.expect_axis(x_type, axis)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        if self.axis is None:
            shape = tuple([s for s in x.shape if s != 1])
        else:
            axes = [a % x.ndim for a in self.axis]
            if len(set(axes)) != len(axes):
                raise ValueError('squeeze: axis {} names the same axis twice'.format(
                    self.axis))
            for a in axes:
                if x.shape[a] != 1:
                    # a value error, as numpy.squeeze raises (an axis out of
                    # range is a type error, found by the type check)
                    raise ValueError(
                        'squeeze: cannot remove axis {} of length {} (x has shape '
                        '{}); only axes of length 1 can be removed'.format(
                            a, x.shape[a], x.shape))
            shape = tuple([s for i, s in enumerate(x.shape) if i not in axes])
        return x.reshape(shape),

    def backward(self, indexes, grad_outputs):
        return chainer.functions.reshape(grad_outputs[0], self._in_shape),


def squeeze(x, axis=None):
    """Remove axes of length 1 from ``x``.

    Args:
        x (Variable or array): the input.
        axis (None, int or tuple of ints): the axes to remove, each of length 1
            (negative counts from the end); None removes every axis of length 1.
    Returns:
        Variable with the same data and fewer axes.

    .. admonition:: Example

        >>> x = np.zeros((1, 2, 1, 3), np.float32)
        >>> F.squeeze(x).shape
        (2, 3)
        >>> F.squeeze(x, axis=-2).shape
        (1, 2, 3)
    """
    y, = Squeeze(axis).apply((x,))
    return y
