"""Moving channel blocks into spatial blocks (sub-pixel upscaling)."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.functions.math import _util
from chainer.utils import _normalize
from chainer.utils import type_check


def _check_r(r, func_name):
    r = _normalize.check_int(r, 'r', func_name)
    if r < 1:
        raise ValueError('{}: r must be a positive integer, got {}'.format(
            func_name, r))
    return r


class Depth2Space(function_node.FunctionNode):
    """``(N, C * r * r, H, W)`` to ``(N, C, H * r, W * r)``."""

    def __init__(self, r):
        self.r = _check_r(r, 'depth2space')

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'X', ndim=4)
        x_type, = in_types
        type_check.expect(x_type.shape[1] % _utils.named(self.r ** 2, 'r ** 2') == 0)

    def forward(self, inputs):
        X, = inputs
        xp = backend.get_array_module(X)
        r = self.r
        n, c, h, w = X.shape
        c //= r * r
        # Channel (i * r + j) * c + k goes to pixel (h * r + i, w * r + j) of
        # output channel k.
        y = X.reshape(n, r, r, c, h, w).transpose(0, 3, 4, 1, 5, 2)
        return xp.ascontiguousarray(y).reshape(n, c, h * r, w * r),

    def backward(self, indexes, grad_outputs):
        return chainer.functions.space2depth(grad_outputs[0], self.r),


def depth2space(X, r):
    """Rearrange channel blocks into spatial blocks (the inverse of space2depth).

    For ``X`` of shape ``(N, C * r * r, H, W)`` the output ``Y`` of shape
    ``(N, C, H * r, W * r)`` is
    ``Y[n, k, h * r + i, w * r + j] = X[n, (i * r + j) * C + k, h, w]``. Used
    for sub-pixel convolution (Shi et al., 2016).

    Args:
        X (Variable or array): a float array of shape ``(N, C * r * r, H, W)``.
        r (int): the upscaling factor.
    Returns:
        Variable of shape ``(N, C, H * r, W * r)``.

    .. admonition:: Example

        >>> X = np.arange(24).reshape(1, 4, 2, 3).astype(np.float32)
        >>> F.depth2space(X, 2).array
        array([[[[ 0.,  6.,  1.,  7.,  2.,  8.],
                 [12., 18., 13., 19., 14., 20.],
                 [ 3.,  9.,  4., 10.,  5., 11.],
                 [15., 21., 16., 22., 17., 23.]]]], dtype=float32)
    """
    y, = Depth2Space(r).apply((X,))
    return y
