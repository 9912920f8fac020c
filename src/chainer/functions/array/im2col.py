"""Patch extraction, ``im2col``."""
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer.utils import _normalize
from chainer.utils import conv
from chainer.utils import conv_nd


class Im2Col(function_node.FunctionNode):
    """The patches of ``x`` (n, c, h, w) as channels: output (n, c kh kw, oh, ow)."""

    def __init__(self, ksize, stride, pad, cover_all, dilate):
        self.kh, self.kw = _normalize.pair(ksize, 'ksize', 'im2col', minimum=1)
        self.sy, self.sx = _normalize.pair(stride, 'stride', 'im2col', minimum=1)
        self.ph, self.pw = _normalize.pair(pad, 'pad', 'im2col', minimum=0)
        self.dy, self.dx = _normalize.pair(dilate, 'dilate', 'im2col', minimum=1)
        self.cover_all = bool(cover_all)

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'x', ndim=4)

    def forward(self, inputs):
        x, = inputs
        self._in_hw = x.shape[2:]
        n, c, h, w = x.shape
        out_h = conv.get_conv_outsize(h, self.kh, self.sy, self.ph, self.cover_all,
                                      self.dy)
        out_w = conv.get_conv_outsize(w, self.kw, self.sx, self.pw, self.cover_all,
                                      self.dx)
        if out_h <= 0 or out_w <= 0:
            raise ValueError(
                'im2col: the output would be empty (out_h={}, out_w={}) for an input '
                'of size {}x{}'.format(out_h, out_w, h, w))
        view = conv_nd.im2col_nd_view(x, (self.kh, self.kw), (self.sy, self.sx),
                                      (self.ph, self.pw), (out_h, out_w),
                                      (self.dy, self.dx), 0)
        xp = backend.get_array_module(x)
        col = xp.ascontiguousarray(view)
        return col.reshape(n, c * self.kh * self.kw, out_h, out_w),

    def backward(self, indexes, grad_outputs):
        return Col2Im(self).apply(grad_outputs)


class Col2Im(function_node.FunctionNode):
    """Adjoint of :class:`Im2Col`: adds each patch entry back into its pixel."""

    def __init__(self, im2col_node):
        self.im2col_node = im2col_node

    def forward(self, inputs):
        gy, = inputs
        f = self.im2col_node
        n, _, out_h, out_w = gy.shape
        # explicit channel count: -1 is ambiguous when the batch is empty
        col = gy.reshape(n, gy.shape[1] // (f.kh * f.kw), f.kh, f.kw, out_h, out_w)
        img = conv_nd.col2im_nd_impl(col, (f.sy, f.sx), (f.ph, f.pw), f._in_hw,
                                     (f.dy, f.dx))
        xp = backend.get_array_module(img)
        return xp.ascontiguousarray(img),

    def backward(self, indexes, grad_outputs):
        f = self.im2col_node
        return Im2Col((f.kh, f.kw), (f.sy, f.sx), (f.ph, f.pw), f.cover_all,
                      (f.dy, f.dx)).apply(grad_outputs)


def im2col(x, ksize, stride=1, pad=0, cover_all=False, dilate=1):
    """Extract the patches of an image as channels.

    ``y[n, c * k_H * k_W + ky * k_W + kx, i, j] = x[n, c, i s_Y - p_H + ky d_Y,
    j s_X - p_W + kx d_X]``, zero outside the image. The output size ``(h_O, w_O)``
    is that of :func:`convolution_2d` with the same geometry, so a convolution is
    ``im2col`` followed by a product with the filters reshaped to
    ``(c_O, c_I k_H k_W)``.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        ksize (int or pair of ints): patch size ``(k_H, k_W)``.
        stride (int or pair of ints): stride ``(s_Y, s_X)``.
        pad (int or pair of ints): zero padding ``(p_H, p_W)``.
        cover_all (bool): cover every input pixel (see
            :func:`chainer.utils.get_conv_outsize`).
        dilate (int or pair of ints): dilation ``(d_Y, d_X)``.
    Returns:
        Variable of shape ``(n, c k_H k_W, h_O, w_O)``.
    """
    y, = Im2Col(ksize, stride, pad, cover_all, dilate).apply((x,))
    return y
