"""Reversing the order of elements along an axis."""
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


def _flip(array, axis):
    """``array`` reversed along ``axis``, as a view (NumPy or CuPy array)."""
    index = [slice(None)] * array.ndim
    index[axis] = slice(None, None, -1)
    return array[tuple(index)]


class Flip(function_node.FunctionNode):
    """Reverse the elements along ``axis``."""

    def __init__(self, axis):
        self.axis = _utils.check_int(axis, 'axis', 'flip')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        type_check.expect(x_type.ndim >= 1)
        _utils.expect_axis(x_type, self.axis)

    def forward(self, inputs):
        x, = inputs
        return _flip(x, self.axis),

    def backward(self, indexes, grad_outputs):
        return Flip(self.axis).apply(grad_outputs)


def flip(x, axis):
    """Reverse the order of the elements of ``x`` along ``axis``.

    Args:
        x (Variable or array): an input of at least one dimension.
        axis (int): the axis to reverse (negative counts from the end).
    Returns:
        Variable: a reversed view of ``x``.

    .. admonition:: Example

        >>> F.flip(np.array([[1, 2], [3, 4]], np.float32), 1).array
        array([[2., 1.],
               [4., 3.]], dtype=float32)
    """
    y, = Flip(axis).apply((x,))
    return y
