"""The engine of the pooling functions: window geometry and the array kernels.

Pooling reads, for every output position ``o`` and window offset ``k``, the input
pixel ``o * s - p + k`` (``s`` the stride, ``p`` the padding). Every kernel here
works over the window offsets: for each offset, one strided slice of the padded
input covers all batch items, channels and output positions at once, so the
number of array operations is the window size, never the number of pixels.
(:func:`window_max` first copies the slices into contiguous planes, a few batch
items at a time, as NumPy runs the comparisons several times faster there.)

* :func:`window_max`, :func:`argmax_indexes`: the maximum over each window and
  the offset (flat index in the window) of its first occurrence.
* :func:`scatter_by_index` and :func:`gather_by_index`: route values to (from) the
  selected offset of each window; the gradient of max pooling and its adjoint.
* :func:`window_sum` and :func:`spread`: sum over each window and its adjoint,
  which adds each value to every pixel of its window (average pooling and
  unpooling).

With the ``fast`` extra (numba), the two-dimensional :func:`window_max` and
:func:`scatter_by_index` on float32/float64 NumPy arrays run as compiled kernels
(:mod:`chainer._compiled`) that visit each pixel once.
"""
import itertools

import numpy

from chainer import _compiled
from chainer import backend
from chainer import function_node
from chainer.utils import _normalize
from chainer.utils import conv
from chainer.utils import conv_nd
from chainer.utils import type_check


def pooling_geometry(ndim, ksize, stride, pad, func_name):
    """Validated ``(ksize, stride, pad)`` tuples; ``stride=None`` means ``ksize``."""
    ksize = _normalize.int_tuple(ksize, ndim, 'ksize', func_name, 1)
    if stride is None:
        stride = ksize
    stride = _normalize.int_tuple(stride, ndim, 'stride', func_name, 1)
    pad = _normalize.int_tuple(pad, ndim, 'pad', func_name, 0)
    return ksize, stride, pad


def out_size_of(in_size, ksize, stride, pad, cover_all, func_name):
    out = tuple(conv.get_conv_outsize(i, k, s, p, cover_all=cover_all)
                for i, k, s, p in zip(in_size, ksize, stride, pad))
    if any(o <= 0 for o in out):
        raise ValueError(
            '{}: the output would be empty (output size {}): the input of spatial '
            'size {} is too small for ksize {}, stride {} and pad {}'.format(
                func_name, out, tuple(in_size), ksize, stride, pad))
    return out


def _offsets(ksize):
    return itertools.product(*[range(k) for k in ksize])


def _window_slices(offsets, stride, out_size):
    return (slice(None), slice(None)) + tuple(
        slice(k, k + s * (o - 1) + 1, s) for k, s, o in zip(offsets, stride, out_size))


def _padded_extents(dims, ksize, stride, pad, out_size):
    return tuple(max(d + 2 * p, (o - 1) * s + k) for d, k, s, p, o in
                 zip(dims, ksize, stride, pad, out_size))


def _crop(img, pad, dims):
    return img[(slice(None), slice(None)) + tuple(
        slice(p, p + d) for p, d in zip(pad, dims))]


def index_dtype(ksize):
    """The smallest integer dtype that holds a flat offset in a window of ``ksize``."""
    size = 1
    for k in ksize:
        size *= k
    if size <= 127:
        return numpy.int8
    if size <= 32767:
        return numpy.int16
    return numpy.int32


_KERNEL_DTYPES = (numpy.dtype(numpy.float32), numpy.dtype(numpy.float64))


def _kernels_2d(x, ksize):
    # The compiled kernels, where they apply: 2-D windows on float32/float64 NumPy
    # arrays.
    if len(ksize) != 2 or type(x) is not numpy.ndarray or \
            x.dtype not in _KERNEL_DTYPES:
        return None
    return _compiled.kernels()


# window_max works through the batch in chunks whose window planes take about this
# many bytes (cache-sized; see conv_nd.batch_chunks).
_CHUNK_BYTES = 4 * 2 ** 20


