"""Rectified linear unit."""
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


class ReLU(function_node.FunctionNode):
    """Elementwise ``max(x, 0)``."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return xp.maximum(x, x.dtype.type(0)),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return ReLUGrad(y.array).apply(grad_outputs)


class ReLUGrad(function_node.FunctionNode):
    # gy masked by y > 0. As y is a constant here, its own gradient is the same mask.

    def __init__(self, y):
        self.y = y

    def forward(self, inputs):
        gy, = inputs
        # A product with the mask, not where(): where() branches on every element
        # and is several times slower when the signs are mixed.
        return utils.force_array(gy * (self.y > 0), gy.dtype),

    def backward(self, indexes, grad_outputs):
        return ReLUGrad(self.y).apply(grad_outputs)


def relu(x):
    """Rectified linear unit, ``max(x, 0)`` elementwise.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the same shape and dtype.

    .. admonition:: Example

        >>> x = np.array([[-1, 0], [2, -3]], np.float32)
        >>> F.relu(x).array
        array([[0., 0.],
               [2., 0.]], dtype=float32)
    """
    y, = ReLU().apply((x,))
    return y
