"""Exponential linear unit."""
import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.functions.activation import _util
from chainer.utils import type_check


class ELU(function_node.FunctionNode):
    """Elementwise ``x`` for ``x > 0`` and ``alpha * (exp(x) - 1)`` otherwise."""

    def __init__(self, alpha=1.0):
        self.alpha = _util.check_real(alpha, 'alpha', 'elu')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0,))
        zero = x.dtype.type(0)
        # max(x, 0) + alpha * expm1(min(x, 0)): one term is 0 on each side.
        y = xp.expm1(xp.minimum(x, zero))
        y *= x.dtype.type(self.alpha)
        y += xp.maximum(x, zero)
        return utils.force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return ELUGrad(self.alpha).apply((x, grad_outputs[0]))


class ELUGrad(function_node.FunctionNode):
    # gx = gy for x > 0 and gy * alpha * exp(x) otherwise.

    def __init__(self, alpha):
        self.alpha = alpha

    def forward(self, inputs):
        x, gy = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0, 1))
        positive = x > 0
        d = xp.exp(xp.minimum(x, x.dtype.type(0)))
        d *= x.dtype.type(self.alpha)
        d = _util.select_slope(positive, d, x.dtype)
        return utils.force_array(gy * d, gy.dtype),

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        F = chainer.functions
        pos = (x.array > 0).astype(x.dtype)
        neg = 1 - pos
        # alpha * exp(x) on the non-positive side, 0 elsewhere (x * neg keeps
        # exp from overflowing on the positive side).
        e = F.exp(x * neg) * (self.alpha * neg)
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(ggx * gy * e)
            else:
                ret.append(ggx * (e + pos))
        return tuple(ret)


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
