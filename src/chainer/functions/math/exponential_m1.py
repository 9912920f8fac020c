"""``expm1``: ``exp(x) - 1``, accurate for small ``x``."""
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class Expm1(function_node.FunctionNode):
    """Elementwise ``exp(x) - 1``."""

    @property
    def label(self):
        return 'expm1'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.expm1(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        # d/dx (e^x - 1) = e^x = y + 1
        return (y + 1) * grad_outputs[0],


def expm1(x):
    """Elementwise :math:`y_i = e^{x_i} - 1`, computed without cancellation near 0.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Expm1().apply((x,))[0]
