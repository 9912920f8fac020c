"""Inverse error function (SciPy)."""
import math

from chainer.functions import _rules


ErfInv = _rules.unary(
    'ErfInv', 'erfinv', label='erfinv', keep='y',
    grad=lambda F, gy, y: gy * (math.sqrt(math.pi) / 2) * F.exp(y * y))


erfinv = _rules.function(ErfInv, 'erfinv', doc="""
    Inverse error function, elementwise: :math:`y = \\mathrm{erf}^{-1}(x)`,
    defined on :math:`[-1, 1]` (infinite at the ends, NaN outside).

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
