"""Error function (SciPy)."""
import numpy

from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import exponential


class Erf(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'erf'
    _retain = 'input'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * (2 / numpy.sqrt(numpy.pi)) * exponential.exp(-x * x),


def erf(x):
    """Error function, elementwise: :math:`\\mathrm{erf}(x) = \\frac{2}{\\sqrt{\\pi}}
    \\int_0^x e^{-t^2} dt`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Erf().apply((x,))[0]
