"""Clipped rectified linear unit, and ReLU6."""
from chainer.functions import _rules
from chainer.functions.activation import _util


class ClippedReLU(_rules.Rule):
    """Elementwise ``min(max(0, x), z)``."""

    keep = '_mask'  # where 0 < x < z: the gradient passes
    grads = (lambda F, gy, mask: F.scale(gy, mask),)

    def __init__(self, z):
        self.cap = _util.check_real(z, 'z', 'clipped_relu')

    def compute(self, xp, x):
        self._mask = (x > 0) & (x < self.cap)
        return xp.minimum(xp.maximum(x, x.dtype.type(0)), x.dtype.type(self.cap))


def clipped_relu(x, z=20.0):
    """Clipped rectifier: ``min(max(0, x), z)`` elementwise.

    The gradient is 1 where ``0 < x < z`` and 0 elsewhere.

    Args:
        x (Variable or array): a float input.
        z (float): the clipping value (the largest output).
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([-1, 0.5, 30], np.float32)
        >>> F.clipped_relu(x, z=10).array
        array([ 0. ,  0.5, 10. ], dtype=float32)
    """
    y, = ClippedReLU(z).apply((x,))
    return y


def relu6(x):
    """ReLU6: ``min(max(0, x), 6)``, that is :func:`clipped_relu` with ``z=6``.

    Args:
        x (Variable or array): a float input.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> F.relu6(np.array([-1, 3, 8], np.float32)).array
        array([0., 3., 6.], dtype=float32)
    """
    y, = ClippedReLU(6.0).apply((x,))
    return y
