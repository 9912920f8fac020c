"""Exponential linear unit."""
from chainer.functions import _rules
from chainer.functions.activation import _util


def _elu_grad(F, gy, x, alpha):
    # gy where x > 0, gy * alpha * exp(x) elsewhere (x * neg keeps exp from
    # overflowing on the positive side).
    pos = (F.data(x) > 0).astype(x.dtype)
    neg = 1 - pos
    return gy * (F.exp(x * neg) * (alpha * neg) + pos)


class ELU(_rules.Rule):
    """Elementwise ``x`` for ``x > 0`` and ``alpha * (exp(x) - 1)`` otherwise."""

    keep = 'x alpha'
    grads = (_elu_grad,)

    def __init__(self, alpha=1.0):
        self.alpha = _util.check_real(alpha, 'alpha', 'elu')

    def compute(self, xp, x):
        zero = x.dtype.type(0)
        # max(x, 0) + alpha * expm1(min(x, 0)): one term is 0 on each side.
        y = xp.expm1(xp.minimum(x, zero))
        y *= x.dtype.type(self.alpha)
        y += xp.maximum(x, zero)
        return y


def elu(x, alpha=1.0):
    """Exponential linear unit.

    .. math:: f(x) = x \\ (x > 0), \\quad \\alpha (\\exp(x) - 1) \\ (x \\le 0).

    Args:
        x (Variable or array): a float input.
        alpha (float): the scale of the negative part.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([-1, 0, 2], np.float32)
        >>> F.elu(x).array
        array([-0.63212055,  0.        ,  2.        ], dtype=float32)
    """
    y, = ELU(alpha).apply((x,))
    return y
