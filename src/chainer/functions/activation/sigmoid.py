"""Logistic sigmoid."""
from chainer.functions import _rules


Sigmoid = _rules.unary(
    'Sigmoid', 'sigmoid', keep='y', grad=lambda F, gy, y: (1 - y) * y * gy,
    doc="Elementwise ``1 / (1 + exp(-x))``.")


sigmoid = _rules.function(Sigmoid, 'sigmoid', doc="""
    Elementwise logistic sigmoid, ``1 / (1 + exp(-x))``.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([-2, 0, 2], np.float32))
        >>> y = F.sigmoid(x)
        >>> np.round(y.array, 4)
        array([0.1192, 0.5   , 0.8808], dtype=float32)
        >>> F.sum(y).backward()  # the derivative is y * (1 - y)
        >>> np.round(x.grad, 4)
        array([0.105, 0.25 , 0.105], dtype=float32)
""")
