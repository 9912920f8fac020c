"""``log1p``: ``log(1 + x)``, accurate for small ``x``."""
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class Log1p(function_node.FunctionNode):
    """Elementwise ``log(1 + x)``."""

    @property
    def label(self):
        return 'log1p'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        return utils.force_array(xp.log1p(x), x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] / (x + 1),


def log1p(x):
    """Elementwise :math:`y_i = \\ln(1 + x_i)`, computed without cancellation near 0.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Log1p().apply((x,))[0]
