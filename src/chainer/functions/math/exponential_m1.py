"""``expm1``: ``exp(x) - 1``, accurate for small ``x``."""
from chainer.functions import _rules


# d/dx (e^x - 1) = e^x = y + 1
Expm1 = _rules.unary('Expm1', 'expm1', label='expm1', keep='y',
                     grad=lambda F, gy, y: gy * (y + 1), doc="Elementwise ``exp(x) - 1``.")


expm1 = _rules.function(Expm1, 'expm1', doc="""
    Elementwise :math:`y_i = e^{x_i} - 1`, computed without cancellation near 0.
""")
