"""Elementwise square."""
from chainer.functions import _rules


Square = _rules.unary('Square', 'square', label='square', keep='x',
                      grad=lambda F, gy, x: gy * x * 2)


square = _rules.function(Square, 'square', doc="""
    Elementwise square, :math:`y_i = x_i^2`.
""")
