"""Scaled complementary error function (SciPy)."""
import numpy

from chainer import function_node
from chainer.functions.math import _util


class ErfcX(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'erfcx'
    _retain = 'both'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        y, = self.get_retained_outputs()
        return grad_outputs[0] * (2 * x * y - 2 / numpy.sqrt(numpy.pi)),


def erfcx(x):
    """Scaled complementary error function, elementwise: :math:`\\mathrm{erfcx}(x) =
    e^{x^2} \\mathrm{erfc}(x)`, which does not underflow for large :math:`x`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return ErfcX().apply((x,))[0]
