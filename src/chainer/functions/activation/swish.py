"""Swish activation."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.activation import _param
from chainer.utils import type_check


class Swish(function_node.FunctionNode):
    """``x * sigmoid(beta * x)`` with ``beta`` broadcast over ``x``."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'beta'))
        x_type, beta_type = in_types
        type_check.expect(x_type.dtype.kind == 'f')
        _param.check_param_shape(x_type, beta_type)

    def forward(self, inputs):
        x, beta = inputs
        xp = backend.get_array_module(x)
        self.retain_inputs((0, 1))
        half = x.dtype.type(0.5)
        b = beta.reshape(_param.extended_shape(beta.shape, x.ndim))
        s = xp.tanh(b * x * half)
        s *= half
        s += half
        return x * s,

    def backward(self, indexes, grad_outputs):
        x, beta = self.get_retained_inputs()
        gy, = grad_outputs
        F = chainer.functions
        shape = _param.extended_shape(beta.shape, x.ndim)
        b = F.broadcast_to(F.reshape(beta, shape), x.shape)
        s = F.sigmoid(b * x)
        ds = s * (x.dtype.type(1) - s)            # sigmoid'(b x)
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(gy * (s + b * x * ds))
            else:
                g = F.sum_to(gy * x * x * ds, shape)
                ret.append(F.reshape(g, beta.shape))
        return tuple(ret)


def swish(x, beta):
    """Swish: ``x * sigmoid(beta * x)``.

    ``swish(x, 0) = x / 2`` and, as ``beta`` grows, it approaches ``relu(x)``.

    Args:
        x (Variable or array): a float input of shape ``(s_B, s_1, ..., s_N)``.
        beta (Variable or array): of shape ``(s_1, ..., s_M)`` with ``0 <= M <=
            N``, reshaped to ``(1, s_1, ..., s_M, 1, ..., 1)`` and broadcast over
            ``x``. To learn it, use :class:`chainer.links.Swish`.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([[-1, 0, 2]], np.float32)
        >>> beta = np.zeros(3, np.float32)
        >>> F.swish(x, beta).array
        array([[-0.5,  0. ,  1. ]], dtype=float32)
    """
    y, = Swish().apply((x, beta))
    return y
