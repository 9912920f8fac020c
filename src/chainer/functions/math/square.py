"""Elementwise square."""
from chainer.functions import _rules


Square = _rules.unary('Square', 'square', label='square', keep='x',
                      grad=lambda F, gy, x: gy * x * 2)


def square(x):
    """Elementwise square, :math:`y_i = x_i^2`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Square().apply((x,))[0]
