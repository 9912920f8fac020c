"""Swapping two axes."""
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import _normalize
from chainer.utils import type_check


class Swapaxes(function_node.FunctionNode):
    """Interchange two axes of an array."""

    def __init__(self, axis1, axis2):
        self.axis1 = _normalize.check_int(axis1, 'axis1', 'swapaxes')
        self.axis2 = _normalize.check_int(axis2, 'axis2', 'swapaxes')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        _utils.expect_axis(x_type, self.axis1, 'axis1')
        _utils.expect_axis(x_type, self.axis2, 'axis2')

    def forward(self, inputs):
        x, = inputs
        return x.swapaxes(self.axis1, self.axis2),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        return Swapaxes(self.axis1, self.axis2).apply((gy,))


def swapaxes(x, axis1, axis2):
    """Interchange the axes ``axis1`` and ``axis2`` of ``x``.

    Args:
        x (Variable or array): the input.
        axis1, axis2 (int): the axes to swap (negative counts from the end).
    Returns:
        Variable: a view of ``x`` with the two axes exchanged.

    .. admonition:: Example

        >>> x = np.zeros((2, 3, 4), np.float32)
        >>> F.swapaxes(x, 0, 2).shape
        (4, 3, 2)
    """
    y, = Swapaxes(axis1, axis2).apply((x,))
    return y
