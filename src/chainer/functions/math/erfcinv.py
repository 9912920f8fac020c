"""Inverse complementary error function (SciPy)."""
import math

from chainer.functions import _rules


ErfcInv = _rules.unary(
    'ErfcInv', 'erfcinv', label='erfcinv', keep='y',
    grad=lambda F, gy, y: gy * (-math.sqrt(math.pi) / 2) * F.exp(y * y))


erfcinv = _rules.function(ErfcInv, 'erfcinv', doc="""
    Inverse complementary error function, elementwise: :math:`y =
    \\mathrm{erfc}^{-1}(x)`, defined on :math:`[0, 2]` (infinite at the ends, NaN
    outside).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
