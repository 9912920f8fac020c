"""Softplus, a smooth rectifier."""
from chainer.functions import _rules
from chainer.functions.activation import _util


class Softplus(_rules.Rule):
    """Elementwise ``log(1 + exp(beta * x)) / beta``."""

    keep = 'x beta'
    grads = (lambda F, gy, x, beta: gy * F.sigmoid(x * x.dtype.type(beta)),)

    def __init__(self, beta=1.0):
        self.beta = _util.check_real(beta, 'beta', 'softplus')
        if self.beta == 0:
            raise ValueError('softplus: beta must not be 0 (the function divides by '
                             'it)')

    def compute(self, xp, x):
        t = x.dtype.type
        bx = x * t(self.beta)
        # log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)), which cannot overflow.
        y = xp.log1p(xp.exp(-xp.abs(bx)))
        y += xp.maximum(bx, t(0))
        y *= t(1.0 / self.beta)
        return y


def softplus(x, beta=1.0):
    """Softplus: ``log(1 + exp(beta * x)) / beta`` elementwise.

    A smooth approximation of ReLU that approaches it as ``beta`` grows; its
    derivative is ``sigmoid(beta * x)``.

    Args:
        x (Variable or array): a float input.
        beta (float): the sharpness (nonzero).
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> y = F.softplus(np.array([0, 20], np.float32))
        >>> np.round(y.array, 4)
        array([ 0.6931, 20.    ], dtype=float32)
    """
    y, = Softplus(beta).apply((x,))
    return y
