"""Normal cumulative distribution function (SciPy)."""
import math

from chainer.functions import _rules


Ndtr = _rules.unary(
    'Ndtr', 'ndtr', label='ndtr', keep='x',
    grad=lambda F, gy, x: gy * (1 / math.sqrt(2 * math.pi)) * F.exp(x * x * -0.5))


ndtr = _rules.function(Ndtr, 'ndtr', doc="""
    Normal cumulative distribution function, elementwise: :math:`\\Phi(x) =
    \\frac{1}{\\sqrt{2\\pi}} \\int_{-\\infty}^x e^{-t^2/2} dt`.

    Computed with ``scipy.special`` (``cupyx.scipy.special`` for CuPy arrays); SciPy
    is the optional ``special`` extra (``pip install "chainer[special]"``), and
    an ImportError saying so is raised when it is missing.
""")
