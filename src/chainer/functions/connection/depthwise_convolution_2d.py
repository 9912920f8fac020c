"""Two-dimensional depthwise convolution, ``depthwise_convolution_2d``."""
import chainer
from chainer.functions.connection import convolution_2d


def depthwise_convolution_2d(x, W, b=None, stride=1, pad=0):
    """Two-dimensional depthwise convolution.

    Each input channel is convolved separately with its own ``c_M`` filters (the
    channel multiplier): with ``x`` of shape ``(n, c_I, h, w)`` and ``W`` of shape
    ``(c_M, c_I, k_H, k_W)``, output channel ``i c_M + m`` is

        y[n, i c_M + m, p, q] = b[i c_M + m] + sum_{ky, kx} W[m, i, ky, kx]
                                x[n, i, p s_Y - p_H + ky, q s_X - p_W + kx]

    This is :func:`convolution_2d` with ``groups=c_I``.

    Args:
        x (Variable or array): input of shape ``(n, c_I, h, w)``.
        W (Variable or array): filters of shape ``(c_M, c_I, k_H, k_W)``.
        b (Variable or array): optional bias of length ``c_M c_I``.
        stride (int or pair of ints): stride ``(s_Y, s_X)``.
        pad (int or pair of ints): zero padding ``(p_H, p_W)``.
    Returns:
        Variable of shape ``(n, c_I c_M, h_O, w_O)``.
    """
    if len(W.shape) != 4:
        raise ValueError('depthwise_convolution_2d: W must have shape (c_M, c_I, k_H, '
                         'k_W), got shape {}'.format(W.shape))
    if len(x.shape) != 4 or x.shape[1] != W.shape[1]:
        raise ValueError('depthwise_convolution_2d: x must have shape (n, c_I, h, w) '
                         'with c_I = W.shape[1] = {}, got shape {}'.format(
                             W.shape[1], x.shape))
    multiplier, in_channels, kh, kw = W.shape
    F = chainer.functions
    W_ = F.reshape(F.transpose(W, (1, 0, 2, 3)),
                   (in_channels * multiplier, 1, kh, kw))
    return convolution_2d.convolution_2d(x, W_, b, stride, pad, groups=in_channels)
