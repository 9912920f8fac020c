"""Huber loss: squared near zero, linear far from it."""
from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import type_check


class HuberLoss(function_node.FunctionNode):
    """Elementwise Huber loss of ``x - t``, optionally summed over axis 1."""

    def __init__(self, delta, reduce='sum_along_second_axis'):
        self.delta = delta
        _util.check_reduce(reduce, 'huber_loss', ('sum_along_second_axis', 'no'))
        self.reduce = reduce

    def check_type_forward(self, in_types):
        _util.check_same_float_inputs(in_types, ('x', 't'))
        if self.reduce == 'sum_along_second_axis':
            type_check.expect(in_types[0].ndim >= 2)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, t = inputs
        xp = backend.get_array_module(x)
        diff = x - t
        abs_diff = xp.abs(diff)
        delta = x.dtype.type(self.delta)
        loss = xp.where(abs_diff <= delta, diff * diff * x.dtype.type(0.5),
                        delta * (abs_diff - delta * x.dtype.type(0.5)))
        if self.reduce == 'sum_along_second_axis':
            loss = loss.sum(axis=1)
        return utils.force_array(loss, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, t = self.get_retained_inputs()
        gy, = grad_outputs
        xp = backend.get_array_module(x)
        diff_array = x.array - t.array
        inside = (xp.abs(diff_array) <= self.delta).astype(x.dtype)
        outside_slope = (xp.sign(diff_array) * self.delta * (1 - inside)).astype(
            x.dtype)
        if self.reduce == 'sum_along_second_axis':
            shape = list(x.shape)
            shape[1] = 1
            gy = _util.broadcast_grad(gy.reshape(tuple(shape)), x.shape)
        # The slope: diff inside [-delta, delta], +-delta outside.
        gx = gy * ((x - t) * inside + outside_slope)
        ret = []
        if 0 in indexes:
            ret.append(gx)
        if 1 in indexes:
            ret.append(-gx)
        return tuple(ret)


def huber_loss(x, t, delta, reduce='sum_along_second_axis'):
    """Huber loss of the difference ``d = x - t``.

    Elementwise ``d^2 / 2`` where ``|d| <= delta`` and
    ``delta (|d| - delta / 2)`` elsewhere.

    Args:
        x, t (Variable or array): inputs of one shape and float dtype.
        delta (float): where the loss turns from quadratic to linear.
        reduce (str): ``'sum_along_second_axis'`` sums over axis 1 (so ``x``
            needs at least two dimensions); ``'no'`` returns the elementwise loss.
    Returns:
        Variable of the dtype of ``x``.
    """
    return HuberLoss(delta=delta, reduce=reduce).apply((x, t))[0]
