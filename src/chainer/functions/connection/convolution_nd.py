"""N-dimensional convolution: ``convolution_nd``, ``convolution_1d``, ``convolution_3d``.

This module holds the engine shared by every convolution and deconvolution:

* forward: the input's patches (``im2col``: a strided view of the padded input,
  copied once into a ``(c k..., n out...)`` matrix) times the filters, one GEMM per
  group for all batch items and pixels; the result is moved to ``(n, c_O, ...)``
  with the bias added in the same pass;
* gradient of the filters (:class:`ConvolutionNDGradW`): the output gradient times
  the patches (kept from the forward pass when they are not too large), one GEMM
  per group;
* gradient of the input: a deconvolution (:class:`DeconvolutionND`), i.e. a GEMM
  followed by ``col2im``, which adds the kernel slices back with one strided-slice
  addition per kernel offset.

The memory-bound stages (copies, transposes, col2im) are split over a few threads
(:mod:`chainer.utils._parallel`). Each gradient is itself a convolution or
deconvolution, so gradients of any order are available.
"""
import itertools

import numpy

import chainer
from chainer import backend
from chainer import configuration
from chainer import function_node
from chainer.utils import _parallel
from chainer.utils import conv
from chainer.utils import conv_nd
from chainer.utils import type_check


# The largest patch matrix (bytes) a convolution keeps from its forward pass for
# the filter gradient; larger ones are recomputed in the backward pass.
_COL_CACHE_BYTES = 64 * 2 ** 20


def _positive_ints(value, ndim, name, func_name, minimum=1):
    """``value`` as a tuple of ``ndim`` ints, each at least ``minimum``."""
    return conv_nd._int_tuple(value, ndim, name, func_name, minimum)


def _check_groups(groups, func_name):
    if isinstance(groups, bool) or not isinstance(groups, (int, numpy.integer)) \
            or groups < 1:
        raise ValueError('{}: groups must be a positive int, got {!r}'.format(
            func_name, groups))
    return int(groups)


def _gemm_dtype(*dtypes):
    # float16 GEMMs run in float32 (NumPy has no float16 BLAS and would also
    # accumulate in half precision); the result is cast back.
    dtype = numpy.result_type(*dtypes)
    if dtype == numpy.float16:
        return numpy.dtype(numpy.float32)
    return dtype


def _prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def _spatial_axes(ndim):
    return (0,) + tuple(range(2, ndim + 2))


def conv_out_size(in_size, ksize, stride, pad, cover_all, dilate, func_name):
    """Output spatial size of a convolution; raises ValueError when empty."""
    out = tuple(conv.get_conv_outsize(s, k, st, p, cover_all=cover_all, d=d)
                for s, k, st, p, d in zip(in_size, ksize, stride, pad, dilate))
    if any(o <= 0 for o in out):
        raise ValueError(
            '{}: the output would be empty (output size {}): the input of spatial '
            'size {} is too small for kernel {}, stride {}, pad {} and dilate {}'
            .format(func_name, out, tuple(in_size), tuple(ksize), stride, pad, dilate))
    return out


