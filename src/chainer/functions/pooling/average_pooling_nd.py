"""N-dimensional average pooling: ``average_pooling_nd``, ``average_pooling_1d``,
``average_pooling_3d``; and the window-sum/spread pair behind it and unpooling."""
from chainer import backend
from chainer import function_node
from chainer.functions.pooling import pooling_nd
from chainer.utils import _normalize


class _WindowSum(function_node.FunctionNode):
    """``y[n, c, o] = sum_k x[n, c, o s - p + k] / divisor[o]`` (padding reads 0)."""

    def __init__(self, ksize, stride, pad, out_size, divisor):
        self.ksize, self.stride, self.pad = ksize, stride, pad
        self.out_size = tuple(out_size)
        self.divisor = divisor

    def forward(self, inputs):
        x, = inputs
        self._dims = x.shape[2:]
        y = pooling_nd.window_sum(x, self.ksize, self.stride, self.pad, self.out_size,
                                  self.divisor)
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        return _Spread(self.ksize, self.stride, self.pad, self._dims,
                       self.divisor).apply(grad_outputs)


class _Spread(function_node.FunctionNode):
    """Adjoint of :class:`_WindowSum`: ``x[n, c, o] / divisor[o]`` is added to every
    pixel of window ``o`` of an image of spatial shape ``dims``."""

    def __init__(self, ksize, stride, pad, dims, divisor):
        self.ksize, self.stride, self.pad = ksize, stride, pad
        self.dims = tuple(dims)
        self.divisor = divisor

    def forward(self, inputs):
        y, = inputs
        self._out_size = y.shape[2:]
        img = pooling_nd.spread(y, self.ksize, self.stride, self.pad, self.dims,
                                self.divisor)
        xp = backend.get_array_module(img)
        return xp.ascontiguousarray(img, dtype=y.dtype),

    def backward(self, indexes, grad_outputs):
        return _WindowSum(self.ksize, self.stride, self.pad, self._out_size,
                          self.divisor).apply(grad_outputs)


class AveragePoolingND(pooling_nd._PoolingND):
    """Average over each window of ``x`` (n, c, d_1, ..., d_N); see
    :func:`average_pooling_nd`."""

    _func_name = 'average_pooling_nd'

    def __init__(self, ndim, ksize, stride=None, pad=0, cover_all=False, pad_value=0):
        if cover_all:
            raise ValueError('{}: cover_all mode is not supported by average pooling'
                             .format(self._func_name))
        if pad_value not in (0, None) or isinstance(pad_value, bool):
            raise ValueError('{}: pad_value must be 0 or None, got {!r}'.format(
                self._func_name, pad_value))
        super().__init__(ndim, ksize, stride, pad, False)
        self.pad_value = pad_value

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        out_size = pooling_nd.out_size_of(x.shape[2:], self.ksize, self.stride,
                                          self.pad, False, self._func_name)
        if self.pad_value is None:
            divisor = pooling_nd.valid_counts(x.shape[2:], self.ksize, self.stride,
                                              self.pad, out_size, x.dtype, xp)
        else:
            divisor = 1
            for k in self.ksize:
                divisor *= k
            divisor = x.dtype.type(divisor)
        self._divisor = divisor
        self._dims = x.shape[2:]
        y = pooling_nd.window_sum(x, self.ksize, self.stride, self.pad, out_size,
                                  divisor)
        return y.astype(x.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        return _Spread(self.ksize, self.stride, self.pad, self._dims,
                       self._divisor).apply(grad_outputs)


def average_pooling_nd(x, ksize, stride=None, pad=0, pad_value=0):
    """N-dimensional average pooling.

    ``y[n, c, o] = sum_k x[n, c, o s - p + k] / D`` over the window offsets ``k``,
    where the output length along each axis is
    ``(d + 2 p - k) // s + 1`` (no ``cover_all``). With ``pad_value=0`` the padding
    counts as zeros and ``D`` is the window size, so windows over the border are
    biased towards zero; with ``pad_value=None`` the padding is ignored and ``D`` is
    the number of input pixels in the window.

    Args:
        x (Variable or array): input of shape ``(n, c, d_1, ..., d_N)``.
        ksize (int or tuple of ints): window size.
        stride (int, tuple of ints or None): stride (``None``: ``ksize``).
        pad (int or tuple of ints): padding on each side.
        pad_value (0 or None): how the padding counts (see above).
    Returns:
        Variable of shape ``(n, c, l_1, ..., l_N)``.
    """
    ndim = _normalize.spatial_ndim(x, 'average_pooling_nd')
    y, = AveragePoolingND(ndim, ksize, stride, pad, False, pad_value).apply((x,))
    return y


def average_pooling_1d(x, ksize, stride=None, pad=0, pad_value=0):
    """1-dimensional average pooling of ``x`` of shape ``(n, c, d)``; see
    :func:`average_pooling_nd`."""
    _normalize.spatial_ndim(x, 'average_pooling_1d', 1)
    y, = AveragePoolingND(1, ksize, stride, pad, False, pad_value).apply((x,))
    return y


def average_pooling_3d(x, ksize, stride=None, pad=0, pad_value=0):
    """3-dimensional average pooling of ``x`` of shape ``(n, c, d_1, d_2, d_3)``; see
    :func:`average_pooling_nd`."""
    _normalize.spatial_ndim(x, 'average_pooling_3d', 3)
    y, = AveragePoolingND(3, ksize, stride, pad, False, pad_value).apply((x,))
    return y
