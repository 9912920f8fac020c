"""Two-dimensional dilated convolution, ``dilated_convolution_2d``."""
from chainer.functions.connection import convolution_2d


def dilated_convolution_2d(x, W, b=None, stride=1, pad=0, dilate=1, cover_all=False):
    """Two-dimensional dilated (atrous) convolution.

    The same as :func:`convolution_2d` with ``dilate``: the filter taps are
    ``(d_Y, d_X)`` pixels apart, so a ``k_H x k_W`` filter covers
    ``(k_H - 1) d_Y + 1`` rows and ``(k_W - 1) d_X + 1`` columns.

    Args:
        x (Variable or array): input of shape ``(n, c_I, h, w)``.
        W (Variable or array): filters of shape ``(c_O, c_I, k_H, k_W)``.
        b (Variable or array): optional bias of shape ``(c_O,)``.
        stride (int or pair of ints): stride.
        pad (int or pair of ints): zero padding.
        dilate (int or pair of ints): dilation ``(d_Y, d_X)``.
        cover_all (bool): cover every input pixel.
    Returns:
        Variable of shape ``(n, c_O, h_O, w_O)``.
    """
    return convolution_2d.convolution_2d(x, W, b, stride, pad, cover_all,
                                         dilate=dilate)
