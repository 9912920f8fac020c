"""Swish activation."""
from chainer.functions import _rules
from chainer.functions.activation import _param
from chainer.utils import type_check


def _swish_grads(F, gy, x, beta):
    shape = _param.extended_shape(beta.shape, x.ndim)
    b = F.broadcast_to(F.reshape(beta, shape), x.shape)
    s = F.sigmoid(b * x)
    ds = s * (1 - s)            # sigmoid'(b x)
    g_beta = F.reshape(F.sum_to(gy * x * x * ds, shape), beta.shape)
    return gy * (s + b * x * ds), g_beta


class Swish(_rules.Rule):
    """``x * sigmoid(beta * x)`` with ``beta`` broadcast over ``x``."""

    names = ('x', 'beta')
    keep = 'x beta'
    grads = staticmethod(_swish_grads)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'beta'))
        x_type, beta_type = in_types
        type_check.expect(x_type.dtype.kind == 'f')
        _param.check_param_shape(x_type, beta_type)

    def compute(self, xp, x, beta):
        half = x.dtype.type(0.5)
        b = beta.reshape(_param.extended_shape(beta.shape, x.ndim))
        s = xp.tanh(b * x * half)
        s *= half
        s += half
        return x * s


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
