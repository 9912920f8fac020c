"""Two-dimensional average pooling, ``average_pooling_2d``."""
from chainer.functions.pooling import average_pooling_nd
from chainer.functions.pooling import pooling_nd


class AveragePooling2D(pooling_nd.Pooling2DMixin, average_pooling_nd.AveragePoolingND):
    """Average over the windows of ``x`` (n, c, h, w), the padding counting as
    zeros; see :func:`average_pooling_2d`."""

    _func_name = 'average_pooling_2d'

    def __init__(self, ksize, stride=None, pad=0, cover_all=False):
        super().__init__(2, ksize, stride, pad, cover_all, 0)


def average_pooling_2d(x, ksize, stride=None, pad=0):
    """Two-dimensional average pooling.

    ``y[n, c, i, j]`` is the mean of the ``k_H x k_W`` window at
    ``(i s_Y - p_H, j s_X - p_W)``; the padding counts as zeros (use
    :func:`average_pooling_nd` with ``pad_value=None`` to ignore it). The output
    size is ``((h + 2 p_H - k_H) // s_Y + 1, (w + 2 p_W - k_W) // s_X + 1)``.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        ksize (int or pair of ints): window size.
        stride (int, pair of ints or None): stride; ``None`` uses ``ksize``.
        pad (int or pair of ints): zero padding.
    Returns:
        Variable of shape ``(n, c, h_O, w_O)``.

    .. admonition:: Example

        >>> x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
        >>> F.average_pooling_2d(x, 2).array
        array([[[[ 2.5,  4.5],
                 [10.5, 12.5]]]], dtype=float32)
    """
    y, = AveragePooling2D(ksize, stride, pad, False).apply((x,))
    return y