def _prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def window_max(x, ksize, stride, pad, out_size, with_indexes=False):
    """Maximum over each window of ``x`` (padding reads ``-inf``; NaN propagates).

    With ``with_indexes``, also returns the flat window offset (row-major) of the
    first maximum of each window (in :func:`index_dtype`).

    Batch chunk by chunk, the window offsets are first copied out of the strided
    window view into contiguous *planes*, one per offset (``(K, m, c, out...)``);
    the running maximum and the offset of its first occurrence are then updated
    with one pass of whole-plane operations per offset. NumPy runs such contiguous
    operations several times faster than the same operations on the strided
    views, whose inner runs are only one output row long.
    """
    k = _kernels_2d(x, ksize)
    if k is not None:
        x = numpy.ascontiguousarray(x)
        y = numpy.empty(x.shape[:2] + tuple(out_size), dtype=x.dtype)
        indexes = numpy.empty(y.shape, dtype=index_dtype(ksize))
        k.max_pool_2d_forward(x, ksize[0], ksize[1], stride[0], stride[1], pad[0],
                              pad[1], y, indexes)
        return (y, indexes) if with_indexes else y
    xp = backend.get_array_module(x)
    nd = len(ksize)
    n, c = x.shape[:2]
    out_size = tuple(out_size)
    K = _prod(ksize)
    view = conv_nd.im2col_nd_view(x, ksize, stride, pad, out_size, None, -numpy.inf)
    y = xp.empty((n, c) + out_size, dtype=x.dtype)
    dtype = index_dtype(ksize)
    indexes = xp.empty(y.shape, dtype=dtype) if with_indexes else None
    item = c * _prod(out_size)
    bounds = conv_nd.batch_chunks(n, K * item * x.dtype.itemsize, _CHUNK_BYTES, xp)
    size = max([b - a for a, b in bounds] + [0])
    flat = xp.empty((K, size * item), dtype=x.dtype)
    if with_indexes and K > 1:
        greater = xp.empty(size * item, dtype=numpy.bool_)
        step = xp.empty(size * item, dtype=dtype)
    # (m, c, k..., out...) -> (k..., m, c, out...)
    to_planes = tuple(range(2, 2 + nd)) + (0, 1) + tuple(range(2 + nd, 2 + 2 * nd))
    for a, b in bounds:
        m = b - a
        chunk = flat[:, :m * item]
        chunk.reshape(tuple(ksize) + (m, c) + out_size)[...] = \
            view[a:b].transpose(to_planes)
        planes = chunk.reshape((K, m) + y.shape[1:])
        out = y[a:b]
        if K == 1:
            out[...] = planes[0]
            if with_indexes:
                indexes[a:b] = 0
            continue
        if not with_indexes:
            xp.maximum(planes[0], planes[1], out=out)
            for t in range(2, K):
                xp.maximum(out, planes[t], out=out)
            continue
        idx = indexes[a:b]
        gt = greater[:m * item].reshape(out.shape)
        st = step[:m * item].reshape(out.shape)
        xp.greater(planes[1], planes[0], out=gt)
        idx[...] = gt
        xp.maximum(planes[0], planes[1], out=out)
        for t in range(2, K):
            xp.greater(planes[t], out, out=gt)
            # idx = where(gt, t, idx), in integer arithmetic
            xp.subtract(dtype(t), idx, out=st)
            if dtype == numpy.int8:
                st *= gt.view(numpy.int8)
            else:
                st *= gt
            idx += st
            xp.maximum(out, planes[t], out=out)
    if with_indexes:
        return y, indexes
    return y


def _first_max_masks(view, y, ksize):
    """For each window offset ``t`` (in row-major order), the boolean mask of the
    outputs whose first maximum is at offset ``t``, given the windows ``view``
    (as :func:`conv_nd.im2col_nd_view` gives them). A generator."""
    lead = (slice(None), slice(None))
    taken = None
    for t, offsets in enumerate(_offsets(ksize)):
        hit = view[lead + offsets] == y
        if taken is None:
            taken = hit
            yield t, hit
            continue
        hit &= ~taken
        taken |= hit
        yield t, hit


def argmax_indexes(x, y, ksize, stride, pad):
    """The flat window offset (row-major) of the first maximum of each window,
    given the input ``x`` and the window maxima ``y``; in :func:`index_dtype`.
    (A window whose maximum is NaN gets offset 0.)"""
    xp = backend.get_array_module(x)
    dtype = index_dtype(ksize)
    view = conv_nd.im2col_nd_view(x, ksize, stride, pad, y.shape[2:], None,
                                  -numpy.inf)
    indexes = xp.zeros(y.shape, dtype=dtype)
    for t, mask in _first_max_masks(view, y, ksize):
        if t:
            indexes += mask.astype(dtype) * dtype(t)
    return indexes


def _scatter_image(values, ksize, stride, pad, dims):
    # The padded image that the windows of ``values`` write into, and whether the
    # windows tile it exactly (each pixel written once: no fill, no accumulation).
    xp = backend.get_array_module(values)
    out_size = values.shape[2:]
    extents = _padded_extents(dims, ksize, stride, pad, out_size)
    tiles = all(s == k for s, k in zip(stride, ksize)) and all(
        e == o * k for e, o, k in zip(extents, out_size, ksize))
    shape = values.shape[:2] + extents
    img = xp.empty(shape, values.dtype) if tiles else xp.zeros(shape, values.dtype)
    return img, tiles


