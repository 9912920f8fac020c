"""Stacking arrays along a new axis."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import _normalize
from chainer.utils import type_check


class Stack(function_node.FunctionNode):
    """Join arrays of one shape along a new axis."""

    def __init__(self, axis):
        self.axis = _normalize.check_int(axis, 'axis', 'stack')

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        x0 = in_types[0]
        _utils.expect_axis(x0, self.axis, extra=1)
        ndim = type_check.eval(x0.ndim)
        for x in in_types[1:]:
            type_check.expect(
                x.dtype == x0.dtype,
                x.ndim == x0.ndim,
            )
            for d in range(ndim):
                type_check.expect(x.shape[d] == x0.shape[d])

    def forward(self, inputs):
        xp = backend.get_array_module(*inputs)
        return xp.stack(inputs, axis=self.axis),

    def backward(self, indexes, grad_outputs):
        gys = chainer.functions.separate(grad_outputs[0], self.axis)
        return tuple([gys[i] for i in indexes])


def stack(xs, axis=0):
    """Stack arrays of one shape along a new axis.

    Args:
        xs (list or tuple of Variables or arrays): inputs of the same shape
            ``s`` and dtype.
        axis (int): where the new axis goes in the output, in
            ``[-len(s) - 1, len(s)]``.
    Returns:
        Variable: ``numpy.stack(xs, axis)``, of ndim ``len(s) + 1``.

    .. admonition:: Example

        >>> x = np.zeros((2, 3), np.float32)
        >>> F.stack((x, x, x), axis=1).shape
        (2, 3, 3)
    """
    y, = Stack(axis).apply(_utils.as_sequence(xs, 'xs', 'stack'))
    return y
