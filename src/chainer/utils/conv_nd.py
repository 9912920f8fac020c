"""N-dimensional im2col and col2im: the patch expansion behind convolution and pooling.

For an input ``img`` of shape ``(n, c, d_1, ..., d_N)``, ``im2col_nd`` gathers, for every
output position ``(o_1, ..., o_N)`` and kernel offset ``(k_1, ..., k_N)``, the pixel

    img[:, :, o_1 * s_1 - p_1 + k_1 * dl_1, ..., o_N * s_N - p_N + k_N * dl_N]

(``s`` the stride, ``p`` the padding, ``dl`` the dilation; positions outside the image
read ``pval``) into ``col`` of shape ``(n, c, k_1, ..., k_N, o_1, ..., o_N)``.
``col2im_nd`` is its adjoint: every entry of ``col`` is added back to the pixel it was
read from, and entries read from the padding are dropped.

Both work on any array module. On NumPy, im2col is a single strided view of the padded
input (``numpy.lib.stride_tricks.as_strided``) copied once; col2im adds the ``k_1 ...
k_N`` kernel slices of ``col`` into the image with strided slices, so neither has a
loop over pixels.
"""
import itertools

import numpy

from chainer import backend
from chainer.utils import conv


def as_tuple(x, n):
    """``x`` as a tuple of ``n`` ints: an int is repeated, a sequence must have ``n`` items.

    Args:
        x (int or sequence of ints): the value.
        n (int): the length wanted.
    Returns:
        tuple of ints.
    """
    if hasattr(x, '__getitem__'):
        x = tuple(x)
        if len(x) != n:
            raise ValueError('expected {} values (one per spatial axis), got {}: {!r}'
                             .format(n, len(x), x))
        return x
    return (x,) * n


def _window_extent(out_size, k, s, d):
    # The length of input (padding included) touched by out_size windows.
    return (out_size - 1) * s + (k - 1) * d + 1


def _pad_for_windows(xp, img, pad, extents, pval):
    """``img`` padded by ``pad`` before each spatial axis and enough after it that the
    padded length is at least ``extents`` (and at least ``size + 2 * pad``... only as
    far as windows need). Returns the array as it is when nothing is to be added."""
    spatial = img.shape[2:]
    after = [max(0, e - p - s) for e, p, s in zip(extents, pad, spatial)]
    if not any(pad) and not any(after):
        return img
    shape = img.shape[:2] + tuple(
        p + s + a for p, s, a in zip(pad, spatial, after))
    padded = xp.empty(shape, dtype=img.dtype)
    # Fill only the border: the interior is overwritten with the image below.
    nd = len(spatial)
    for axis in range(nd):
        p, s = pad[axis], spatial[axis]
        before_slice = [slice(None)] * (2 + nd)
        before_slice[2 + axis] = slice(0, p)
        padded[tuple(before_slice)] = pval
        after_slice = [slice(None)] * (2 + nd)
        after_slice[2 + axis] = slice(p + s, None)
        padded[tuple(after_slice)] = pval
    interior = (slice(None), slice(None)) + tuple(
        slice(p, p + s) for p, s in zip(pad, spatial))
    padded[interior] = img
    return padded


def _as_strided(xp, a, shape, strides):
    if xp is numpy:
        return numpy.lib.stride_tricks.as_strided(
            a, shape=shape, strides=strides, writeable=False)
    return xp.lib.stride_tricks.as_strided(a, shape=shape, strides=strides)


def im2col_nd_view(img, ksize, stride, pad, out_size, dilate=None, pval=0):
    """The patches of ``img`` as an array of shape ``(n, c, *ksize, *out_size)``.

    On NumPy the result is a read-only strided view of the (padded) input, without a
    copy; copy it (``numpy.ascontiguousarray``) before writing or before a GEMM.

    Args:
        img: array of shape ``(n, c, d_1, ..., d_N)``.
        ksize, stride, pad, out_size, dilate (tuples of N ints): the geometry;
            ``out_size`` is the number of windows along each axis.
        pval: value read outside the image.
    """
    xp = backend.get_array_module(img)
    nd = img.ndim - 2
    if dilate is None:
        dilate = (1,) * nd
    extents = [_window_extent(o, k, s, d)
               for o, k, s, d in zip(out_size, ksize, stride, dilate)]
    padded = _pad_for_windows(xp, img, pad, extents, pval)
    strides = padded.strides
    shape = img.shape[:2] + tuple(ksize) + tuple(out_size)
    new_strides = strides[:2] + tuple(
        st * d for st, d in zip(strides[2:], dilate)) + tuple(
        st * s for st, s in zip(strides[2:], stride))
    return _as_strided(xp, padded, shape, new_strides)