def scatter_by_index(values, indexes, ksize, stride, pad, dims):
    """Adjoint of :func:`gather_by_index`: an image of spatial shape ``dims`` where
    ``values[n, c, o]`` is added at the pixel of window ``o`` selected by
    ``indexes[n, c, o]`` (dropped when that pixel is padding).

    One pass per window offset: the values masked by ``indexes == t`` (a float
    mask: a product of floats runs faster than one with a boolean operand) are
    written into (or, for overlapping windows, added to) the strided slice of
    that offset.
    """
    k = _kernels_2d(values, ksize)
    if k is not None:
        gx = numpy.empty(values.shape[:2] + tuple(dims), dtype=values.dtype)
        k.max_pool_2d_backward(numpy.ascontiguousarray(values),
                               numpy.ascontiguousarray(indexes), ksize[0], ksize[1],
                               stride[0], stride[1], pad[0], pad[1], gx)
        return gx
    xp = backend.get_array_module(values)
    img, tiles = _scatter_image(values, ksize, stride, pad, dims)
    out_size = values.shape[2:]
    hit = xp.empty(values.shape, dtype=numpy.bool_)
    mask = xp.empty(values.shape, dtype=values.dtype)
    for t, offsets in enumerate(_offsets(ksize)):
        xp.equal(indexes, indexes.dtype.type(t), out=hit)
        mask[...] = hit
        target = img[_window_slices(offsets, stride, out_size)]
        if tiles:
            xp.multiply(values, mask, out=target)
        else:
            xp.multiply(values, mask, out=mask)
            target += mask
    return _crop(img, pad, dims)


def gather_by_index(img, indexes, ksize, stride, pad):
    """``y[n, c, o] = img[n, c, pixel of window o selected by indexes[n, c, o]]``
    (zero when that pixel is padding)."""
    xp = backend.get_array_module(img)
    out_size = indexes.shape[2:]
    view = conv_nd.im2col_nd_view(img, ksize, stride, pad, out_size, None, 0)
    lead = (slice(None), slice(None))
    y = xp.zeros(indexes.shape, dtype=img.dtype)
    for t, offsets in enumerate(_offsets(ksize)):
        y += view[lead + offsets] * (indexes == t)
    return y


def window_sum(x, ksize, stride, pad, out_size, divisor=None):
    """Sum of each window of ``x`` (padding reads 0), divided by ``divisor`` (a
    number or an array broadcastable to the output) when given."""
    view = conv_nd.im2col_nd_view(x, ksize, stride, pad, out_size, None, 0)
    xp = backend.get_array_module(x)
    lead = (slice(None), slice(None))
    y = None
    for offsets in _offsets(ksize):
        window = view[lead + offsets]
        if y is None:
            y = xp.array(window)
        else:
            y += window
    if divisor is not None:
        y /= divisor
    return y


def spread(values, ksize, stride, pad, dims, divisor=None):
    """Adjoint of :func:`window_sum`: each ``values[n, c, o]`` (divided by
    ``divisor`` when given) is added to every pixel of window ``o`` of an image of
    spatial shape ``dims``; what lands in the padding is dropped."""
    xp = backend.get_array_module(values)
    if divisor is not None:
        values = values / divisor
    out_size = values.shape[2:]
    extents = _padded_extents(dims, ksize, stride, pad, out_size)
    img = xp.zeros(values.shape[:2] + extents, dtype=values.dtype)
    for offsets in _offsets(ksize):
        img[_window_slices(offsets, stride, out_size)] += values
    return _crop(img, pad, dims)


def valid_counts(dims, ksize, stride, pad, out_size, dtype, xp):
    """The number of non-padding pixels in each window, shaped ``(1, 1, *out_size)``
    (a product of one count per axis, as windows are boxes)."""
    counts = None
    nd = len(dims)
    for axis, (d, k, s, p, o) in enumerate(zip(dims, ksize, stride, pad, out_size)):
        start = numpy.arange(o) * s - p
        stop = start + k
        count = numpy.minimum(stop, d) - numpy.maximum(start, 0)
        count = numpy.maximum(count, 0)
        shape = [1] * (2 + nd)
        shape[2 + axis] = o
        count = count.reshape(shape)
        counts = count if counts is None else counts * count
    return xp.asarray(counts.astype(dtype))


class _PoolingND(function_node.FunctionNode):
    """Base of the N-dimensional pooling nodes: holds ``ndim``, ``ksize``,
    ``stride``, ``pad`` and ``cover_all`` and checks that the input is a float
    array with ``ndim`` spatial axes."""

    _func_name = 'pooling_nd'

    def __init__(self, ndim, ksize, stride=None, pad=0, cover_all=True):
        if isinstance(ndim, bool) or not isinstance(ndim, (int, numpy.integer)) \
                or ndim < 1:
            raise ValueError('{}: ndim must be a positive int, got {!r}'.format(
                self._func_name, ndim))
        self.ndim = int(ndim)
        self.ksize, self.stride, self.pad = pooling_geometry(
            self.ndim, ksize, stride, pad, self._func_name)
        self.cover_all = bool(cover_all)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            x_type.ndim == 2 + self.ndim,
        )


class Pooling2DMixin(object):
    """Chainer's 2-D attribute names for the geometry of a pooling node."""

    kh = property(lambda self: self.ksize[0])
    kw = property(lambda self: self.ksize[1])
    sy = property(lambda self: self.stride[0])
    sx = property(lambda self: self.stride[1])
    ph = property(lambda self: self.pad[0])
    pw = property(lambda self: self.pad[1])
