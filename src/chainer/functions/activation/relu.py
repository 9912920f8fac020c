"""Rectified linear unit."""
from chainer.functions import _rules


ReLU = _rules.unary(
    'ReLU', lambda xp, x: xp.maximum(x, x.dtype.type(0)), keep='y',
    grad=lambda F, gy, y: F.relu_grad(gy, y),
    doc="Elementwise ``max(x, 0)``.")


relu = _rules.function(ReLU, 'relu', doc="""
    Rectified linear unit, ``max(x, 0)`` elementwise.

    .. admonition:: Example

        >>> x = np.array([[-1, 0], [2, -3]], np.float32)
        >>> F.relu(x).array
        array([[0., 0.],
               [2., 0.]], dtype=float32)
""")
