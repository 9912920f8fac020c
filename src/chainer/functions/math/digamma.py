"""Digamma function (SciPy)."""
from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import polygamma


class DiGamma(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'digamma'
    _retain = 'input'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * polygamma.polygamma(1, x),


def digamma(x):
    """Digamma function, elementwise: :math:`\\psi(x) = \\frac{d}{dx} \\ln \\Gamma(x)`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return DiGamma().apply((x,))[0]
