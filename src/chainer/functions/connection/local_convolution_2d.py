"""Locally connected layer (unshared convolution), ``local_convolution_2d``."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import im2col as im2col_module
from chainer.functions.connection import _util
from chainer.utils import _normalize
from chainer.utils import conv_nd
from chainer.utils import type_check


class LocalConvolution2DFunction(function_node.FunctionNode):
    """``y[n, o, i, j] = sum_{c, ky, kx} W[o, i, j, c, ky, kx] x[n, c, i s_Y + ky,
    j s_X + kx] (+ b[o, i, j])``: a convolution whose filters differ at each output
    position."""

    def __init__(self, stride=1):
        self.sy, self.sx = _normalize.pair(stride, 'stride', 'local_convolution_2d', minimum=1)

    def check_type_forward(self, in_types):
        x_type, w_type, b_type = _util.check_x_w(in_types, 4, 6)
        type_check.expect(x_type.shape[1] == w_type.shape[3])
        type_check.expect(
            x_type.shape[2] >= w_type.shape[4],
            x_type.shape[3] >= w_type.shape[5],
        )
        type_check.expect(
            (x_type.shape[2] - w_type.shape[4]) // self.sy + 1 == w_type.shape[1],
            (x_type.shape[3] - w_type.shape[5]) // self.sx + 1 == w_type.shape[2],
        )
        if b_type is not None:
            type_check.expect(
                b_type.dtype.kind == 'f',
                b_type.ndim == 3,
                b_type.shape[0] == w_type.shape[0],
                b_type.shape[1] == w_type.shape[1],
                b_type.shape[2] == w_type.shape[2],
            )

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        xp = backend.get_array_module(x)
        self._b_dtype = inputs[2].dtype if len(inputs) == 3 else None
        out_c, out_h, out_w, in_c, kh, kw = W.shape
        n = x.shape[0]
        view = conv_nd.im2col_nd_view(x, (kh, kw), (self.sy, self.sx), (0, 0),
                                      (out_h, out_w), (1, 1), 0)
        # (n, c, kh, kw, oh, ow) -> (oh * ow, n, c * kh * kw)
        col = xp.ascontiguousarray(view.transpose(4, 5, 0, 1, 2, 3)).reshape(
            out_h * out_w, n, in_c * kh * kw)
        # (O, oh, ow, c, kh, kw) -> (oh * ow, O, c * kh * kw)
        Wm = W.transpose(1, 2, 0, 3, 4, 5).reshape(out_h * out_w, out_c, in_c * kh * kw)
        y = xp.matmul(col, Wm.swapaxes(1, 2))  # (P, n, O)
        y = y.transpose(1, 2, 0).reshape(n, out_c, out_h, out_w)
        if len(inputs) == 3:
            y = y + inputs[2]
        return xp.ascontiguousarray(y, dtype=x.dtype),

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        F = chainer.functions
        out_c, out_h, out_w, in_c, kh, kw = W.shape
        n = x.shape[0]
        P = out_h * out_w
        gy_p = F.transpose(F.reshape(gy, (n, out_c, P)), (2, 0, 1))  # (P, n, O)
        W_p = F.reshape(F.transpose(W, (1, 2, 0, 3, 4, 5)), (P, out_c, in_c * kh * kw))
        ret = []
        if 0 in indexes:
            gcol = F.matmul(gy_p, W_p)  # (P, n, K)
            gcol = F.reshape(F.transpose(gcol, (1, 2, 0)),
                             (n, in_c * kh * kw, out_h, out_w))
            im2col_node = im2col_module.Im2Col((kh, kw), (self.sy, self.sx), 0, False, 1)
            im2col_node._in_hw = x.shape[2:]
            gx, = im2col_module.Col2Im(im2col_node).apply((gcol,))
            ret.append(_as_dtype(gx, x.dtype))
        if 1 in indexes:
            col = im2col_module.im2col(x, (kh, kw), (self.sy, self.sx))
            col_p = F.transpose(F.reshape(col, (n, in_c * kh * kw, P)), (2, 0, 1))
            gW = F.matmul(gy_p, col_p, transa=True)  # (P, O, K)
            gW = F.reshape(gW, (out_h, out_w, out_c, in_c, kh, kw))
            ret.append(_as_dtype(F.transpose(gW, (2, 0, 1, 3, 4, 5)), W.dtype))
        if 2 in indexes:
            ret.append(_as_dtype(F.sum(gy, axis=0), self._b_dtype))
        return tuple(ret)


def _as_dtype(v, dtype):
    # x, W and b may have different float dtypes; each gradient takes its input's.
    if v.dtype == dtype:
        return v
    return chainer.functions.cast(v, dtype)


def local_convolution_2d(x, W, b=None, stride=1):
    """Two-dimensional locally connected (unshared-weight) convolution.

    Like :func:`convolution_2d` without padding, but each output position ``(i, j)``
    has its own filters::

        y[n, o, i, j] = b[o, i, j] + sum_{c, ky, kx} W[o, i, j, c, ky, kx]
                        x[n, c, i s_Y + ky, j s_X + kx]

    with ``h_O = (h - k_H) // s_Y + 1`` and ``w_O = (w - k_W) // s_X + 1``.

    Args:
        x (Variable or array): input of shape ``(n, c_I, h, w)``.
        W (Variable or array): filters of shape ``(c_O, h_O, w_O, c_I, k_H, k_W)``.
        b (Variable or array): optional bias of shape ``(c_O, h_O, w_O)``.
        stride (int or pair of ints): stride ``(s_Y, s_X)``.
    Returns:
        Variable of shape ``(n, c_O, h_O, w_O)``, of the dtype of ``x`` (``W``
        and ``b`` may have other float dtypes; each gradient has its input's).
    """
    node = LocalConvolution2DFunction(stride)
    if b is None:
        y, = node.apply((x, W))
    else:
        y, = node.apply((x, W, b))
    return y
