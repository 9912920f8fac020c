"""Hyperbolic functions: sinh and cosh."""
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class Sinh(function_node.FunctionNode):

    @property
    def label(self):
        return 'sinh'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.sinh(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * cosh(x),


def sinh(x):
    """Elementwise hyperbolic sine, :math:`y_i = (e^{x_i} - e^{-x_i}) / 2`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Sinh().apply((x,))[0]


class Cosh(function_node.FunctionNode):

    @property
    def label(self):
        return 'cosh'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.cosh(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * sinh(x),


def cosh(x):
    """Elementwise hyperbolic cosine, :math:`y_i = (e^{x_i} + e^{-x_i}) / 2`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Cosh().apply((x,))[0]
