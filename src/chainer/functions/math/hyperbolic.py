"""Hyperbolic functions: sinh and cosh."""
from chainer.functions import _rules


Sinh = _rules.unary('Sinh', 'sinh', label='sinh', keep='x',
                    grad=lambda F, gy, x: gy * F.cosh(x))
Cosh = _rules.unary('Cosh', 'cosh', label='cosh', keep='x',
                    grad=lambda F, gy, x: gy * F.sinh(x))


sinh = _rules.function(Sinh, 'sinh', doc="""
    Elementwise hyperbolic sine, :math:`y_i = (e^{x_i} - e^{-x_i}) / 2`.
""")


cosh = _rules.function(Cosh, 'cosh', doc="""
    Elementwise hyperbolic cosine, :math:`y_i = (e^{x_i} + e^{-x_i}) / 2`.
""")
