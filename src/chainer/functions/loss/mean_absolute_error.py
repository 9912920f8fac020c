"""Mean absolute error between two arrays."""
import numpy

from chainer.functions.loss import _util


class MeanAbsoluteError(_util.DifferenceLoss):
    """``mean(|x0 - x1|)`` over all elements."""

    # The slope is constant (the sign of x0 - x1), so the second derivative is 0.
    keep = '_sign'
    grad = staticmethod(lambda F, gy, sign: F.scale(gy * (1.0 / sign.size), sign))

    def compute(self, xp, x0, x1):
        diff = x0 - x1
        self._sign = xp.sign(diff)
        work = diff.astype(numpy.float32) if diff.dtype == numpy.float16 else diff
        return xp.abs(work).sum() / diff.size


def mean_absolute_error(x0, x1):
    """Mean absolute error, ``sum(|x0 - x1|) / x0.size``.

    Args:
        x0, x1 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable holding a 0-d array of their dtype.

    .. admonition:: Example

        >>> x0 = np.array([1, 2, 3, 4], np.float32)
        >>> x1 = np.array([1, 0, 1, 4], np.float32)
        >>> F.mean_absolute_error(x0, x1).array  # (0 + 2 + 2 + 0) / 4
        array(1., dtype=float32)
    """
    return MeanAbsoluteError().apply((x0, x1))[0]
