"""Digamma function (SciPy)."""
from chainer.functions import _rules


DiGamma = _rules.unary(
    'DiGamma', 'digamma', label='digamma', keep='x',
    grad=lambda F, gy, x: gy * F.polygamma(1, x))


digamma = _rules.function(DiGamma, 'digamma', doc="""
    Digamma function, elementwise: :math:`\\psi(x) = \\frac{d}{dx} \\ln \\Gamma(x)`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
