"""Logarithm of the absolute value of the gamma function (SciPy)."""
from chainer import function_node
from chainer.functions.math import _util
from chainer.functions.math import digamma


class LGamma(_util.SpecialUnary, function_node.FunctionNode):

    _special_name = 'gammaln'
    _retain = 'input'

    @property
    def label(self):
        return 'lgamma'

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return grad_outputs[0] * digamma.digamma(x),


def lgamma(x):
    """Logarithm of the absolute value of the gamma function, elementwise: :math:`\\ln
    |\\Gamma(x)|`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return LGamma().apply((x,))[0]
