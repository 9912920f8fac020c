"""N-dimensional convolution: ``convolution_nd``, ``convolution_1d``, ``convolution_3d``.

This module holds the engine shared by every convolution and deconvolution. It
works through the batch in cache-sized chunks (:data:`_CHUNK_BYTES`); per chunk:

* forward: the input's patches (``im2col``: a strided view of the padded input,
  copied once into a ``(c k..., n out...)`` buffer, see :class:`_Patches`) times
  the filters (and the bias, as one more filter column against a row of ones),
  one GEMM per group; the result is moved to the ``(n, c_O, out...)`` output;
* gradient of the filters (:class:`ConvolutionNDGradW`): the output gradient times
  the patches, one GEMM per group (or per item and group, summed, for small
  filters). The patches are recomputed rather than kept from the forward pass:
  keeping them for the whole batch (28 MB on the bench CNN) measured slower, as
  the forward pass then writes them all out instead of reusing one cached
  chunk buffer;
* gradient of the input: a deconvolution (:class:`DeconvolutionND`). With stride
  1 that is a convolution with the flipped filters; otherwise a GEMM followed by
  ``col2im``, which adds the kernel slices back with one strided-slice addition
  per kernel offset.

Everything runs in the calling thread; only BLAS uses several cores (on a
machine with few cores, extra threads for the memory-bound copies lose more
than they gain against BLAS's own waiting threads). Each gradient is itself a
convolution or deconvolution, so gradients of any order are available.
"""
import itertools

import numpy

import chainer
from chainer import _compiled
from chainer import backend
from chainer.backends import _cudnn_frontend
from chainer import function_node
from chainer.functions.connection import _util
from chainer.utils import _normalize
from chainer.utils import conv
from chainer.utils import conv_nd
from chainer.utils import type_check


# The batch is processed in chunks whose patch matrix takes about this many bytes:
# large enough for efficient GEMMs and few Python steps, small enough that the
# patches, the GEMM output and the copies around them stay in the CPU caches and
# that no large temporary is allocated (on the bench CNN, 4 MiB chunks run about
# 15 % faster than the whole batch at once). A loop over a few such chunks is the
# one loop over the batch in this engine.
_CHUNK_BYTES = 4 * 2 ** 20


_KERNEL_DTYPES = (numpy.dtype(numpy.float32), numpy.dtype(numpy.float64))


def _geometry(where, ndim, stride, pad, dilate, groups):
    """The validated ``(stride, pad, dilate, groups)`` of a (de)convolution."""
    return (_normalize.int_tuple(stride, ndim, 'stride', where, minimum=1),
            _normalize.int_tuple(pad, ndim, 'pad', where, minimum=0),
            _normalize.int_tuple(dilate, ndim, 'dilate', where, minimum=1),
            _normalize.check_int(groups, 'groups', where, minimum=1))


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


def _wide_pays(rows, out_c, row, out_w):
    """Whether wide patch columns (see :class:`_Patches`) are cheaper, for
    ``rows`` patch rows (``c k...``), ``out_c`` output channels, padded input
    rows of length ``row`` and output rows of length ``out_w``.

    Per output row of an item, plain columns copy ``rows`` short runs of the
    input; wide ones copy ``out_c`` runs of the result (cropping it) instead,
    but multiply ``row - out_w`` extra columns, about ``2 out_c rows (row -
    out_w)`` flops. Measured here: some 10 ns per run, 150 GFLOP/s. (On the
    bench CNN: wide for its 32 -> 64 channel layer, 20-35 % faster; plain for
    its 3 -> 32 channel layer, 10-30 % faster.)
    """
    return (rows - out_c) * 10.0 > 2.0 * out_c * rows * (row - out_w) / 150.0


