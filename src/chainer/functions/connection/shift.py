"""The shift operation (a zero-FLOP, zero-parameter spatial convolution), ``shift``."""
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer.utils import _normalize
from chainer.utils import type_check


class Shift(function_node.FunctionNode):
    """Shifts groups of channels by different offsets; see :func:`shift`."""

    def __init__(self, ksize=3, dilate=1):
        self.kh, self.kw = _normalize.pair(ksize, 'ksize', 'shift')
        if self.kh < 1 or self.kw < 1 or self.kh % 2 != 1 or self.kw % 2 != 1:
            raise ValueError('shift: ksize must be odd and positive, got {!r}'.format(
                ksize))
        self.dy, self.dx = _normalize.pair(dilate, 'dilate', 'shift')
        if self.dy == 0 or self.dx == 0:
            raise ValueError('shift: dilate must be non-zero, got {!r}'.format(dilate))

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'x', ndim=4)
        x_type, = in_types
        type_check.expect(x_type.shape[1] >= self.kh * self.kw)

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        n, c, h, w = x.shape
        n_groups = self.kh * self.kw
        group_size = c // n_groups
        y = xp.zeros_like(x)
        center = (self.kh // 2) * self.kw + self.kw // 2
        for g in range(n_groups):
            if g == center:
                channels = list(range(g * group_size, (g + 1) * group_size)) + list(
                    range(n_groups * group_size, c))
                y[:, channels] = x[:, channels]
                continue
            ky, kx = divmod(g, self.kw)
            sy = (ky - self.kh // 2) * self.dy
            sx = (kx - self.kw // 2) * self.dx
            lo, hi = g * group_size, (g + 1) * group_size
            src_y, dst_y = _ranges(sy, h)
            src_x, dst_x = _ranges(sx, w)
            if src_y is None or src_x is None:
                continue
            y[:, lo:hi, dst_y, dst_x] = x[:, lo:hi, src_y, src_x]
        return y,

    def backward(self, indexes, grad_outputs):
        return Shift((self.kh, self.kw), (-self.dy, -self.dx)).apply(grad_outputs)


def _ranges(shift, size):
    # Output pixel i reads input pixel i + shift (zero outside): the source and
    # destination slices, or (None, None) when nothing is inside.
    if abs(shift) >= size:
        return None, None
    if shift >= 0:
        return slice(shift, size), slice(0, size - shift)
    return slice(0, size + shift), slice(-shift, size)


def shift(x, ksize=3, dilate=1):
    """Shift operation: each group of channels moves by its own spatial offset.

    The channels are split into ``k_H k_W`` groups of ``c // (k_H k_W)`` channels
    (any remaining channels join the centre group). Group ``g = ky k_W + kx`` reads
    the input ``((ky - k_H // 2) d_Y, (kx - k_W // 2) d_X)`` pixels away::

        y[n, ch, i, j] = x[n, ch, i + (ky - k_H // 2) d_Y, j + (kx - k_W // 2) d_X]

    with zeros coming in from outside the image; the centre group is unchanged. It is
    a depthwise convolution whose filters are one-hot at ``(ky, kx)``, with padding
    ``(k_H // 2 d_Y, k_W // 2 d_X)``.

    See: `Shift: A Zero FLOP, Zero Parameter Alternative to Spatial Convolutions
    <https://arxiv.org/abs/1711.08141>`_.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)`` with
            ``c >= k_H k_W``.
        ksize (int or pair of ints): odd kernel size ``(k_H, k_W)``.
        dilate (int or pair of ints): distance between shifts ``(d_Y, d_X)``.
    Returns:
        Variable of the shape of ``x``.
    """
    y, = Shift(ksize, dilate).apply((x,))
    return y
