"""Inverse complementary error function (SciPy)."""
import numpy

from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import exponential


class ErfcInv(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'erfcinv'
    _retain = 'output'

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] * (-numpy.sqrt(numpy.pi) / 2) * exponential.exp(y * y),


def erfcinv(x):
    """Inverse complementary error function, elementwise: :math:`y =
    \\mathrm{erfc}^{-1}(x)`, defined on :math:`[0, 2]` (infinite at the ends, NaN
    outside).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return ErfcInv().apply((x,))[0]
