"""Hyperbolic tangent."""
from chainer.functions import _rules


Tanh = _rules.unary(
    'Tanh', 'tanh', keep='y', grad=lambda F, gy, y: gy * (1 - y * y),
    doc="Elementwise ``tanh(x)``.")


tanh = _rules.function(Tanh, 'tanh', doc="""
    Elementwise hyperbolic tangent.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([0, 1], np.float32))
        >>> y = F.tanh(x)
        >>> np.round(y.array, 4)
        array([0.    , 0.7616], dtype=float32)
        >>> F.sum(y).backward()  # the derivative is 1 - y ** 2
        >>> np.round(x.grad, 4)
        array([1.  , 0.42], dtype=float32)
""")
