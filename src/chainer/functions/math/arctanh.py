"""Inverse hyperbolic tangent."""
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class Arctanh(function_node.FunctionNode):

    @property
    def label(self):
        return 'arctanh'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.arctanh(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / (1 - x * x),


def arctanh(x):
    """Elementwise inverse hyperbolic tangent,
    :math:`y_i = \\frac{1}{2} \\ln \\frac{1 + x_i}{1 - x_i}`.

    The gradient is :math:`1 / (1 - x^2)`.

    Args:
        x (Variable or array): input of a float dtype, in :math:`(-1, 1)`.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Arctanh().apply((x,))[0]
