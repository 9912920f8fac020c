"""Hyperbolic functions: sinh and cosh."""
from chainer.functions import _rules


Sinh = _rules.unary('Sinh', 'sinh', label='sinh', keep='x',
                    grad=lambda F, gy, x: gy * F.cosh(x))
Cosh = _rules.unary('Cosh', 'cosh', label='cosh', keep='x',
                    grad=lambda F, gy, x: gy * F.sinh(x))


def sinh(x):
    """Elementwise hyperbolic sine, :math:`y_i = (e^{x_i} - e^{-x_i}) / 2`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Sinh().apply((x,))[0]


def cosh(x):
    """Elementwise hyperbolic cosine, :math:`y_i = (e^{x_i} + e^{-x_i}) / 2`.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Cosh().apply((x,))[0]
