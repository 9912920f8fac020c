"""Moving spatial blocks into channel blocks."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.functions.array import depth2space as _depth2space
from chainer.functions.math import _util
from chainer.utils import type_check


class Space2Depth(function_node.FunctionNode):
    """``(N, C, H * r, W * r)`` to ``(N, C * r * r, H, W)``."""

    def __init__(self, r):
        self.r = _depth2space._check_r(r, 'space2depth')

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'X', ndim=4)
        x_type, = in_types
        r = _utils.named(self.r, 'r')
        type_check.expect(
            x_type.shape[2] % r == 0,
            x_type.shape[3] % r == 0,
        )

    def forward(self, inputs):
        X, = inputs
        xp = backend.get_array_module(X)
        r = self.r
        n, c, hr, wr = X.shape
        h, w = hr // r, wr // r
        y = X.reshape(n, c, h, r, w, r).transpose(0, 3, 5, 1, 2, 4)
        return xp.ascontiguousarray(y).reshape(n, r * r * c, h, w),

    def backward(self, indexes, grad_outputs):
        return chainer.functions.depth2space(grad_outputs[0], self.r),


def space2depth(X, r):
    """Rearrange spatial blocks into channel blocks (the inverse of depth2space).

    For ``X`` of shape ``(N, C, H * r, W * r)`` the output ``Y`` of shape
    ``(N, C * r * r, H, W)`` is
    ``Y[n, (i * r + j) * C + k, h, w] = X[n, k, h * r + i, w * r + j]``.

    Args:
        X (Variable or array): a float array of shape ``(N, C, H * r, W * r)``.
        r (int): the downscaling factor.
    Returns:
        Variable of shape ``(N, C * r * r, H, W)``.

    .. admonition:: Example

        >>> X = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
        >>> F.space2depth(X, 2)[0, :, 0, 0].array
        array([0., 1., 4., 5.], dtype=float32)
    """
    y, = Space2Depth(r).apply((X,))
    return y