class _Patches(object):
    """The patches (im2col) of ``x`` of shape ``(n, c, *in)`` for a convolution,
    copied chunk by chunk of the batch into one reused buffer.

    For the batch items ``a:b`` (``m`` of them), :meth:`cols` gives the patch
    matrix of shape ``(G, K_g [+ 1], m L)`` in ``dtype``: its rows are ``(c, k...)``
    within each group (plus, with ``ones_row``, a last row of ones, which turns a
    bias into one more filter column), its columns ``(item, output position)``.
    One GEMM per group and chunk, ``W (G, O_g, K_g) @ cols``, then gives the
    outputs of all ``m`` items as ``(c_O, m, out...)``, and :meth:`crop_into`
    moves them to the ``(m, c_O, out...)`` layout of the result. (Measured on the
    bench CNN, these chunk-wide GEMMs run 15-40 % faster than one GEMM per item,
    which would give ``(m, c_O, ...)`` directly; the move is a copy that is
    needed anyway for wide columns or float16.)

    *Wide columns.* With stride 1 along the last two (of two or more) axes, the
    output rows are laid out with the row length ``row`` of the padded input
    (``L = out[:-2] * out[-2] * row``). Each kernel offset then reads one
    contiguous run of the padded image per output plane, so the copy moves long
    runs instead of one short run per output row (NumPy pays per run). The
    ``row - out[-1]`` extra columns of each row belong to no output: results
    there are cropped (:meth:`crop_into`), and a gradient multiplying these
    columns is widened with zeros there (:meth:`as_cols`).
    """

    def __init__(self, x, ksize, stride, pad, dilate, out_size, groups, dtype,
                 out_c, ones_row=False):
        xp = backend.get_array_module(x)
        n, c = x.shape[:2]
        in_size = tuple(x.shape[2:])
        nd = len(ksize)
        self.xp = xp
        self.x = x
        self.ksize = tuple(ksize)
        self.stride = tuple(stride)
        self.pad = tuple(pad)
        self.dilate = tuple(dilate)
        self.out_size = tuple(out_size)
        self.groups = groups
        self.dtype = dtype
        self.k_g = c // groups * _prod(ksize)
        self.extents = tuple(
            max(d + 2 * p, conv_nd._window_extent(o, k, s, dl)) for d, p, o, k, s, dl
            in zip(in_size, pad, out_size, ksize, stride, dilate))
        self.wide = nd >= 2 and stride[-1] == 1 and stride[-2] == 1 and _wide_pays(
            c * _prod(ksize), out_c, self.extents[-1], self.out_size[-1])
        if self.wide:
            self.row = self.extents[-1]
            self.col_shape = self.out_size[:-2] + (self.out_size[-2] * self.row,)
        else:
            self.col_shape = self.out_size
        self.L = _prod(self.col_shape)
        item_bytes = c * _prod(ksize) * self.L * numpy.dtype(dtype).itemsize
        self.bounds = conv_nd.batch_chunks(n, item_bytes, _CHUNK_BYTES, xp)
        self.size = max([b - a for a, b in self.bounds] + [0])
        self.padded = self.wide or any(pad) or self.extents != in_size
        if self.padded:
            # Zeroed once: the border stays zero, only the interior is rewritten.
            plane = _prod(self.extents)
            tail = (ksize[-1] - 1) * dilate[-1] if self.wide else 0
            self._flat = xp.zeros(self.size * c * plane + tail, dtype=x.dtype)
            self._image = self._flat[:self.size * c * plane].reshape(
                (self.size, c) + self.extents)
            self._interior = (slice(None), slice(None)) + tuple(
                slice(p, p + d) for p, d in zip(pad, in_size))
        # The chunk of m items uses the first m L columns (the row stride stays).
        self._col = xp.empty((groups, self.k_g + int(ones_row), self.size * self.L),
                             dtype=dtype)
        if ones_row:
            self._col[:, -1] = 1
        self._out = None
        self._widened = None

    def _view(self, image, m):
        # (m, c, k..., columns...) as a strided view of the (padded) image.
        st = image.strides
        kernel = tuple(s * d for s, d in zip(st[2:], self.dilate))
        if self.wide:
            base = self._flat
            shape = (m, image.shape[1]) + self.ksize + self.col_shape
            strides = st[:2] + kernel + tuple(
                s * sd for s, sd in zip(st[2:-2], self.stride[:-2])) + (st[-1],)
        else:
            base = image
            shape = (m, image.shape[1]) + self.ksize + self.out_size
            strides = st[:2] + kernel + tuple(
                s * sd for s, sd in zip(st[2:], self.stride))
        return conv_nd._as_strided(self.xp, base, shape, strides)

    def cols(self, a, b):
        """The patch matrix of items ``a:b``, ``(G, K_g [+ 1], (b - a) L)`` (valid
        until the next call)."""
        m = b - a
        nd = len(self.ksize)
        image = self.x[a:b]
        if self.padded:
            self._image[:m][self._interior] = image
            image = self._image[:m]
        col = self._col[:, :, :m * self.L]
        c_g = self.k_g // _prod(self.ksize)
        # (m, c, k..., columns...) -> (G, c/G, k..., m, columns...)
        view = self._view(image, m)
        view = view.reshape((m, self.groups, c_g) + view.shape[2:])
        view = view.transpose((1, 2) + tuple(range(3, 3 + nd)) + (0,) +
                              tuple(range(3 + nd, view.ndim)))
        target = col[:, :self.k_g].reshape(view.shape)
        target[...] = view
        return col

    def out_buffer(self, m, c_out):
        """A ``(G, c_O / G, m L)`` array in ``dtype`` for a GEMM result."""
        if self._out is None:
            self._out = self.xp.empty(c_out * self.size * self.L, dtype=self.dtype)
        return self._out[:c_out * m * self.L].reshape(
            self.groups, c_out // self.groups, m * self.L)

    def crop_into(self, out, result):
        """``out[...] = result`` for a GEMM result of shape ``(G, O_g, m L)``, moved
        to the ``(m, c_O, out...)`` layout of ``out`` (dropping the extra columns
        of wide rows and casting to ``out.dtype``)."""
        m, c_out = out.shape[:2]
        if self.wide:
            result = result.reshape((c_out, m) + self.out_size[:-1] + (self.row,))
            result = result[..., :self.out_size[-1]]
        else:
            result = result.reshape((c_out, m) + self.out_size)
        out[...] = result.swapaxes(0, 1)

    def as_cols(self, y):
        """``y`` of shape ``(m, c_O, *out)`` as ``(G, O_g, m L)`` in ``dtype``,
        matching the columns of :meth:`cols` (zeros in the extra columns of wide
        rows, so that a product with the patches ignores them)."""
        m, c_out = y.shape[:2]
        if self._widened is None:
            shape = (c_out, self.size) + self.col_shape
            if self.wide:
                self._widened = self.xp.zeros(
                    (c_out, self.size) + self.out_size[:-1] + (self.row,),
                    dtype=self.dtype)
            else:
                self._widened = self.xp.empty(shape, dtype=self.dtype)
        target = self._widened[:, :m]
        if self.wide:
            target = target[..., :self.out_size[-1]]
        target[...] = y.swapaxes(0, 1)
        return self._widened[:, :m].reshape(
            self.groups, c_out // self.groups, m * self.L)


def convolution_forward(x, W, b, stride, pad, dilate, groups, out_size):
    """``y[n, o, p] = sum_k W[o, k] col[n, k, p] + b[o]`` within each group; see
    :class:`ConvolutionND`. Returns ``y`` in ``x.dtype``.

    Batch chunk by chunk: the patches (:class:`_Patches`, with a row of ones for
    the bias), one GEMM per group, the result moved into ``y``. On CuPy arrays
    cuDNN runs it where the ``cudnn`` extra is installed
    (:mod:`chainer.backends._cudnn_frontend`).
    """
    xp = backend.get_array_module(x)
    if xp is not numpy:
        y = _cudnn_frontend.convolution_forward(x, W, b, stride, pad, dilate, groups,
                                                out_size)
        if y is not None:
            return y
    n = x.shape[0]
    out_c = W.shape[0]
    ksize = tuple(W.shape[2:])
    out_size = tuple(out_size)
    dtype = _gemm_dtype(x.dtype, W.dtype)
    patches = _Patches(x, ksize, stride, pad, dilate, out_size, groups, dtype, out_c,
                       ones_row=b is not None)
    Wm = W.reshape(groups, out_c // groups, patches.k_g)
    if b is not None:
        Wm = xp.concatenate(
            [Wm, b.reshape(groups, out_c // groups, 1).astype(Wm.dtype)], axis=2)
    if Wm.dtype != dtype:
        Wm = Wm.astype(dtype)
    y = xp.empty((n, out_c) + out_size, dtype=x.dtype)
    for a, e in patches.bounds:
        result = patches.out_buffer(e - a, out_c)
        xp.matmul(Wm, patches.cols(a, e), out=result)
        patches.crop_into(y[a:e], result)
    return y


# Below this many filter entries per group, the filter gradient is summed from one
# GEMM per batch item rather than computed by one GEMM per chunk: OpenBLAS runs the
# long, thin chunk-wide product slowly when its result is this small.
_GRAD_W_PER_ITEM = 8192


def convolution_grad_w(x, gy, ksize, stride, pad, dilate, groups, w_dtype):
    """``gW[o, k] = sum_{n, p} gy[n, o, p] col[n, k, p]`` within each group, in
    ``w_dtype``: per batch chunk, a GEMM of the output gradient with the patches
    (:class:`_Patches`). On CuPy arrays cuDNN runs it where it can."""
    xp = backend.get_array_module(x)
    if xp is not numpy:
        gW = _cudnn_frontend.convolution_grad_w(x, gy, ksize, stride, pad, dilate,
                                                groups, w_dtype)
        if gW is not None:
            return gW
    c = x.shape[1]
    out_c = gy.shape[1]
    ksize = tuple(ksize)
    dtype = _gemm_dtype(x.dtype, gy.dtype)
    patches = _Patches(x, ksize, stride, pad, dilate, gy.shape[2:], groups, dtype,
                       out_c)
    k_g, L = patches.k_g, patches.L
    o_g = out_c // groups
    per_item = o_g * k_g < _GRAD_W_PER_ITEM
    gW = xp.zeros((groups, o_g, k_g), dtype=dtype)
    # Per item, with plain columns, the output gradient is used as it is.
    as_is = per_item and not patches.wide and gy.dtype == dtype
    for a, e in patches.bounds:
        m = e - a
        col = patches.cols(a, e)
        if as_is:
            g = gy[a:e].reshape(m, groups, o_g, L)
        else:
            g = patches.as_cols(gy[a:e])
        if per_item:
            if not as_is:
                g = g.reshape(groups, o_g, m, L).transpose(2, 0, 1, 3)
            col = col.reshape(groups, k_g, m, L).transpose(2, 0, 3, 1)
            gW += xp.matmul(g, col).sum(axis=0)
        else:
            # gW^T = col g^T: OpenBLAS runs this orientation 5-50 % faster here.
            gW += xp.matmul(col, g.swapaxes(1, 2)).swapaxes(1, 2)
    gW = gW.reshape((out_c, c // groups) + ksize)
    if gW.dtype != w_dtype:
        gW = gW.astype(w_dtype)
    return gW


def deconvolution_forward(x, W, b, stride, pad, dilate, groups, out_size):
    """The transposed convolution of ``x`` (n, c_I, *in) with ``W`` (c_I, c_O / G,
    *k); returns ``(n, c_O, *out_size)`` in ``x.dtype``.

    With stride 1 and fewer than twice as many input as output channels, it is
    a convolution (:func:`convolution_forward`) of ``x`` padded by
    ``(k - 1) dl - p`` (cropped where that is negative) with the flipped
    filters, in/out channels swapped: no col2im. Otherwise, per batch chunk, a
    GEMM gives the patches ``W^T x`` and ``col2im`` adds them into the image with
    one strided-slice addition per kernel offset. (With many more input than
    output channels -- the input gradient of a convolution that widens its
    channels -- the flipped convolution's GEMM has few rows and runs slowly; one
    thread, Xeon Sapphire Rapids, (64, 64, 16, 16) into 32 channels, 3x3:
    14.1 ms as a convolution, 11.0 ms with col2im; 128 into 32 channels 21.0
    against 15.1 ms; but 32 into 64 channels 7.5 against 18.0 ms.) On CuPy arrays
    cuDNN runs it (as a convolution's data gradient) where it can.
    """
    xp = backend.get_array_module(x)
    if xp is not numpy:
        y = _cudnn_frontend.deconvolution_forward(x, W, b, stride, pad, dilate, groups,
                                                  out_size)
        if y is not None:
            return y
    ksize = tuple(W.shape[2:])
    nd = len(ksize)
    n, in_c = x.shape[:2]
    in_size = tuple(x.shape[2:])
    out_cg = W.shape[1]
    out_c = out_cg * groups
    out_size = tuple(out_size)
    if all(s == 1 for s in stride) and in_c < 2 * out_c:
        # W (G, c_I/G, c_O/G, k...) -> flipped filters (G, c_O/G, c_I/G, k...)
        Wc = W.reshape((groups, in_c // groups, out_cg) + ksize)
        Wc = Wc.transpose((0, 2, 1) + tuple(range(3, 3 + nd)))
        Wc = Wc[(Ellipsis,) + (slice(None, None, -1),) * nd]
        Wc = xp.ascontiguousarray(Wc).reshape((out_c, in_c // groups) + ksize)
        margins = [(k - 1) * d - p for k, d, p in zip(ksize, dilate, pad)]
        x = x[(slice(None), slice(None)) + tuple(
            slice(-m, size + m) if m < 0 else slice(None)
            for m, size in zip(margins, in_size))]
        pad = tuple(max(m, 0) for m in margins)
        return convolution_forward(x, Wc, b, (1,) * nd, pad, dilate, groups, out_size)

    dtype = _gemm_dtype(x.dtype, W.dtype)
    K = _prod(ksize)
    P = _prod(in_size)
    # W (c_I, c_O/G, k...) -> (G, c_O/G k..., c_I/G), a transposed view
    Wm = W.reshape(groups, in_c // groups, out_cg * K).swapaxes(1, 2)
    if Wm.dtype != dtype:
        Wm = Wm.astype(dtype)
    extents = tuple(max(dm + 2 * p, conv_nd._window_extent(i, k, s, d))
                    for dm, p, i, k, s, d in
                    zip(out_size, pad, in_size, ksize, stride, dilate))
    y = xp.empty((n, out_c) + out_size, dtype=x.dtype)
    bounds = conv_nd.batch_chunks(
        n, out_c * K * P * numpy.dtype(dtype).itemsize, _CHUNK_BYTES, xp)
    size = max([e - a for a, e in bounds] + [0])
    col_buf = xp.empty((size, groups, out_cg * K, P), dtype=dtype)
    # The compiled col2im (the `fast` extra): adds the patches straight into y.
    kernels = _compiled.kernels() if (
        nd == 2 and xp is numpy and dtype == x.dtype and dtype in _KERNEL_DTYPES) \
        else None
    if kernels is not None:
        bias0 = numpy.zeros(out_c, dtype) if b is None else \
            numpy.ascontiguousarray(b, dtype=dtype)
        for a, e in bounds:
            m = e - a
            col = col_buf[:m]
            xp.matmul(Wm, x[a:e].reshape(m, groups, in_c // groups, P), out=col)
            kernels.col2im_2d(col.reshape((m, out_c) + ksize + in_size), stride[0],
                              stride[1], pad[0], pad[1], dilate[0], dilate[1], bias0,
                              y[a:e])
        return y
    image_buf = xp.empty((size, out_c) + extents, dtype=dtype)
    lead = (slice(None), slice(None))
    interior = lead + tuple(slice(p, p + dm) for p, dm in zip(pad, out_size))
    bias = None if b is None else b.reshape((out_c,) + (1,) * nd)
    for a, e in bounds:
        m = e - a
        xc = x[a:e].reshape(m, groups, in_c // groups, P)
        if xc.dtype != dtype:
            xc = xc.astype(dtype)
        col = col_buf[:m]
        xp.matmul(Wm, xc, out=col)
        col = col.reshape((m, out_c) + ksize + in_size)
        image = image_buf[:m]
        image.fill(0)
        for offsets in itertools.product(*[range(k) for k in ksize]):
            image[lead + conv_nd._offset_slices(offsets, stride, dilate, in_size)] += \
                col[lead + offsets]
        if bias is None:
            y[a:e] = image[interior]
        else:
            xp.add(image[interior], bias, out=y[a:e], casting='unsafe')
    return y


class _ChannelSum(function_node.FunctionNode):
    """``y[c] = sum_{n, p} x[n, c, p]``: the gradient of a bias broadcast over the
    batch and spatial axes. Computed as a matrix-vector product with ones (BLAS),
    about 5x faster than NumPy's sum over the axes ``(0, 2, ...)``."""

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self._shape = x.shape
        n, c = x.shape[:2]
        dtype = _gemm_dtype(x.dtype)
        rows = x.reshape(n * c, _prod(x.shape[2:]))
        if rows.dtype != dtype:
            rows = rows.astype(dtype)
        y = xp.matmul(rows, xp.ones(rows.shape[1], dtype=dtype))
        y = y.reshape(n, c).sum(axis=0)
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        shape = (1, self._shape[1]) + (1,) * (len(self._shape) - 2)
        return chainer.functions.broadcast_to(
            chainer.functions.reshape(gy, shape), self._shape),


def _channel_sum(x):
    y, = _ChannelSum().apply((x,))
    return y


class _Geometry(function_node.FunctionNode):
    # A node with the geometry of a convolution; builds those of its gradients.

    def _convolution(self, out_size):
        return _conv_node(self.ndim, self.stride, self.pad, self.cover_all,
                          self.dilate, self.groups, out_size)

    def _deconvolution(self, out_size):
        return _deconv_node(self.ndim, self.stride, self.pad, out_size, self.dilate,
                            self.groups)


class _Convolutional(_Geometry):
    # ConvolutionND and DeconvolutionND: each is the other's transpose in x. A
    # deconvolution is the transpose of the convolution of input gy, output x.

    _is_deconvolution = False

    def __init__(self, ndim, stride, pad, cover_all, dilate, groups):
        self.ndim = ndim
        self.stride, self.pad, self.dilate, self.groups = _geometry(
            self._func_name, ndim, stride, pad, dilate, groups)
        self.cover_all = bool(cover_all)

    def _check_x_w(self, in_types):
        # The inputs' types, after the checks of their dtypes, ndims and channels.
        x_type, w_type, b_type = _util.check_x_w(in_types, self.ndim + 2, self.ndim + 2)
        type_check.expect(
            x_type.shape[1] == (w_type.shape[0] if self._is_deconvolution
                                else w_type.shape[1] * self.groups),
            w_type.shape[0] % self.groups == 0,
        )
        # A kernel with an empty spatial axis (ksize 0) has nothing to apply.
        type_check.expect(*[w_type.shape[2 + i] > 0 for i in range(self.ndim)])
        return x_type, w_type, b_type

    def backward(self, indexes, grad_outputs):
        x, W = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        if 0 in indexes:
            transposed = (self._convolution if self._is_deconvolution
                          else self._deconvolution)
            ret.append(transposed(x.shape[2:]).apply((gy, W))[0])
        if 1 in indexes:
            conv_io = (gy, x) if self._is_deconvolution else (x, gy)
            ret.append(_grad_w_node(self, W.shape, W.dtype).apply(conv_io)[0])
        if 2 in indexes:
            ret.append(_channel_sum(gy))
        return tuple(ret)


class ConvolutionND(_Convolutional):
    """N-dimensional convolution of ``x`` (n, c_I, d_1..d_N) with ``W`` (c_O, c_I / G,
    k_1..k_N), plus an optional bias ``b`` (c_O,)."""

    _func_name = 'convolution_nd'
    # Set by the gradients of deconvolutions: the exact output size wanted, which
    # cover_all alone cannot express when the axes differ.
    _out_size = None

    def __init__(self, ndim, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
        super().__init__(ndim, stride, pad, cover_all, dilate, groups)

    def check_type_forward(self, in_types):
        x_type, w_type, b_type = self._check_x_w(in_types)
        if b_type is not None:
            _util.check_bias(b_type, w_type.shape[0], x_type.dtype)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, W = inputs[:2]
        b = inputs[2] if len(inputs) == 3 else None
        if self._out_size is not None:
            out_size = self._out_size
        else:
            out_size = conv_out_size(x.shape[2:], W.shape[2:], self.stride, self.pad,
                                     self.cover_all, self.dilate, self._func_name)
        y = convolution_forward(x, W, b, self.stride, self.pad, self.dilate,
                                self.groups, out_size)
        return y,



class ConvolutionNDGradW(_Geometry):
    """Gradient of a convolution with respect to its filters, from ``(x, gy)``."""

    def __init__(self, conv_node, w_shape, w_dtype):
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
                                self.dilate, self.groups, self.w_dtype)
        return gW,

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        ggW, = grad_outputs
        ret = []
        if 0 in indexes:
            ret.append(self._deconvolution(x.shape[2:]).apply((gy, ggW))[0])
        if 1 in indexes:
            ret.append(self._convolution(gy.shape[2:]).apply((x, ggW))[0])
        return tuple(ret)


class DeconvolutionND(_Convolutional):
    """N-dimensional deconvolution (transposed convolution) of ``x`` (n, c_I, d..)
    with ``W`` (c_I, c_O / G, k..), plus an optional bias ``b`` (c_O,)."""

    _func_name = 'deconvolution_nd'
    _is_deconvolution = True

    def __init__(self, ndim, stride=1, pad=0, outsize=None, dilate=1, groups=1):
        super().__init__(ndim, stride, pad, False, dilate, groups)
        if outsize is not None:
            outsize = _normalize.int_tuple(outsize, ndim, 'outsize', self._func_name,
                                           minimum=1)
        self.outs = outsize

    def check_type_forward(self, in_types):
        x_type, w_type, b_type = self._check_x_w(in_types)
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
        if b_type is not None:
            _util.check_bias(b_type, w_type.shape[1] * self.groups, x_type.dtype)

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


def _grad_w_node(node, w_shape, w_dtype):
    if node.ndim == 2:
        from chainer.functions.connection import convolution_2d
        return convolution_2d.Convolution2DGradW(node, w_shape, w_dtype)
    return ConvolutionNDGradW(node, w_shape, w_dtype)


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
    _normalize.spatial_ndim(x, 'convolution_1d', 1)
    return convolution_nd(x, W, b, stride, pad, cover_all, dilate, groups)


def convolution_3d(x, W, b=None, stride=1, pad=0, cover_all=False, dilate=1, groups=1):
    """3-dimensional convolution: :func:`convolution_nd` for ``x`` of shape
    ``(n, c_I, d_1, d_2, d_3)`` and ``W`` of shape ``(c_O, c_I / groups, k_1, k_2,
    k_3)``."""
    _normalize.spatial_ndim(x, 'convolution_3d', 3)
    return convolution_nd(x, W, b, stride, pad, cover_all, dilate, groups)
