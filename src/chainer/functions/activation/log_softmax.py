"""Logarithm of the softmax along an axis."""
import chainer
from chainer import backend
from chainer.functions.activation import softmax as _softmax


def _log_softmax(x, axis):
    xp = backend.get_array_module(x)
    m = x.max(axis=axis, keepdims=True)
    y = x - m
    lse = xp.exp(y).sum(axis=axis, keepdims=True)
    xp.log(lse, out=lse)
    y -= lse
    return y


class _LogSoftmaxGrad(_softmax.GradAlongAxis):
    # gx = gy - exp(y) * sum(gy, axis), from the retained output y.

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, gy = inputs
        xp = backend.get_array_module(y)
        gx = xp.exp(y)
        gx *= gy.sum(axis=self.axis, keepdims=True)
        xp.subtract(gy, gx, out=gx)
        return gx,

    def _grad_y(self, y, gy, ggx):
        return -ggx * chainer.functions.exp(y) * self._total(gy)

    def _grad_gy(self, y, gy, ggx):
        return ggx - self._total(ggx * chainer.functions.exp(y))


class LogSoftmax(_softmax.AlongAxis):
    """``x - log(sum(exp(x), axis))``, computed stably."""

    _func_name = 'log_softmax'
    _grad_node = _LogSoftmaxGrad

    def forward(self, inputs):
        x, = inputs
        self.retain_outputs((0,))
        return _log_softmax(x, self.axis),


def log_softmax(x, axis=1):
    """Log-softmax along ``axis``: ``y_i = x_i - log(sum_j exp(x_j))``.

    More accurate than ``log(softmax(x))``: the log-sum-exp is computed after
    subtracting the maximum, so nothing overflows or underflows to ``log(0)``.

    Args:
        x (Variable or array): a float input of at least ``axis + 1`` dimensions.
        axis (int): the axis that is normalized (negative counts from the end).
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([[0, 1, 2]], np.float32)
        >>> y = F.log_softmax(x)
        >>> np.allclose(np.exp(y.array).sum(), 1)
        True
    """
    y, = LogSoftmax(axis).apply((x,))
    return y
