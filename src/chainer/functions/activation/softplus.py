"""Softplus, a smooth rectifier."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.activation import _util
from chainer.utils import type_check


class Softplus(function_node.FunctionNode):
    """Elementwise ``log(1 + exp(beta * x)) / beta``."""

    def __init__(self, beta=1.0):
        self.beta = _util.check_real(beta, 'beta', 'softplus')
        if self.beta == 0:
            raise ValueError('softplus: beta must not be 0 (the function divides by '
                             'it)')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0,))
        t = x.dtype.type
        bx = x * t(self.beta)
        # log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)), which cannot overflow.
        y = xp.log1p(xp.exp(-xp.abs(bx)))
        y += xp.maximum(bx, t(0))
        y *= t(1.0 / self.beta)
        return y,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        return gy * chainer.functions.sigmoid(x * x.dtype.type(self.beta)),


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
