"""Inserting an axis of length one."""
import chainer
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import _normalize
from chainer.utils import type_check


class ExpandDims(function_node.FunctionNode):
    """Insert an axis of length 1 at ``axis``."""

    def __init__(self, axis):
        self.axis = _normalize.check_int(axis, 'axis', 'expand_dims')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        _utils.expect_axis(x_type, self.axis, extra=1)

    def forward(self, inputs):
        x, = inputs
        axis = self.axis % (x.ndim + 1)
        self._in_shape = x.shape
        return x.reshape(x.shape[:axis] + (1,) + x.shape[axis:]),

    def backward(self, indexes, grad_outputs):
        return chainer.functions.reshape(grad_outputs[0], self._in_shape),


def expand_dims(x, axis):
    """Insert an axis of length 1 into ``x`` at position ``axis``.

    Args:
        x (Variable or array): the input, of ndim ``N``.
        axis (int): where the new axis is in the output, in ``[-N - 1, N]``
            (negative counts from the end as in :func:`numpy.expand_dims`).
    Returns:
        Variable of ndim ``N + 1``.

    .. admonition:: Example

        >>> x = np.array([1, 2, 3], np.float32)
        >>> F.expand_dims(x, 0).shape
        (1, 3)
        >>> F.expand_dims(x, -1).shape
        (3, 1)
    """
    y, = ExpandDims(axis).apply((x,))
    return y
