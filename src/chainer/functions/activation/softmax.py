"""Softmax along an axis."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import _normalize
from chainer.utils import type_check


class AlongAxis(function_node.FunctionNode):
    """Base of softmax and log_softmax: a function of a float ``x`` along ``axis``
    whose gradient is ``_grad_node(axis)`` of the output ``y`` and ``gy``."""

    _func_name = 'softmax'

    def __init__(self, axis=1):
        self.axis = _normalize.check_int(axis, 'axis', self._func_name)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        type_check.expect(x_type.dtype.kind == 'f')
        _utils.expect_axis(x_type, self.axis)

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        return self._grad_node(self.axis).apply((y, grad_outputs[0]))


class GradAlongAxis(function_node.FunctionNode):
    """Base of the gradient nodes of :class:`AlongAxis`: ``gx`` from ``(y, gy)``.

    Its own gradients, given ``ggx``, are ``_grad_y(y, gy, ggx)`` and
    ``_grad_gy(y, gy, ggx)``.
    """

    def __init__(self, axis):
        self.axis = axis

    def backward(self, indexes, grad_outputs):
        y, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        return tuple(self._grad_y(y, gy, ggx) if i == 0 else self._grad_gy(y, gy, ggx)
                     for i in indexes)

    def _total(self, v):
        # sum(v, axis), broadcast back to the shape of v
        F = chainer.functions
        return F.broadcast_to(F.sum(v, axis=self.axis, keepdims=True), v.shape)


class _SoftmaxGrad(GradAlongAxis):
    # gx = y * gy - y * sum(y * gy, axis), from the retained output y.

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, gy = inputs
        gx = y * gy
        s = gx.sum(axis=self.axis, keepdims=True)
        gx -= y * s
        return gx,

    def _grad_y(self, y, gy, ggx):
        return ggx * (gy - self._total(y * gy)) - gy * self._total(ggx * y)

    def _grad_gy(self, y, gy, ggx):
        return y * (ggx - self._total(ggx * y))


class Softmax(AlongAxis):
    """``exp(x) / sum(exp(x), axis)``, computed stably."""

    _grad_node = _SoftmaxGrad

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        axis = self.axis
        y = x - x.max(axis=axis, keepdims=True)
        xp.exp(y, out=y)
        y /= y.sum(axis=axis, keepdims=True)
        self.retain_outputs((0,))
        return y,


def softmax(x, axis=1):
    """Softmax along ``axis``: ``y_i = exp(x_i) / sum_j exp(x_j)``.

    Computed as ``exp(x - max(x))`` normalized, so large inputs do not overflow.

    Args:
        x (Variable or array): a float input of at least ``axis + 1`` dimensions.
        axis (int): the axis that is normalized (negative counts from the end).
    Returns:
        Variable of the shape and dtype of ``x``; it sums to 1 along ``axis``.

    .. admonition:: Example

        >>> x = np.array([[0, 1, 2], [0, 2, 4]], np.float32)
        >>> y = F.softmax(x, axis=1)
        >>> np.allclose(y.array.sum(axis=1), 1)
        True
    """
    y, = Softmax(axis).apply((x,))
    return y
