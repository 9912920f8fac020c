"""Complementary error function (SciPy)."""
import numpy

from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import exponential


class Erfc(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'erfc'
    _retain = 'input'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * (-2 / numpy.sqrt(numpy.pi)) * exponential.exp(-x * x),


def erfc(x):
    """Complementary error function, elementwise: :math:`\\mathrm{erfc}(x) = 1 -
    \\mathrm{erf}(x)`, accurate where it is small (large :math:`x`).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Erfc().apply((x,))[0]
