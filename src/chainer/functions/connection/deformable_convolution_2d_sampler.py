"""Deformable convolution with given offsets, ``deformable_convolution_2d_sampler``."""
import numpy

import chainer
from chainer import backend
from chainer.functions.pooling import _gather
from chainer.utils import _normalize


def _array(v):
    return v.array if isinstance(v, chainer.Variable) else v


def deformable_convolution_2d_sampler(x, offset, W, b=None, stride=1, pad=0):
    """Two-dimensional deformable convolution with given offsets.

    A :func:`convolution_2d` whose filter taps are moved by learned, fractional
    offsets: the tap ``(ky, kx)`` of output pixel ``(i, j)`` reads ``x`` at

        (i s_Y - p_H + ky + offset[n, k_H k_W + t, i, j],
         j s_X - p_W + kx + offset[n, t, i, j]),      t = ky k_W + kx,

    by bilinear interpolation (zero outside the image), and

        y[n, o, i, j] = b[o] + sum_{c, ky, kx} W[o, c, ky, kx] * (that sample of x[n, c])

    The output size is ``((h + 2 p_H - k_H) // s_Y + 1, (w + 2 p_W - k_W) // s_X +
    1)``. Gradients flow to ``x``, ``offset``, ``W`` and ``b``. See
    `Deformable Convolutional Networks <https://arxiv.org/abs/1703.06211>`_.

    Args:
        x (Variable or array): input of shape ``(n, c_I, h, w)``.
        offset (Variable or array): offsets of shape ``(n, 2 k_H k_W, h_O, w_O)``:
            the first ``k_H k_W`` channels are horizontal offsets, the last
            ``k_H k_W`` vertical ones.
        W (Variable or array): filters of shape ``(c_O, c_I, k_H, k_W)``.
        b (Variable or array): optional bias of shape ``(c_O,)``.
        stride (int or pair of ints): stride ``(s_Y, s_X)``.
        pad (int or pair of ints): padding ``(p_H, p_W)``.
    Returns:
        Variable of shape ``(n, c_O, h_O, w_O)``.
    """
    F = chainer.functions
    name = 'deformable_convolution_2d_sampler'
    sy, sx = _normalize.pair(stride, 'stride', name, minimum=1)
    ph, pw = _normalize.pair(pad, 'pad', name, minimum=0)
    xa, oa, Wa = _array(x), _array(offset), _array(W)
    for arg, a, nd in (('x', xa, 4), ('offset', oa, 4), ('W', Wa, 4)):
        if not hasattr(a, 'dtype') or a.dtype.kind != 'f' or a.ndim != nd:
            raise TypeError('{}: {} must be a float array with {} axes, got {}'.format(
                name, arg, nd, getattr(a, 'shape', type(a).__name__)))
    n, c, h, w = xa.shape
    out_c, in_c, kh, kw = Wa.shape
    if in_c != c:
        raise ValueError('{}: W.shape[1] ({}) must equal the number of input channels '
                         'x.shape[1] ({})'.format(name, in_c, c))
    out_h = (h + 2 * ph - kh) // sy + 1
    out_w = (w + 2 * pw - kw) // sx + 1
    if out_h <= 0 or out_w <= 0:
        raise ValueError('{}: the output would be empty ({}x{})'.format(
            name, out_h, out_w))
    K = kh * kw
    if oa.shape != (n, 2 * K, out_h, out_w):
        raise ValueError('{}: offset must have shape {} (n, 2 k_H k_W, h_O, w_O), got '
                         '{}'.format(name, (n, 2 * K, out_h, out_w), oa.shape))
    if b is not None:
        ba = _array(b)
        if ba.ndim != 1 or ba.shape[0] != out_c:
            raise ValueError('{}: b must have shape ({},), got {}'.format(
                name, out_c, ba.shape))

    xp = backend.get_array_module(xa)
    dtype = xa.dtype
    # Sampling positions without offsets, shape (1, K, h_O, w_O).
    ky, kx = numpy.divmod(numpy.arange(K), kw)
    base_y = (numpy.arange(out_h)[None, :, None] * sy - ph + ky[:, None, None])
    base_x = (numpy.arange(out_w)[None, None, :] * sx - pw + kx[:, None, None])
    base_y = xp.asarray(base_y[None].astype(dtype))
    base_x = xp.asarray(base_x[None].astype(dtype))
    off_x = offset[:, :K]
    off_y = offset[:, K:]
    py = off_y + base_y  # (n, K, h_O, w_O)
    px = off_x + base_x
    y0 = xp.floor(_array(py))
    x0 = xp.floor(_array(px))
    fy = py - y0   # differentiable fractional parts
    fx = px - x0
    y0 = y0.astype(numpy.int64)
    x0 = x0.astype(numpy.int64)
    batch = xp.arange(n)
    P = K * out_h * out_w
    sampled = None
    for dy, wy in ((0, 1 - fy), (1, fy)):
        for dx, wx in ((0, 1 - fx), (1, fx)):
            yy = y0 + dy
            xx = x0 + dx
            inside = (yy >= 0) & (yy < h) & (xx >= 0) & (xx < w)
            index = xp.where(inside, yy * w + xx, -1).reshape(n, 1, P)
            values = _gather.gather_pixels(x, batch, index)  # (n, c, K P)
            weight = F.broadcast_to(F.reshape(wy * wx, (n, 1, P)), values.shape)
            term = values * weight
            sampled = term if sampled is None else sampled + term
    sampled = F.reshape(sampled, (n, c * K, out_h * out_w))
    y = F.matmul(F.reshape(W, (out_c, c * K)), sampled)  # (n, c_O, P)
    y = F.reshape(y, (n, out_c, out_h, out_w))
    if b is not None:
        y = y + F.broadcast_to(F.reshape(b, (1, out_c, 1, 1)), y.shape)
    return y

