"""``log1p``: ``log(1 + x)``, accurate for small ``x``."""
from chainer.functions import _rules


Log1p = _rules.unary('Log1p', 'log1p', label='log1p', keep='x',
                     grad=lambda F, gy, x: gy / (x + 1), doc="Elementwise ``log(1 + x)``.")


log1p = _rules.function(Log1p, 'log1p', doc="""
    Elementwise :math:`y_i = \\ln(1 + x_i)`, computed without cancellation near 0.
""")
