"""Scaled complementary error function (SciPy)."""
import math

from chainer.functions import _rules


ErfcX = _rules.unary(
    'ErfcX', 'erfcx', label='erfcx', keep='x y',
    grad=lambda F, gy, x, y: gy * (2 * x * y - 2 / math.sqrt(math.pi)))


erfcx = _rules.function(ErfcX, 'erfcx', doc="""
    Scaled complementary error function, elementwise: :math:`\\mathrm{erfcx}(x) =
    e^{x^2} \\mathrm{erfc}(x)`, which does not underflow for large :math:`x`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
