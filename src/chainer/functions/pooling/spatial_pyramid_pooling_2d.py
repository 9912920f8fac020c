"""Spatial pyramid pooling, ``spatial_pyramid_pooling_2d``."""
import math

import numpy

import chainer
from chainer.functions.pooling import max_pooling_2d
from chainer.utils import conv


def spatial_pyramid_pooling_2d(x, pyramid_height, pooling=None):
    """Spatial pyramid pooling: a fixed-length vector from any input size.

    Level ``i`` (``0 <= i < pyramid_height``) max-pools ``x`` into a
    ``2^i x 2^i`` grid, with window and padding

        k_h = ceil(h / 2^i),  p_h = (2^i k_h - h) // 2   (likewise for the width)

    and stride ``k_h`` (``cover_all`` pooling); the grids of all levels are
    flattened and concatenated along the channels. A bin that falls entirely in the
    padding (possible at the far end, e.g. a width of 5 at level 2) gives 0.

    See `Spatial Pyramid Pooling in Deep Convolutional Networks for Visual
    Recognition <https://arxiv.org/abs/1406.4729>`_.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        pyramid_height (int): number of levels.
        pooling (str): the pooling of each level; ``'max'`` is the only one
            supported. It must be given (None is an error, as in Chainer 7).
    Returns:
        Variable of shape ``(n, c sum_i 4^i, 1, 1)``.
    """
    if pooling is None:
        raise ValueError("spatial_pyramid_pooling_2d: pooling must be given (the only "
                         "supported pooling is 'max')")
    if pooling != 'max':
        raise ValueError('spatial_pyramid_pooling_2d: pooling must be \'max\', got {!r}'
                         .format(pooling))
    if isinstance(pyramid_height, bool) or \
            not isinstance(pyramid_height, (int, numpy.integer)) or pyramid_height < 1:
        raise ValueError('spatial_pyramid_pooling_2d: pyramid_height must be a '
                         'positive int, got {!r}'.format(pyramid_height))
    if len(x.shape) != 4:
        raise ValueError('spatial_pyramid_pooling_2d: x must have shape (n, c, h, w), '
                         'got shape {}'.format(x.shape))
    F = chainer.functions
    n, c, h, w = x.shape
    levels = []
    for i in range(int(pyramid_height)):
        bins = 2 ** i
        kh = int(math.ceil(h / bins))
        kw = int(math.ceil(w / bins))
        ph = (kh * bins - h) // 2
        pw = (kw * bins - w) // 2
        out_h = conv.get_conv_outsize(h, kh, kh, ph, cover_all=True)
        out_w = conv.get_conv_outsize(w, kw, kw, pw, cover_all=True)
        if (out_h, out_w) != (bins, bins) or ph >= kh or pw >= kw:
            raise ValueError(
                'spatial_pyramid_pooling_2d: the input ({}x{}) is too small for a '
                'pyramid of height {}: level {} cannot be split into {}x{} bins'
                .format(h, w, pyramid_height, i, bins, bins))
        y = max_pooling_2d.max_pooling_2d(x, (kh, kw), None, (ph, pw), True)
        # With the documented padding, a window at the far end can lie entirely in
        # the padding (e.g. width 5 at level 2); it pools nothing and gives 0
        # rather than -inf.
        empty_h = numpy.arange(bins) * kh - ph >= h
        empty_w = numpy.arange(bins) * kw - pw >= w
        if empty_h.any() or empty_w.any():
            xp = chainer.backend.get_array_module(y.array)
            keep = ~(empty_h[:, None] | empty_w[None, :])
            keep = xp.asarray(numpy.broadcast_to(keep, y.shape))
            y = F.where(keep, y, xp.zeros(y.shape, y.dtype))
        levels.append(F.reshape(y, (n, c * bins * bins)))
    out = levels[0] if len(levels) == 1 else F.concat(levels, axis=1)
    return F.reshape(out, (n, out.shape[1], 1, 1))

