"""Inverse hyperbolic tangent."""
from chainer.functions import _rules


Arctanh = _rules.unary('Arctanh', 'arctanh', label='arctanh', keep='x',
                       grad=lambda F, gy, x: gy / (1 - x * x))


arctanh = _rules.function(Arctanh, 'arctanh', domain=', in :math:`(-1, 1)`', doc="""
    Elementwise inverse hyperbolic tangent,
    :math:`y_i = \\frac{1}{2} \\ln \\frac{1 + x_i}{1 - x_i}`.

    The gradient is :math:`1 / (1 - x^2)`.
""")
