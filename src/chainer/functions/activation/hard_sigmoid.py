"""Hard (piecewise-linear) sigmoid."""
from chainer.functions import _rules
from chainer import utils


class HardSigmoid(_rules.Rule):
    """Elementwise ``clip(0.2 * x + 0.5, 0, 1)``."""

    keep = '_slope'  # 0.2 inside (-2.5, 2.5), 0 outside
    grads = (lambda F, gy, slope: F.scale(gy, slope),)

    def compute(self, xp, x):
        t = x.dtype.type
        y = utils.force_array(x * t(0.2))
        y += t(0.5)
        xp.clip(y, t(0), t(1), out=y)
        self._slope = ((x > -2.5) & (x < 2.5)).astype(x.dtype)
        self._slope *= t(0.2)
        return y


def hard_sigmoid(x):
    """Hard sigmoid: ``clip(0.2 * x + 0.5, 0, 1)`` elementwise.

    A piecewise-linear approximation of the sigmoid: 0 below -2.5, 1 above 2.5,
    and a slope of 0.2 between.

    Args:
        x (Variable or array): a float input.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> F.hard_sigmoid(np.array([-3, 0, 1, 3], np.float32)).array
        array([0. , 0.5, 0.7, 1. ], dtype=float32)
    """
    y, = HardSigmoid().apply((x,))
    return y
