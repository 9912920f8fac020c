"""Mean squared error between two arrays."""
import numpy

from chainer.functions.loss import _util


class MeanSquaredError(_util.DifferenceLoss):
    """``mean((x0 - x1) ** 2)`` over all elements."""

    keep = 'x0 x1'
    grad = staticmethod(lambda F, gy, x0, x1: gy * (2.0 / x0.size) * (x0 - x1))

    def compute(self, xp, x0, x1):
        diff = (x0 - x1).ravel()
        if diff.dtype == numpy.float16:
            diff = diff.astype(numpy.float32)
        return diff.dot(diff) / diff.size


def mean_squared_error(x0, x1):
    """Mean squared error, ``sum((x0 - x1) ** 2) / x0.size``.

    Args:
        x0, x1 (Variable or array): inputs of one shape and float dtype.
    Returns:
        Variable holding a 0-d array of their dtype.

    .. admonition:: Example

        >>> x0 = np.array([1, 2, 3, 4], np.float32)
        >>> x1 = np.array([1, 0, 0, 4], np.float32)
        >>> F.mean_squared_error(x0, x1).array  # (0 + 4 + 9 + 0) / 4
        array(3.25, dtype=float32)
    """
    return MeanSquaredError().apply((x0, x1))[0]
