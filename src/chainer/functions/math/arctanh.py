"""Inverse hyperbolic tangent."""
from chainer.functions import _rules


Arctanh = _rules.unary('Arctanh', 'arctanh', label='arctanh', keep='x',
                       grad=lambda F, gy, x: gy / (1 - x * x))


def arctanh(x):
    """Elementwise inverse hyperbolic tangent,
    :math:`y_i = \\frac{1}{2} \\ln \\frac{1 + x_i}{1 - x_i}`.

    The gradient is :math:`1 / (1 - x^2)`.

    Args:
        x (Variable or array): input of a float dtype, in :math:`(-1, 1)`.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Arctanh().apply((x,))[0]
