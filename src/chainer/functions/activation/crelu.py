"""Concatenated rectified linear unit."""
import chainer
from chainer.functions.array import _utils
from chainer.functions.math import _util
from chainer.utils import _normalize
from chainer import function_node


class CReLU(function_node.FunctionNode):
    """``concat((relu(x), relu(-x)), axis)``."""

    def __init__(self, axis=1):
        self.axis = _normalize.check_int(axis, 'axis', 'crelu')

    def check_type_forward(self, in_types):
        x_type = _util.check_float_input(in_types)
        _utils.expect_axis(x_type, self.axis)

    def forward(self, inputs):
        x, = inputs
        xp = chainer.backend.get_array_module(x)
        zero = x.dtype.type(0)
        self.retain_inputs((0,))
        return xp.concatenate((xp.maximum(x, zero), xp.maximum(-x, zero)),
                              axis=self.axis),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        g_pos, g_neg = chainer.functions.split_axis(gy, 2, self.axis)
        pos = (x.array > 0).astype(gy.dtype)
        neg = (x.array < 0).astype(gy.dtype)
        # d relu(x)/dx = [x > 0]; d relu(-x)/dx = -[x < 0].
        return g_pos * pos - g_neg * neg,


def crelu(x, axis=1):
    """Concatenated ReLU: ``concat((relu(x), relu(-x)), axis)``.

    The output is twice as long as ``x`` along ``axis``.

    Args:
        x (Variable or array): a float input.
        axis (int): the axis along which the two halves are joined.
    Returns:
        Variable with ``2 * x.shape[axis]`` entries along ``axis``.

    .. admonition:: Example

        >>> x = np.array([[-1, 2]], np.float32)
        >>> F.crelu(x).array
        array([[0., 2., 1., 0.]], dtype=float32)
    """
    y, = CReLU(axis).apply((x,))
    return y
