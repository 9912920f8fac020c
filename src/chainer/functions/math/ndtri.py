"""Inverse of the normal cumulative distribution function (SciPy)."""
import numpy

from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import exponential


class Ndtri(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'ndtri'
    _retain = 'output'

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return grad_outputs[0] * numpy.sqrt(2 * numpy.pi) * exponential.exp(
            y * y * 0.5),


def ndtri(x):
    """Inverse of the normal cumulative distribution function, elementwise: :math:`y =
    \\Phi^{-1}(x)`, defined on :math:`[0, 1]` (infinite at the ends, NaN outside).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Ndtri().apply((x,))[0]
