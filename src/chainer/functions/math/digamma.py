"""Digamma function (SciPy)."""
from chainer.functions import _rules


DiGamma = _rules.unary(
    'DiGamma', 'digamma', label='digamma', keep='x',
    grad=lambda F, gy, x: gy * F.polygamma(1, x))


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
