"""``log1p``: ``log(1 + x)``, accurate for small ``x``."""
from chainer.functions import _rules


Log1p = _rules.unary('Log1p', 'log1p', label='log1p', keep='x',
                     grad=lambda F, gy, x: gy / (x + 1), doc="Elementwise ``log(1 + x)``.")


def log1p(x):
    """Elementwise :math:`y_i = \\ln(1 + x_i)`, computed without cancellation near 0.

    Args:
        x (Variable or array): input of a float dtype.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    return Log1p().apply((x,))[0]
