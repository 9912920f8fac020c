"""Normal cumulative distribution function (SciPy)."""
import numpy

from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import exponential


class Ndtr(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'ndtr'
    _retain = 'input'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * (1 / numpy.sqrt(2 * numpy.pi)) * exponential.exp(
            x * x * -0.5),


def ndtr(x):
    """Normal cumulative distribution function, elementwise: :math:`\\Phi(x) =
    \\frac{1}{\\sqrt{2\\pi}} \\int_{-\\infty}^x e^{-t^2/2} dt`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Ndtr().apply((x,))[0]
