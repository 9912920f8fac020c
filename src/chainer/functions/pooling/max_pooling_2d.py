"""Two-dimensional max pooling, ``max_pooling_2d``."""
from chainer.functions.pooling import max_pooling_nd
from chainer.functions.pooling import pooling_nd


class MaxPooling2D(pooling_nd.Pooling2DMixin, max_pooling_nd.MaxPoolingND):
    """Max pooling over the windows of ``x`` (n, c, h, w); see
    :func:`max_pooling_2d`. After the forward pass, ``indexes`` holds the flat
    window offset (``ky * kw + kx``) of each maximum."""

    _func_name = 'max_pooling_2d'

    def __init__(self, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
        super().__init__(2, ksize, stride, pad, cover_all, return_indices)


def max_pooling_2d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """Two-dimensional max pooling.

    ``y[n, c, i, j] = max x[n, c, i s_Y - p_H + ky, j s_X - p_W + kx]`` over
    ``0 <= ky < k_H, 0 <= kx < k_W`` (padding never wins). The output size is
    :func:`chainer.utils.get_conv_outsize` of the input size; with ``cover_all``
    (the default) the last window may run past the end so that every input pixel is
    pooled.

    The gradient of each output goes to one input pixel: the first of its window,
    in row-major order, that holds the maximum.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        ksize (int or pair of ints): window size ``(k_H, k_W)``.
        stride (int, pair of ints or None): stride ``(s_Y, s_X)``; ``None`` uses
            ``ksize``.
        pad (int or pair of ints): padding ``(p_H, p_W)``.
        cover_all (bool): cover every input pixel.
        return_indices (bool): also return the indexes of the maxima, as expected by
            :func:`~chainer.functions.upsampling_2d`.
    Returns:
        Variable of shape ``(n, c, h_O, w_O)``; with ``return_indices``, the tuple
        ``(y, indexes)`` where ``indexes`` (an int array of the output's shape)
        holds ``ky * k_W + kx`` of each maximum.

    .. admonition:: Example

        >>> x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4)
        >>> F.max_pooling_2d(x, 2).array
        array([[[[ 5.,  7.],
                 [13., 15.]]]], dtype=float32)
        >>> F.max_pooling_2d(x, 3, stride=2).shape  # cover_all adds a last window
        (1, 1, 2, 2)
    """
    node = MaxPooling2D(ksize, stride, pad, cover_all, return_indices)
    return max_pooling_nd._max_pooling(node, x)


# Chainer 7.8.1 defines max_pooling_2d in max_pooling_nd, which is where
# pickles (of a Sequential holding F.max_pooling_2d, for instance) name it.
max_pooling_nd.max_pooling_2d = max_pooling_2d
max_pooling_2d.__module__ = max_pooling_nd.__name__
