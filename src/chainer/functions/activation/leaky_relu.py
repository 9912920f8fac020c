"""Leaky rectified linear unit."""
from chainer import function_node
from chainer.functions.activation import _util
from chainer.utils import type_check


class LeakyReLU(function_node.FunctionNode):
    """Elementwise ``x`` for ``x >= 0`` and ``slope * x`` otherwise."""

    def __init__(self, slope=0.2):
        self.slope = _util.check_real(slope, 'slope', 'leaky_relu')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        x, = inputs
        self._d = _util.select_slope(x >= 0, self.slope, x.dtype)
        return x * self._d,

    def backward(self, indexes, grad_outputs):
        return _util.ScaleByConstant(self._d).apply(grad_outputs)


def leaky_relu(x, slope=0.2):
    """Leaky rectifier: ``x`` where ``x >= 0``, ``slope * x`` elsewhere.

    Args:
        x (Variable or array): a float input.
        slope (float): the slope of the negative part.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> F.leaky_relu(np.array([-2, 3], np.float32), slope=0.1).array
        array([-0.2,  3. ], dtype=float32)
    """
    y, = LeakyReLU(slope).apply((x,))
    return y
