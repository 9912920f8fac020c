"""Elementwise squared error (squared difference)."""
from chainer.functions.loss import _util


class SquaredError(_util.DifferenceLoss):
    """Elementwise ``(x0 - x1) ** 2``."""

    keep = 'x0 x1'
    grad = staticmethod(lambda F, gy, x0, x1: 2 * gy * (x0 - x1))

    def compute(self, xp, x0, x1):
        diff = x0 - x1
        return diff * diff


def squared_error(x0, x1):
    """Elementwise squared error, ``(x0 - x1) ** 2``.

    Args:
        x0, x1 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable of that shape and dtype.
    """
    return SquaredError().apply((x0, x1))[0]


def squared_difference(x1, x2):
    """Elementwise squared difference, ``(x1 - x2) ** 2`` (same as :func:`squared_error`).

    Args:
        x1, x2 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable of that shape and dtype.
    """
    return SquaredError().apply((x1, x2))[0]
