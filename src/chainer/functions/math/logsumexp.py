"""``log(sum(exp(x)))`` over axes, computed without overflow."""
import numpy

from chainer.functions import _rules


class LogSumExp(_rules.Reduction):
    """``log(sum(exp(x)))`` over the given axes."""

    label = 'LogSumExp'
    reduction = 'logsumexp'
    keep = 'x y'
    # gx = gy * exp(x - y): the softmax of x over the axes, times gy.
    grads = (lambda F, gy, x, y: F.expdiff(x, y) * gy,)

    def compute(self, xp, x):
        axes = self._axes
        if any(x.shape[a] == 0 for a in axes):
            # The sum of no exponentials is 0, whose logarithm is -inf.
            out_shape = tuple(s for i, s in enumerate(x.shape) if i not in axes)
            return xp.full(out_shape, -numpy.inf, dtype=x.dtype)
        if x.ndim == 0:
            return x.copy()  # the log-sum-exp of one number is that number
        m = x.max(axis=axes, keepdims=True)
        # Rows that are all -inf (or hold inf) would give nan in x - m.
        if not xp.isfinite(m).all():
            m = xp.where(xp.isfinite(m), m, x.dtype.type(0))
        t = x - m
        xp.exp(t, out=t)
        s = t.sum(axis=axes, keepdims=True)
        with numpy.errstate(divide='ignore'):  # rows of -inf: log(0) = -inf
            xp.log(s, out=s)
        s += m
        return s.reshape(tuple(d for i, d in enumerate(x.shape) if i not in axes))


def logsumexp(x, axis=None):
    """Log of the sum of exponentials of ``x`` over ``axis``.

    .. math:: y = \\log \\sum_i \\exp(x_i)

    computed as :math:`m + \\log \\sum_i \\exp(x_i - m)` with :math:`m = \\max_i x_i`,
    so it neither overflows nor underflows. The gradient is the softmax of ``x``
    over the axes. Reducing over an axis of length 0 gives ``-inf``.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None, int or tuple of ints): the axes to reduce (negative ones count
            from the end); None reduces all of them.
    Returns:
        Variable of the dtype of ``x``, with the reduced axes removed.
    """
    return LogSumExp(axis).apply((x,))[0]
