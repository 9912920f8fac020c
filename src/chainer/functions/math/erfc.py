"""Complementary error function (SciPy)."""
import math

from chainer.functions import _rules


Erfc = _rules.unary(
    'Erfc', 'erfc', label='erfc', keep='x',
    grad=lambda F, gy, x: gy * (-2 / math.sqrt(math.pi)) * F.exp(-x * x))


erfc = _rules.function(Erfc, 'erfc', doc="""
    Complementary error function, elementwise: :math:`\\mathrm{erfc}(x) = 1 -
    \\mathrm{erf}(x)`, accurate where it is small (large :math:`x`).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
