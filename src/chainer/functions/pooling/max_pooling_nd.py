"""N-dimensional max pooling: ``max_pooling_nd``, ``max_pooling_1d``, ``max_pooling_3d``."""
import numpy

from chainer import backend
from chainer import configuration
from chainer import function_node
from chainer.functions.pooling import pooling_nd
from chainer.utils import _normalize


class MaxPoolingND(pooling_nd._PoolingND):
    """Maximum over each window of ``x`` (n, c, d_1, ..., d_N).

    After the forward pass, :attr:`indexes` holds, for each output, the flat
    offset (row-major over the window) of the input pixel that gave the maximum;
    on ties it is the first one. The gradient goes to that pixel only.
    """

    _func_name = 'max_pooling_nd'

    def __init__(self, ndim, ksize, stride=None, pad=0, cover_all=True,
                 return_indices=False):
        super().__init__(ndim, ksize, stride, pad, cover_all)
        self.return_indices = bool(return_indices)
        self._x = None
        self._y = None
        self._idx = None

    @property
    def indexes(self):
        """The argmax offsets of the last forward pass (int64 array), or None."""
        idx = self._get_indexes()
        return None if idx is None else idx.astype(numpy.int64)

    def _get_indexes(self):
        # Without backprop the argmax offsets are computed only when asked for
        # (the indexes attribute), from the input and the maxima.
        if self._idx is None and self._x is not None:
            self._idx = pooling_nd.argmax_indexes(self._x, self._y, self.ksize,
                                                  self.stride, self.pad)
            self._x = self._y = None
        return self._idx

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        out_size = pooling_nd.out_size_of(x.shape[2:], self.ksize, self.stride,
                                          self.pad, self.cover_all, self._func_name)
        if self.return_indices or configuration.config.enable_backprop:
            # The argmax offsets are tracked while the input is in cache; they are
            # all the backward pass needs (the input is not kept).
            y, self._idx = pooling_nd.window_max(
                x, self.ksize, self.stride, self.pad, out_size, with_indexes=True)
            self._x = self._y = None
        else:
            y = pooling_nd.window_max(x, self.ksize, self.stride, self.pad, out_size)
            self._x, self._y, self._idx = x, y, None
        return y,

    def backward(self, indexes, grad_outputs):
        return MaxPoolingNDGrad(self).apply(grad_outputs)


class _UsesArgmax(function_node.FunctionNode):
    # A node that reuses the argmax offsets of a max pooling, ``mpoolnd``, and its
    # geometry.

    def __init__(self, mpoolnd):
        self.mpoolnd = mpoolnd
        self.ndim = mpoolnd.ndim
        self.ksize = mpoolnd.ksize
        self.stride = mpoolnd.stride
        self.pad = mpoolnd.pad
        self.cover_all = mpoolnd.cover_all


class MaxPoolingNDGrad(_UsesArgmax):
    """Routes the output gradient of :class:`MaxPoolingND` to the argmax pixels."""

    def __init__(self, mpoolnd):
        super().__init__(mpoolnd)
        self._in_shape = mpoolnd._in_shape
        self._in_dtype = mpoolnd._in_dtype

    def forward(self, inputs):
        gy, = inputs
        gx = pooling_nd.scatter_by_index(gy, self.mpoolnd._get_indexes(), self.ksize,
                                         self.stride, self.pad, self._in_shape[2:])
        xp = backend.get_array_module(gx)
        return xp.ascontiguousarray(gx, dtype=self._in_dtype),

    def backward(self, indexes, grad_outputs):
        return MaxPoolingNDWithIndexes(self.mpoolnd).apply(grad_outputs)


class MaxPoolingNDWithIndexes(_UsesArgmax):
    """Picks, in each window, the pixel chosen by a previous max pooling (the
    adjoint of :class:`MaxPoolingNDGrad`)."""

    def forward(self, inputs):
        x, = inputs
        y = pooling_nd.gather_by_index(x, self.mpoolnd._get_indexes(), self.ksize,
                                       self.stride, self.pad)
        return y,

    def backward(self, indexes, grad_outputs):
        return MaxPoolingNDGrad(self.mpoolnd).apply(grad_outputs)


def _max_pooling(node, x):
    y, = node.apply((x,))
    if node.return_indices:
        return y, node.indexes
    return y


def max_pooling_nd(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """N-dimensional max pooling.

    ``y[n, c, o] = max_k x[n, c, o s - p + k]`` over the window offsets ``k`` (the
    padding never wins: it reads ``-inf``). The output length along each axis is
    :func:`chainer.utils.get_conv_outsize` of the input length; with ``cover_all``
    (the default) windows are added until every input pixel is covered.

    The gradient of each output goes to the first pixel of its window (row-major
    order) that holds the maximum.

    Args:
        x (Variable or array): input of shape ``(n, c, d_1, ..., d_N)``.
        ksize (int or tuple of ints): window size.
        stride (int, tuple of ints or None): stride (``None``: ``ksize``).
        pad (int or tuple of ints): padding on each side.
        cover_all (bool): cover every input pixel.
        return_indices (bool): also return the argmax offsets (for
            :func:`~chainer.functions.upsampling_nd`-style unpooling).
    Returns:
        Variable of shape ``(n, c, l_1, ..., l_N)``, or the tuple ``(y, indexes)``
        when ``return_indices`` is True (``indexes``: int array of the same shape
        with the flat window offset of each maximum).
    """
    ndim = _normalize.spatial_ndim(x, 'max_pooling_nd')
    node = MaxPoolingND(ndim, ksize, stride, pad, cover_all, return_indices)
    return _max_pooling(node, x)


def max_pooling_1d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """1-dimensional max pooling of ``x`` of shape ``(n, c, d)``; see
    :func:`max_pooling_nd`."""
    _normalize.spatial_ndim(x, 'max_pooling_1d', 1)
    return _max_pooling(
        MaxPoolingND(1, ksize, stride, pad, cover_all, return_indices), x)


def max_pooling_3d(x, ksize, stride=None, pad=0, cover_all=True, return_indices=False):
    """3-dimensional max pooling of ``x`` of shape ``(n, c, d_1, d_2, d_3)``; see
    :func:`max_pooling_nd`."""
    _normalize.spatial_ndim(x, 'max_pooling_3d', 3)
    return _max_pooling(
        MaxPoolingND(3, ksize, stride, pad, cover_all, return_indices), x)

