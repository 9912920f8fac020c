"""Elementwise linear interpolation ``p * x + (1 - p) * y``."""
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class LinearInterpolate(function_node.FunctionNode):

    @property
    def label(self):
        return 'linear_interpolate'

    def check_type_forward(self, in_types):
        _util.check_same_float_inputs(in_types, ('p', 'x', 'y'))

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        p, x, y = inputs
        # p * x + (1 - p) * y = y + p * (x - y), with one temporary.
        out = x - y
        out *= p
        out += y
        return utils.force_array(out, x.dtype),

    def backward(self, indexes, grad_outputs):
        p, x, y = self.get_retained_inputs()
        g, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(g * (x - y))
            elif i == 1:
                ret.append(g * p)
            else:
                ret.append(g * (1 - p))
        return tuple(ret)


def linear_interpolate(p, x, y):
    """Elementwise linear interpolation between ``x`` and ``y`` with weight ``p``.

    .. math:: f(p, x, y) = p x + (1 - p) y

    Args:
        p (Variable or array): the weights (usually in :math:`[0, 1]`).
        x (Variable or array): the values taken where ``p`` is 1.
        y (Variable or array): the values taken where ``p`` is 0.

        All three have one shape and one float dtype.
    Returns:
        Variable of that shape and dtype.
    """
    return LinearInterpolate().apply((p, x, y))[0]