def im2col_matrix(x, ksize, stride, pad, dilate, out_size, groups, dtype):
    """The patches of ``x`` as a contiguous array of shape ``(G, K_g, n P)`` in
    ``dtype``, where ``K_g = c / G * prod(ksize)`` and ``P = prod(out_size)``.

    Rows are ``(c, k...)`` and columns ``(n, out...)``: batch items and pixels are
    contracted or produced together by one GEMM per group.
    """
    xp = backend.get_array_module(x)
    n = x.shape[0]
    nd = len(ksize)
    view = conv_nd.im2col_nd_view(x, ksize, stride, pad, out_size, dilate, 0)
    # (n, c, k..., o...) -> (c, k..., n, o...)
    view = view.transpose((1,) + tuple(range(2, 2 + nd)) + (0,) +
                          tuple(range(2 + nd, 2 + 2 * nd)))
    if xp is not numpy:
        col = xp.ascontiguousarray(view, dtype=dtype)
    else:
        col = numpy.empty(view.shape, dtype=dtype)
        # Split the copy over channels, or over batch items when there are few.
        axis = 0 if view.shape[0] >= 2 * _parallel.N_THREADS else 1 + nd
        copy_parallel(col, view, axis)
    c = x.shape[1]
    return col.reshape(groups, (c // groups) * _prod(ksize), n * _prod(out_size))


def copy_parallel(dst, src, axis):
    """``dst[...] = src`` (arrays of one shape), in parallel parts along ``axis``."""
    lead = (slice(None),) * axis

    def kernel(part):
        dst[lead + (part,)] = src[lead + (part,)]
    _parallel.parallel_slices(kernel, dst.shape[axis], dst.size, dst)


def _swap01_into(dst, src, bias=None):
    """``dst[n, o, ...] = src[o, n, ...] (+ bias[o])``, in parallel over ``n``."""
    xp = backend.get_array_module(src)

    def kernel(part):
        moved = src[:, part].swapaxes(0, 1)
        if bias is None:
            dst[part] = moved
        else:
            xp.add(moved, bias, out=dst[part])
    _parallel.parallel_slices(kernel, dst.shape[0], dst.size, dst)


def convolution_forward(x, W, b, stride, pad, dilate, groups, out_size):
    """``y[n, o, p] = sum_k W[o, k] col[k, n, p] + b[o]`` for each group; see
    :class:`ConvolutionND`.

    Returns:
        (y, col): ``y`` in ``x.dtype``; ``col``, the patch matrix of
        :func:`im2col_matrix`, which the filter gradient can reuse.
    """
    xp = backend.get_array_module(x)
    n = x.shape[0]
    out_c = W.shape[0]
    ksize = W.shape[2:]
    dtype = _gemm_dtype(x.dtype, W.dtype)
    col = im2col_matrix(x, ksize, stride, pad, dilate, out_size, groups, dtype)
    Wm = W.reshape(groups, out_c // groups, _prod(W.shape[1:]))
    if Wm.dtype != dtype:
        Wm = Wm.astype(dtype)
    yt = xp.matmul(Wm, col)  # (G, O/G, n P)
    # (o, n, p) -> (n, o, p), with the bias added in the same pass.
    y = xp.empty((n, out_c) + tuple(out_size), dtype=x.dtype)
    P = _prod(out_size)
    _swap01_into(y.reshape(n, out_c, P), yt.reshape(out_c, n, P),
                 None if b is None else b.reshape(out_c, 1))
    return y, col


def convolution_grad_w(x, gy, ksize, stride, pad, dilate, groups, w_dtype, col=None):
    """``gW[o, k] = sum_{n, p} gy[n, o, p] col[k, n, p]`` per group, in ``w_dtype``.

    One GEMM per group contracts batch items and pixels together: the patches are
    laid out as ``(c, k..., n, out...)`` (``col``, when the forward pass kept it)
    and the output gradient as ``(o, n, out...)`` (a cheap copy: whole images
    move).
    """
    xp = backend.get_array_module(x)
    c = x.shape[1]
    out_c = gy.shape[1]
    out_size = gy.shape[2:]
    dtype = _gemm_dtype(x.dtype, gy.dtype)
    if col is None or col.dtype != dtype:
        col = im2col_matrix(x, ksize, stride, pad, dilate, out_size, groups, dtype)
    gyt = xp.empty((out_c,) + gy.shape[:1] + tuple(out_size), dtype=dtype)
    _swap01_into(gyt, gy)
    gyt = gyt.reshape(groups, out_c // groups, gy.shape[0] * _prod(out_size))
    gW = xp.matmul(gyt, col.swapaxes(1, 2))  # (G, O/G, K_g)
    gW = gW.reshape((out_c, c // groups) + tuple(ksize))
    if gW.dtype != w_dtype:
        gW = gW.astype(w_dtype)
    return gW


def deconvolution_forward(x, W, b, stride, pad, dilate, groups, out_size):
    """The transposed convolution: ``col = W^T x`` per group, then ``col2im``.

    ``x`` has shape ``(n, c_I, *in)``, ``W`` ``(c_I, c_O / G, *k)``; returns an array
    of shape ``(n, c_O, *out_size)`` in ``x.dtype``.

    The GEMM contracts over input channels for all batch items at once and lays the
    patches out as ``(k..., c_O, n, in...)``, so that each kernel offset is one
    contiguous block added into the image (kept as ``(c_O, n, out...)`` until the
    end) with a strided slice. With stride 1 along the last two axes, the input rows
    are first padded to the row length of the (padded) output, so that each of those
    additions runs over whole images as one flat slice.
    """
    xp = backend.get_array_module(x)
    n, in_c = x.shape[:2]
    in_size = tuple(x.shape[2:])
    ksize = tuple(W.shape[2:])
    nd = len(ksize)
    out_cg = W.shape[1]
    out_c = out_cg * groups
    out_size = tuple(out_size)
    dtype = _gemm_dtype(x.dtype, W.dtype)
    # W (c_I, c_O/G, k...) -> (G, k..., c_O/G, c_I/G)
    Wm = W.reshape((groups, in_c // groups, out_cg) + ksize)
    Wm = Wm.transpose((0,) + tuple(range(3, 3 + nd)) + (2, 1))
    Wm = Wm.reshape(groups, _prod(ksize) * out_cg, in_c // groups)
    if Wm.dtype != dtype:
        Wm = Wm.astype(dtype)
    extents = tuple(max(dm + 2 * p, conv_nd._window_extent(i, k, s, d))
                    for dm, p, i, k, s, d in
                    zip(out_size, pad, in_size, ksize, stride, dilate))
    wide = nd >= 2 and stride[-1] == 1 and stride[-2] == 1
    if wide:
        row = extents[-1]
        xt = xp.empty((in_c, n) + in_size[:-1] + (row,), dtype=dtype)
        xt[..., in_size[-1]:] = 0
        _swap01_into(xt[..., :in_size[-1]], x)
    else:
        xt = xp.empty((in_c, n) + in_size, dtype=dtype)
        _swap01_into(xt, x)
    col = xp.matmul(Wm, xt.reshape(groups, in_c // groups, _prod(xt.shape[1:])))
    # (G, k..., c_O/G, n, in...) with the last input axis widened to ``row``
    col = col.reshape((groups,) + ksize + (out_cg, n) + xt.shape[2:])
    if wide:
        img = _col2im_wide(col, stride, pad, out_size, dilate, extents)
    else:
        img = _col2im_channel_major(col, stride, pad, out_size, dilate, extents)
    y = xp.empty((n, out_c) + out_size, dtype=x.dtype)
    _swap01_into(y, img.reshape((out_c, n) + out_size),
                 None if b is None else b.reshape((out_c,) + (1,) * nd))
    return y


def _col2im_channel_major(col, stride, pad, dims, dilate, extents):
    """col2im for patches laid out as ``(G, k..., c, n, in...)``; returns the image
    as ``(G, c, n, *dims)`` (padding cropped, a view)."""
    xp = backend.get_array_module(col)
    nd = len(dims)
    groups = col.shape[0]
    ksize = col.shape[1:1 + nd]
    lead_shape = col.shape[1 + nd:3 + nd]
    in_size = col.shape[3 + nd:]
    img = xp.zeros((groups,) + lead_shape + tuple(extents), dtype=col.dtype)

    def kernel(part):
        lead = (slice(None), part, slice(None))
        for offsets in itertools.product(*[range(k) for k in ksize]):
            target = lead + conv_nd._offset_slices(offsets, stride, dilate, in_size)
            img[target] += col[(slice(None),) + offsets + (part,)]
    _parallel.parallel_slices(kernel, img.shape[1], col.size, col)
    lead = (slice(None),) * 3
    return img[lead + tuple(slice(p, p + dm) for p, dm in zip(pad, dims))]


def _col2im_wide(col, stride, pad, dims, dilate, extents):
    """:func:`_col2im_channel_major` for stride 1 along the last two axes, with
    input rows widened to the padded output row length (zeros beyond the input):
    the last two axes of each kernel offset are then one flat slice."""
    xp = backend.get_array_module(col)
    nd = len(dims)
    groups = col.shape[0]
    ksize = col.shape[1:1 + nd]
    lead_shape = col.shape[1 + nd:3 + nd]
    in_size = col.shape[3 + nd:]
    rows, row = extents[-2], extents[-1]
    length = in_size[-2] * row
    tail = (ksize[-1] - 1) * dilate[-1]
    img = xp.zeros((groups,) + lead_shape + tuple(extents[:-2]) +
                   (rows * row + tail,), dtype=col.dtype)
    col = col.reshape(col.shape[:-2] + (length,))

    def kernel(part):
        lead = (slice(None), part, slice(None))
        for offsets in itertools.product(*[range(k) for k in ksize]):
            outer = conv_nd._offset_slices(offsets[:-2], stride[:-2], dilate[:-2],
                                           in_size[:-2])
            start = offsets[-2] * dilate[-2] * row + offsets[-1] * dilate[-1]
            img[lead + outer + (slice(start, start + length),)] += col[
                (slice(None),) + offsets + (part,)]
    _parallel.parallel_slices(kernel, img.shape[1], col.size, col)
    lead = (slice(None),) * 3
    img = img[..., :rows * row].reshape(img.shape[:-1] + (rows, row))
    return img[lead + tuple(slice(p, p + dm) for p, dm in zip(pad, dims))]


class ConvolutionND(function_node.FunctionNode):
    """N-dimensional convolution of ``x`` (n, c_I, d_1..d_N) with ``W`` (c_O, c_I / G,
    k_1..k_N), plus an optional bias ``b`` (c_O,)."""

    _func_name = 'convolution_nd'
    _col = None
    # Set by the gradients of deconvolutions: the exact output size wanted, which
    # cover_all alone cannot express when the axes differ.
    _out_size = None

    def __init__(self, ndim, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
        self.ndim = ndim
        self.stride = _positive_ints(stride, ndim, 'stride', self._func_name)
        self.pad = _positive_ints(pad, ndim, 'pad', self._func_name, minimum=0)
        self.dilate = _positive_ints(dilate, ndim, 'dilate', self._func_name)
        self.cover_all = bool(cover_all)
        self.groups = _check_groups(groups, self._func_name)

    def check_type_forward(self, in_types):
        n_in = in_types.size()
        type_check.expect(2 <= n_in, n_in <= 3)
        n_in = type_check.eval(n_in)
        type_check._argname(in_types, ('x', 'W', 'b')[:n_in])
        x_type, w_type = in_types[:2]
        type_check.expect(
            x_type.dtype.kind == 'f',
            w_type.dtype.kind == 'f',
            x_type.ndim == self.ndim + 2,
            w_type.ndim == self.ndim + 2,
        )
        type_check.expect(
            x_type.shape[1] == w_type.shape[1] * self.groups,
            w_type.shape[0] % self.groups == 0,
        )
        if n_in == 3:
            b_type = in_types[2]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 1,
            )
            type_check.expect(b_type.shape[0] == w_type.shape[0])

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        if self._out_size is not None:
            out_size = self._out_size
        else:
            out_size = conv_out_size(x.shape[2:], W.shape[2:], self.stride, self.pad,
                                     self.cover_all, self.dilate, self._func_name)
        y, col = convolution_forward(x, W, b, self.stride, self.pad, self.dilate,
                                     self.groups, out_size)
        # The patch matrix is kept for the filter gradient when a backward pass may
        # follow and it is not too large (otherwise it is recomputed there).
        self._col = col if (configuration.config.enable_backprop and
                            col.nbytes <= _COL_CACHE_BYTES) else None
        return y,

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        if 0 in indexes:
            gx, = _deconv_node(
                self.ndim, self.stride, self.pad, x.shape[2:], self.dilate,
                self.groups).apply((gy, W))
            ret.append(gx)
        if 1 in indexes:
            gW, = _grad_w_node(self, W.shape, W.dtype, self._col).apply((x, gy))
            ret.append(gW)
        self._col = None
        if 2 in indexes:
            ret.append(chainer.functions.sum(gy, axis=_spatial_axes(self.ndim)))
        return tuple(ret)


class ConvolutionNDGradW(function_node.FunctionNode):
    """Gradient of a convolution with respect to its filters, from ``(x, gy)``."""

    def __init__(self, conv_node, w_shape, w_dtype, col=None):
        self._col = col
        self.ndim = conv_node.ndim
        self.stride = conv_node.stride
        self.pad = conv_node.pad
        self.dilate = conv_node.dilate
        self.cover_all = conv_node.cover_all
        self.groups = conv_node.groups
        self.ksize = tuple(w_shape[2:])
        self.w_dtype = numpy.dtype(w_dtype)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        gW = convolution_grad_w(x, gy, self.ksize, self.stride, self.pad,
                                self.dilate, self.groups, self.w_dtype, self._col)
        self._col = None
        return gW,

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        ggW, = grad_outputs
        ret = []
        if 0 in indexes:
            gx, = _deconv_node(
                self.ndim, self.stride, self.pad, x.shape[2:], self.dilate,
                self.groups).apply((gy, ggW))
            ret.append(gx)
        if 1 in indexes:
            ggy, = _conv_node(
                self.ndim, self.stride, self.pad, self.cover_all, self.dilate,
                self.groups, gy.shape[2:]).apply((x, ggW))
            ret.append(ggy)
        return tuple(ret)


class DeconvolutionND(function_node.FunctionNode):
    """N-dimensional deconvolution (transposed convolution) of ``x`` (n, c_I, d..)
    with ``W`` (c_I, c_O / G, k..), plus an optional bias ``b`` (c_O,)."""

    _func_name = 'deconvolution_nd'

    def __init__(self, ndim, stride=1, pad=0, outsize=None, dilate=1, groups=1):
        self.ndim = ndim
        self.stride = _positive_ints(stride, ndim, 'stride', self._func_name)
        self.pad = _positive_ints(pad, ndim, 'pad', self._func_name, minimum=0)
        self.dilate = _positive_ints(dilate, ndim, 'dilate', self._func_name)
        self.groups = _check_groups(groups, self._func_name)
        if outsize is not None:
            outsize = _positive_ints(outsize, ndim, 'outsize', self._func_name)
        self.outs = outsize
        self.cover_all = False

    def check_type_forward(self, in_types):
        n_in = in_types.size()
        type_check.expect(2 <= n_in, n_in <= 3)
        n_in = type_check.eval(n_in)
        type_check._argname(in_types, ('x', 'W', 'b')[:n_in])
        x_type, w_type = in_types[:2]
        type_check.expect(
            x_type.dtype.kind == 'f',
            w_type.dtype.kind == 'f',
            x_type.ndim == self.ndim + 2,
            w_type.ndim == self.ndim + 2,
        )
        type_check.expect(
            x_type.shape[1] == w_type.shape[0],
            w_type.shape[0] % self.groups == 0,
        )
        if self.outs is not None:
            for i, out in enumerate(self.outs):
                k = type_check.eval(w_type.shape[2 + i])
                s, p, d = self.stride[i], self.pad[i], self.dilate[i]
                lower = conv.get_conv_outsize(out, k, s, p, d=d)
                upper = conv.get_conv_outsize(out, k, s, p, cover_all=True, d=d)
                if not type_check.in_light_mode():
                    lower = type_check.make_variable(
                        lower, 'get_conv_outsize(outsize[{}]={}, ...)'.format(i, out))
                    upper = type_check.make_variable(
                        upper, 'get_conv_outsize(outsize[{}]={}, ..., cover_all=True)'
                        .format(i, out))
                type_check.expect(lower <= x_type.shape[2 + i],
                                  x_type.shape[2 + i] <= upper)
        if n_in == 3:
            b_type = in_types[2]
            type_check.expect(
                b_type.dtype == x_type.dtype,
                b_type.ndim == 1,
            )
            type_check.expect(b_type.shape[0] == w_type.shape[1] * self.groups)

    def _output_size(self, in_size, ksize):
        if self.outs is not None:
            self.cover_all = any(
                conv.get_conv_outsize(o, k, s, p, d=d) != i for o, i, k, s, p, d in
                zip(self.outs, in_size, ksize, self.stride, self.pad, self.dilate))
            return self.outs
        out = tuple(conv.get_deconv_outsize(i, k, s, p, d=d) for i, k, s, p, d in
                    zip(in_size, ksize, self.stride, self.pad, self.dilate))
        if any(o <= 0 for o in out):
            raise ValueError(
                '{}: the output would be empty (output size {}) for input of spatial '
                'size {}, kernel {}, stride {}, pad {} and dilate {}'.format(
                    self._func_name, out, tuple(in_size), tuple(ksize), self.stride,
                    self.pad, self.dilate))
        return out

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        out_size = self._output_size(x.shape[2:], W.shape[2:])
        y = deconvolution_forward(x, W, b, self.stride, self.pad, self.dilate,
                                  self.groups, out_size)
        return y,

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        if 0 in indexes:
            gx, = _conv_node(
                self.ndim, self.stride, self.pad, self.cover_all, self.dilate,
                self.groups, x.shape[2:]).apply((gy, W))
            ret.append(gx)
        if 1 in indexes:
            gW, = _grad_w_node(self, W.shape, W.dtype).apply((gy, x))
            ret.append(gW)
        if 2 in indexes:
            ret.append(chainer.functions.sum(gy, axis=_spatial_axes(self.ndim)))
        return tuple(ret)


def _conv_node(ndim, stride, pad, cover_all, dilate, groups, out_size=None):
    if ndim == 2:
        from chainer.functions.connection import convolution_2d
        node = convolution_2d.Convolution2DFunction(
            stride, pad, cover_all, dilate=dilate, groups=groups)
    else:
        node = ConvolutionND(ndim, stride, pad, cover_all, dilate, groups)
    if out_size is not None:
        node._out_size = tuple(out_size)
    return node


def _deconv_node(ndim, stride, pad, outsize, dilate, groups):
    if ndim == 2:
        from chainer.functions.connection import deconvolution_2d
        return deconvolution_2d.Deconvolution2DFunction(
            stride, pad, outsize, dilate=dilate, groups=groups)
    return DeconvolutionND(ndim, stride, pad, outsize, dilate, groups)


def _grad_w_node(node, w_shape, w_dtype, col=None):
    if node.ndim == 2:
        from chainer.functions.connection import convolution_2d
        return convolution_2d.Convolution2DGradW(node, w_shape, w_dtype, col)
    return ConvolutionNDGradW(node, w_shape, w_dtype, col)


def _ndim_of(x, W, func_name):
    ndim = len(W.shape) - 2
    if ndim < 1:
        raise ValueError('{}: W must have at least 3 axes (out channels, in channels, '
                         'kernel...), got shape {}'.format(func_name, W.shape))
    return ndim


def _apply(node, x, W, b):
    if b is None:
        y, = node.apply((x, W))
    else:
        y, = node.apply((x, W, b))
    return y


def convolution_nd(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """N-dimensional convolution.

    With ``x`` of shape ``(n, c_I, d_1, ..., d_N)`` and filters ``W`` of shape
    ``(c_O, c_I / G, k_1, ..., k_N)`` (``G = groups``), the output has shape
    ``(n, c_O, l_1, ..., l_N)`` with
    ``l_i = (d_i + 2 p_i - (k_i - 1) dl_i - 1) // s_i + 1`` (see
    :func:`chainer.utils.get_conv_outsize`; ``cover_all`` adds a last window), and

        y[n, o, l] = b[o] + sum_{c, k} W[o, c, k] x[n, g(o) c_I / G + c, l s - p + k dl]

    where the input is zero outside its bounds and ``g(o)`` is the group of output
    channel ``o``: each group of ``c_O / G`` outputs sees only its ``c_I / G`` inputs.

    Args:
        x (Variable or array): input of shape ``(n, c_I, d_1, ..., d_N)``.
        W (Variable or array): filters of shape ``(c_O, c_I / groups, k_1, ..., k_N)``.
        b (Variable or array): optional bias of shape ``(c_O,)``.
        stride (int or tuple of ints): stride of the windows.
        pad (int or tuple of ints): zero padding on both sides of each axis.
        cover_all (bool): add windows so that every input pixel is covered.
        dilate (int or tuple of ints): spacing between kernel elements.
        groups (int): number of channel groups.
    Returns:
        Variable of shape ``(n, c_O, l_1, ..., l_N)``.
    """
    ndim = _ndim_of(x, W, 'convolution_nd')
    node = ConvolutionND(ndim, stride, pad, cover_all, dilate=dilate, groups=groups)
    return _apply(node, x, W, b)


def convolution_1d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """1-dimensional convolution: :func:`convolution_nd` for ``x`` of shape
    ``(n, c_I, d)`` and ``W`` of shape ``(c_O, c_I / groups, k)``."""
    if len(x.shape) != 3:
        raise ValueError('convolution_1d: x must have 3 axes (n, c, d), got shape {}'
                         .format(x.shape))
    return convolution_nd(x, W, b, stride, pad, cover_all, dilate, groups)


def convolution_3d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """3-dimensional convolution: :func:`convolution_nd` for ``x`` of shape
    ``(n, c_I, d_1, d_2, d_3)`` and ``W`` of shape ``(c_O, c_I / groups, k_1, k_2,
    k_3)``."""
    if len(x.shape) != 5:
        raise ValueError('convolution_3d: x must have 5 axes (n, c, d1, d2, d3), got '
                         'shape {}'.format(x.shape))
    return convolution_nd(x, W, b, stride, pad, cover_all, dilate, groups)
