"""Logarithm of the absolute value of the gamma function (SciPy)."""
from chainer.functions import _rules


LGamma = _rules.unary(
    'LGamma', 'lgamma', label='lgamma', keep='x',
    grad=lambda F, gy, x: gy * F.digamma(x))


lgamma = _rules.function(LGamma, 'lgamma', doc="""
    Logarithm of the absolute value of the gamma function, elementwise: :math:`\\ln
    |\\Gamma(x)|`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
