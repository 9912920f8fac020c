"""``log(sum(exp(x)))`` over axes, computed without overflow."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils
from chainer.utils import type_check


class LogSumExp(function_node.FunctionNode):

    def __init__(self, axis=None):
        self.axis = _util.normalize_axis_argument(axis, 'logsumexp')

    @property
    def label(self):
        return 'LogSumExp'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        type_check.expect(x_type.dtype.kind == 'f')
        if self.axis is not None:
            _util.check_axis_in_range(x_type, self.axis)

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self._axes = axes = _util.resolve_axes(self.axis, x.ndim, 'logsumexp')
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        if any(x.shape[a] == 0 for a in axes):
            # The sum of no exponentials is 0, whose logarithm is -inf.
            out_shape = tuple(s for i, s in enumerate(x.shape) if i not in axes)
            return xp.full(out_shape, -numpy.inf, dtype=x.dtype),
        if x.ndim == 0:
            return x.copy(),  # the log-sum-exp of one number is that number
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
        y = s.reshape(tuple(d for i, d in enumerate(x.shape) if i not in axes))
        return utils.force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        y, = self.get_retained_outputs()
        return LogSumExpGrad(self._axes).apply((x, y, grad_outputs[0]))


class LogSumExpGrad(function_node.FunctionNode):
    # gx = gy * exp(x - y), y and gy broadcast over the reduced axes (the softmax of
    # x times gy), in one pass.

    def __init__(self, axes):
        self._axes = axes

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        x, y, gy = inputs
        xp = backend.get_array_module(x)
        keep = _util.keepdims_shape(x.shape, self._axes)
        gx = xp.asarray(x - y.reshape(keep))  # an array also for 0-d inputs
        xp.exp(gx, out=gx)
        gx *= gy.reshape(keep)
        return utils.force_array(gx, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, y, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        F = chainer.functions
        keep = _util.keepdims_shape(x.shape, self._axes)
        softmax = F.exp(x - F.broadcast_to(F.reshape(y, keep), x.shape))
        gy_b = F.broadcast_to(F.reshape(gy, keep), x.shape)
        t = ggx * softmax
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(t * gy_b)
            elif i == 1:
                ret.append(-F.reshape(F.sum_to(t * gy_b, keep), y.shape))
            else:
                ret.append(F.reshape(F.sum_to(t, keep), gy.shape))
        return tuple(ret)


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
