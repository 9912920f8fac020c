"""Leaky rectified linear unit."""
from chainer.functions import _rules
from chainer.functions.activation import _util


class LeakyReLU(_rules.Rule):
    """Elementwise ``x`` for ``x >= 0`` and ``slope * x`` otherwise."""

    keep = '_d'  # the slope of each element, 1 or ``slope``
    grads = (lambda F, gy, d: F.scale(gy, d),)

    def __init__(self, slope=0.2):
        self.slope = _util.check_real(slope, 'slope', 'leaky_relu')

    def compute(self, xp, x):
        self._d = _util.select_slope(x >= 0, self.slope, x.dtype)
        return x * self._d


def leaky_relu(x, slope=0.2):
    """Leaky rectifier: ``x`` where ``x >= 0``, ``slope * x`` elsewhere.

    Args:
        x (Variable or array): a float input.
        slope (float): the slope of the negative part.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> F.leaky_relu(np.array([-2, 3], np.float32), slope=0.1).array
        array([-0.2,  3. ], dtype=float32)
    """
    y, = LeakyReLU(slope).apply((x,))
    return y
