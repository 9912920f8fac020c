"""Logarithm of the normal cumulative distribution function (SciPy)."""
import math

from chainer.functions import _rules


# d/dx ln Phi(x) = phi(x) / Phi(x) = sqrt(2 / pi) / erfcx(-x / sqrt(2)), stable
LogNdtr = _rules.unary(
    'LogNdtr', 'log_ndtr', label='log_ndtr', keep='x',
    grad=lambda F, gy, x: gy * math.sqrt(2 / math.pi) / F.erfcx(x * (-1 / math.sqrt(2))))


log_ndtr = _rules.function(LogNdtr, 'log_ndtr', doc="""
    Logarithm of the normal cumulative distribution function, elementwise:
    :math:`\\ln \\Phi(x)`, accurate also where :math:`\\Phi(x)` underflows (very
    negative :math:`x`).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
