"""Diagonals of arrays."""
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import _normalize
from chainer.utils import type_check


class Diagonal(function_node.FunctionNode):
    """``xp.diagonal(x, offset, axis1, axis2)``."""

    def __init__(self, offset, axis1, axis2):
        self.offset = _normalize.check_int(offset, 'offset', 'diagonal')
        self.axis1 = _normalize.check_int(axis1, 'axis1', 'diagonal')
        self.axis2 = _normalize.check_int(axis2, 'axis2', 'diagonal')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        type_check.expect(x_type.ndim >= 2)
        _utils.expect_axis(x_type, self.axis1, 'axis1')
        _utils.expect_axis(x_type, self.axis2, 'axis2')

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        if self.axis1 % x.ndim == self.axis2 % x.ndim:
            raise ValueError('diagonal: axis1 and axis2 must be different axes, got '
                             '{} and {}'.format(self.axis1, self.axis2))
        self._in_shape = x.shape
        return xp.diagonal(x, self.offset, self.axis1, self.axis2).copy(),

    def backward(self, indexes, grad_outputs):
        return DiagonalGrad(self._in_shape, self.offset, self.axis1,
                            self.axis2).apply(grad_outputs)


class DiagonalGrad(function_node.FunctionNode):
    """Place a diagonal back into a zero array."""

    def __init__(self, shape, offset, axis1, axis2):
        self.shape = shape
        self.offset = offset
        self.axis1 = axis1
        self.axis2 = axis2

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        gx = xp.zeros(self.shape, gy.dtype)
        # A view with the two axes last; the diagonal is its last axis in gy.
        view = xp.moveaxis(gx, (self.axis1, self.axis2), (-2, -1))
        n = gy.shape[-1]
        i = xp.arange(n)
        if self.offset >= 0:
            view[..., i, i + self.offset] = gy
        else:
            view[..., i - self.offset, i] = gy
        return gx,

    def backward(self, indexes, grad_outputs):
        return Diagonal(self.offset, self.axis1, self.axis2).apply(grad_outputs)


def diagonal(x, offset=0, axis1=0, axis2=1):
    """The diagonals of ``x`` (:func:`numpy.diagonal`).

    Args:
        x (Variable or array): an input of at least two dimensions.
        offset (int): the diagonal's offset from the main one (positive: above).
        axis1, axis2 (int): the two axes of the 2-D sub-arrays whose diagonals are
            taken.
    Returns:
        Variable: the other axes followed by the diagonal axis.

    .. admonition:: Example

        >>> x = np.arange(9, dtype=np.float32).reshape(3, 3)
        >>> F.diagonal(x).array
        array([0., 4., 8.], dtype=float32)
        >>> F.diagonal(x, offset=1).array
        array([1., 5.], dtype=float32)
    """
    y, = Diagonal(offset, axis1, axis2).apply((x,))
    return y
