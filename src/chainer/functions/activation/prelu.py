"""Parametric rectified linear unit."""
from chainer.functions import _rules
from chainer.functions.activation import _param
from chainer.functions.activation import _util
from chainer.utils import type_check


def _prelu_gx(F, gy, x, W, negative):
    # 1 where x >= 0, W where x < 0.
    Wb = F.broadcast_to(F.reshape(W, _param.extended_shape(W.shape, x.ndim)), x.shape)
    neg = negative.astype(x.dtype)
    return gy * (Wb * neg + (1 - neg))


def _prelu_gW(F, gy, x, W, negative):
    shape = _param.extended_shape(W.shape, x.ndim)
    return F.reshape(F.sum_to(gy * x * negative.astype(x.dtype), shape), W.shape)


class PReLUFunction(_rules.Rule):
    """``x`` for ``x >= 0`` and ``W * x`` otherwise, ``W`` broadcast over ``x``."""

    names = ('x', 'W')
    keep = 'x W _negative'
    grads = (_prelu_gx, _prelu_gW)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'W'))
        x_type, w_type = in_types
        type_check.expect(x_type.dtype.kind == 'f')
        _param.check_param_shape(x_type, w_type)

    def compute(self, xp, x, W):
        self._negative = x < 0
        Wb = W.reshape(_param.extended_shape(W.shape, x.ndim))
        return x * _util.select_slope(~self._negative, Wb, x.dtype)


def prelu(x, W):
    """Parametric ReLU: ``x`` where ``x >= 0``, ``W * x`` elsewhere.

    ``W`` holds learnable slopes; its shape is ``x.shape[1:1 + W.ndim]`` and it
    is broadcast over the batch axis and the trailing axes (reshaped to
    ``(1, *W.shape, 1, ..., 1)``).

    Args:
        x (Variable or array): a float input of shape ``(s_B, s_1, ..., s_N)``.
        W (Variable or array): the slopes, of shape ``(s_1, ..., s_M)`` with
            ``0 <= M <= N``, same dtype as ``x``.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([[-1, 2], [-3, 4]], np.float32)
        >>> W = np.array([0.5, 0.1], np.float32)
        >>> F.prelu(x, W).array
        array([[-0.5,  2. ],
               [-0.3,  4. ]], dtype=float32)
    """
    y, = PReLUFunction().apply((x, W))
    return y
