"""Two-dimensional unpooling, ``unpooling_2d``."""
from chainer.functions.pooling import pooling_nd
from chainer.functions.pooling import unpooling_nd


class Unpooling2D(pooling_nd.Pooling2DMixin, unpooling_nd.UnpoolingND):
    """Spreads each input value over its ``k_H x k_W`` window; see
    :func:`unpooling_2d`."""

    _func_name = 'unpooling_2d'

    def __init__(self, ksize, stride=None, pad=0, outsize=None, cover_all=True):
        super().__init__(2, ksize, stride, pad, outsize, cover_all)

    outh = property(lambda self: None if self.outs is None else self.outs[0])
    outw = property(lambda self: None if self.outs is None else self.outs[1])


def unpooling_2d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """Two-dimensional unpooling: the inverse of pooling in shape.

    Each ``x[n, c, i, j]`` is added to every pixel of the window at
    ``(i s_Y - p_H, j s_X - p_W)`` of size ``k_H x k_W`` (with the default stride,
    the windows tile the output and each value is simply repeated); what falls on
    the padding is dropped. Without ``outsize`` the output size is
    :func:`chainer.utils.get_deconv_outsize` of the input size; a given
    ``outsize`` must map back to the input size under
    :func:`chainer.utils.get_conv_outsize` (with the same ``cover_all``).

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        ksize (int or pair of ints): window size.
        stride (int, pair of ints or None): stride; ``None`` uses ``ksize``.
        pad (int or pair of ints): padding.
        outsize (None or pair of ints): output size ``(h_O, w_O)``.
        cover_all (bool): the ``cover_all`` of the pooling being inverted.
    Returns:
        Variable of shape ``(n, c, h_O, w_O)``.
    """
    return unpooling_nd._unpool(Unpooling2D(ksize, stride, pad, outsize, cover_all), x)
