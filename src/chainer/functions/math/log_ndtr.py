"""Logarithm of the normal cumulative distribution function (SciPy)."""
import numpy

from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import erfcx


class LogNdtr(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'log_ndtr'
    _retain = 'input'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        # d/dx ln Phi(x) = phi(x) / Phi(x) = sqrt(2 / pi) / erfcx(-x / sqrt(2)), stable
        return grad_outputs[0] * numpy.sqrt(2 / numpy.pi) / erfcx.erfcx(
            x * (-1 / numpy.sqrt(2))),


def log_ndtr(x):
    """Logarithm of the normal cumulative distribution function, elementwise:
    :math:`\\ln \\Phi(x)`, accurate also where :math:`\\Phi(x)` underflows (very
    negative :math:`x`).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return LogNdtr().apply((x,))[0]
