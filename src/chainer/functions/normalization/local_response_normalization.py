"""Local response normalization across channels."""
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.functions.math import _util


def _window_sum(xp, a, half):
    # s[:, c] = sum of a[:, j] for |j - c| <= half (within range), for any ndim.
    s = a.copy()
    for offset in range(1, half + 1):
        s[:, offset:] += a[:, :-offset]
        s[:, :-offset] += a[:, offset:]
    return s


class _ChannelWindowSum(function_node.FunctionNode):
    # A symmetric banded sum over axis 1: linear and self-adjoint.

    def __init__(self, half):
        self.half = half

    def forward(self, inputs):
        a, = inputs
        return _window_sum(backend.get_array_module(a), a, self.half),

    def backward(self, indexes, grad_outputs):
        return _ChannelWindowSum(self.half).apply(grad_outputs)


class LocalResponseNormalization(function_node.FunctionNode):
    """``x / (k + alpha * sum of x^2 over neighboring channels) ** beta``."""

    def __init__(self, n=5, k=2, alpha=1e-4, beta=.75):
        self.n = n
        self.k = k
        self.alpha = alpha
        self.beta = beta

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, min_ndim=2)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        scale = _window_sum(xp, x * x, self.n // 2)
        scale *= self.alpha
        scale += self.k
        return utils.force_array(x * scale ** -self.beta, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        # Differentiate the composition, so higher orders work too.
        scale = _ChannelWindowSum(self.n // 2).apply((x * x,))[0] * self.alpha + \
            self.k
        factor = scale ** -self.beta
        # y = x * factor; dy/dx = factor + x * d(factor)/dx, through scale.
        dfactor = scale ** (-self.beta - 1) * (-self.beta * self.alpha)
        inner = _ChannelWindowSum(self.n // 2).apply((gy * x * dfactor,))[0]
        return gy * factor + 2 * x * inner,


def local_response_normalization(x, n=5, k=2, alpha=1e-4, beta=.75):
    """Local response normalization across channels (axis 1).

    ``y[:, i] = x[:, i] / (k + alpha * sum_{|j - i| <= n // 2} x[:, j]^2) ** beta``,
    the sum running over the channels that exist.

    Args:
        x (Variable or array): input of shape ``(N, C, ...)``.
        n (int): the window size (``n // 2`` channels on each side).
        k (float): the additive constant.
        alpha (float): the scale of the sum of squares.
        beta (float): the exponent.
    Returns:
        Variable of the shape and dtype of ``x``.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n <= 0:
        raise ValueError('local_response_normalization: n must be a positive int, '
                         'got {!r}'.format(n))
    return LocalResponseNormalization(n, k, alpha, beta).apply((x,))[0]