def batch_chunks(n, item_bytes, budget, xp):
    """``(start, stop)`` bounds of consecutive chunks of a batch of ``n`` items
    that take ``item_bytes`` of work space each: chunks of about ``budget`` bytes
    (at least one item, all about the same size) on NumPy, where cache-sized
    pieces run faster; the whole batch at once on other array modules."""
    if n == 0:
        return []
    if xp is not numpy:
        return [(0, n)]
    per = max(1, min(n, budget // max(1, item_bytes)))
    count = -(-n // per)
    per = -(-n // count)
    return [(a, min(n, a + per)) for a in range(0, n, per)]


def _offset_slices(offsets, stride, dilate, out_size):
    return tuple(slice(k * d, k * d + s * (o - 1) + 1, s)
                 for k, s, d, o in zip(offsets, stride, dilate, out_size))


def col2im_nd_impl(col, stride, pad, dims, dilate=None, out=None):
    """Sum the patches ``col`` of shape ``(n, c, *ksize, *out_size)`` back into an
    image of spatial shape ``dims`` (the adjoint of :func:`im2col_nd_view`).

    One strided-slice addition per kernel offset.
    """
    xp = backend.get_array_module(col)
    nd = len(dims)
    if dilate is None:
        dilate = (1,) * nd
    ksize = col.shape[2:2 + nd]
    out_size = col.shape[2 + nd:]
    extents = [max(dm + 2 * p, _window_extent(o, k, s, d)) for dm, p, o, k, s, d in
               zip(dims, pad, out_size, ksize, stride, dilate)]
    img = xp.zeros(col.shape[:2] + tuple(extents), dtype=col.dtype)
    lead = (slice(None), slice(None))
    for offsets in itertools.product(*[range(k) for k in ksize]):
        target = lead + _offset_slices(offsets, stride, dilate, out_size)
        img[target] += col[lead + offsets]
    interior = lead + tuple(slice(p, p + dm) for p, dm in zip(pad, dims))
    return img[interior]


def _out_sizes(dims, ksize, stride, pad, cover_all, dilate):
    return tuple(conv.get_conv_outsize(dm, k, s, p, cover_all=cover_all, d=d)
                 for dm, k, s, p, d in zip(dims, ksize, stride, pad, dilate))


def im2col_nd_cpu(img, ksize, stride, pad, pval=0, cover_all=False, dilate=1):
    """Patches of the NumPy array ``img`` (see the module docstring).

    Args:
        img (numpy.ndarray): input of shape ``(n, c, d_1, ..., d_N)``.
        ksize, stride, pad (int or tuple of N ints): window size, stride, padding.
        pval: value read outside the image.
        cover_all (bool): use as many windows as needed to cover every input pixel.
        dilate (int or tuple of N ints): dilation of the windows.
    Returns:
        numpy.ndarray of shape ``(n, c, k_1, ..., k_N, o_1, ..., o_N)`` (a new array).
    """
    nd = img.ndim - 2
    ksize, stride, pad, dilate = (as_tuple(v, nd) for v in (ksize, stride, pad, dilate))
    out_size = _out_sizes(img.shape[2:], ksize, stride, pad, cover_all, dilate)
    _check_out_size(out_size)
    view = im2col_nd_view(img, ksize, stride, pad, out_size, dilate, pval)
    return view.copy()


def im2col_nd_gpu(img, ksize, stride, pad, cover_all=False, dilate=1):
    """:func:`im2col_nd_cpu` for a CuPy array (zero padding); written with array
    operations, so it runs on any array module."""
    nd = img.ndim - 2
    ksize, stride, pad, dilate = (as_tuple(v, nd) for v in (ksize, stride, pad, dilate))
    out_size = _out_sizes(img.shape[2:], ksize, stride, pad, cover_all, dilate)
    _check_out_size(out_size)
    return im2col_nd_view(img, ksize, stride, pad, out_size, dilate, 0).copy()


def im2col_nd(img, ksize, stride, pad, cover_all=False, dilate=1):
    """N-dimensional im2col on any array module (zero padding); see :func:`im2col_nd_cpu`."""
    return im2col_nd_gpu(img, ksize, stride, pad, cover_all=cover_all, dilate=dilate)


def col2im_nd_cpu(col, stride, pad, dims, dilate=1):
    """Adjoint of :func:`im2col_nd_cpu`: add the patches back into an image.

    Args:
        col (numpy.ndarray): patches of shape ``(n, c, k_1, ..., k_N, o_1, ..., o_N)``.
        stride, pad (int or tuple of N ints): as given to im2col.
        dims (tuple of N ints): spatial shape of the image.
        dilate (int or tuple of N ints): dilation.
    Returns:
        numpy.ndarray of shape ``(n, c, *dims)``.
    """
    nd = len(dims)
    stride, pad, dilate = (as_tuple(v, nd) for v in (stride, pad, dilate))
    if col.ndim != 2 + 2 * nd:
        raise ValueError('col2im_nd: col must have {} axes for {} spatial dims, got '
                         'shape {}'.format(2 + 2 * nd, nd, col.shape))
    img = col2im_nd_impl(col, stride, pad, tuple(dims), dilate)
    xp = backend.get_array_module(img)
    return xp.ascontiguousarray(img)


def col2im_nd_gpu(col, stride, pad, dims, dilate=1):
    """:func:`col2im_nd_cpu` for CuPy arrays (written with array operations)."""
    return col2im_nd_cpu(col, stride, pad, dims, dilate)


def col2im_nd(col, stride, pad, dims, dilate=1):
    """N-dimensional col2im on any array module; see :func:`col2im_nd_cpu`."""
    return col2im_nd_cpu(col, stride, pad, dims, dilate)


def _check_out_size(out_size):
    for o in out_size:
        if o <= 0:
            raise ValueError(
                'the output would be empty: output size {} computed from the input '
                'size, kernel, stride, padding and dilation must be positive'.format(
                    tuple(out_size)))
