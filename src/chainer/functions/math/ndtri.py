"""Inverse of the normal cumulative distribution function (SciPy)."""
import math

from chainer.functions import _rules


Ndtri = _rules.unary(
    'Ndtri', 'ndtri', label='ndtri', keep='y',
    grad=lambda F, gy, y: gy * math.sqrt(2 * math.pi) * F.exp(y * y * 0.5))


ndtri = _rules.function(Ndtri, 'ndtri', doc="""
    Inverse of the normal cumulative distribution function, elementwise: :math:`y =
    \\Phi^{-1}(x)`, defined on :math:`[0, 1]` (infinite at the ends, NaN outside).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
