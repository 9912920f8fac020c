"""Error function (SciPy)."""
import math

from chainer.functions import _rules


Erf = _rules.unary(
    'Erf', 'erf', label='erf', keep='x',
    grad=lambda F, gy, x: gy * (2 / math.sqrt(math.pi)) * F.exp(-x * x))


erf = _rules.function(Erf, 'erf', doc="""
    Error function, elementwise: :math:`\\mathrm{erf}(x) = \\frac{2}{\\sqrt{\\pi}}
    \\int_0^x e^{-t^2} dt`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
