"""Elementwise absolute error."""
from chainer.functions.loss import _util


class AbsoluteError(_util.DifferenceLoss):
    """Elementwise ``|x0 - x1|``."""

    keep = '_sign'
    grad = staticmethod(lambda F, gy, sign: F.scale(gy, sign))

    def compute(self, xp, x0, x1):
        diff = x0 - x1
        self._sign = xp.sign(diff)
        return xp.abs(diff)


def absolute_error(x0, x1):
    """Elementwise absolute error, ``|x0 - x1|``.

    Args:
        x0, x1 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable of that shape and dtype.
    """
    return AbsoluteError().apply((x0, x1))[0]
