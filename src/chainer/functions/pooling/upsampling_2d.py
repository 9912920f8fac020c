"""Upsampling with the indexes of a max pooling, ``upsampling_2d``."""
from chainer import backend
from chainer.functions.math import _util
from chainer.functions.pooling import max_pooling_nd
from chainer.functions.pooling import pooling_nd
from chainer.functions.pooling import unpooling_nd
from chainer.utils import type_check


class Upsampling2D(pooling_nd.Pooling2DMixin, unpooling_nd.UnpoolingND):
    """Puts each input value at the window pixel chosen by a max pooling; see
    :func:`upsampling_2d`. (An unpooling in its geometry and output size.)"""

    _func_name = 'upsampling_2d'

    def __init__(self, indexes, ksize, stride=None, pad=0, outsize=None,
                 cover_all=True):
        super().__init__(2, ksize, stride, pad, outsize, cover_all)
        if getattr(indexes, 'dtype', None) is None or indexes.dtype.kind not in 'iu':
            raise TypeError('upsampling_2d: indexes must be an integer array (as '
                            'returned by max_pooling_2d), got {!r}'.format(
                                type(indexes).__name__))
        self.indexes = indexes
        self.outh, self.outw = (None, None) if self.outs is None else self.outs

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'x', ndim=4)
        x_type, = in_types
        x_shape = tuple(type_check.eval(x_type.shape))
        indexes_shape = tuple(self.indexes.shape)
        if not type_check.in_light_mode():
            x_shape = type_check.make_variable(x_shape, 'x.shape')
            indexes_shape = type_check.make_variable(indexes_shape, 'indexes.shape')
        type_check.expect(x_shape == indexes_shape)
        self._check_outsize(x_type)

    def forward(self, inputs):
        x, = inputs
        n, c = x.shape[:2]
        dims = self._dims(x.shape[2:])
        size = self.ksize[0] * self.ksize[1]
        xp = backend.get_array_module(x)
        indexes = self.indexes
        if backend.get_array_module(indexes) is not xp:
            raise TypeError('upsampling_2d: indexes must be on the same device as x')
        if indexes.size and (int(indexes.min()) < 0 or int(indexes.max()) >= size):
            raise ValueError('upsampling_2d: indexes must be in [0, {}) for ksize {}, '
                             'got values in [{}, {}]'.format(
                                 size, self.ksize, int(indexes.min()),
                                 int(indexes.max())))
        self._idx = indexes.astype(pooling_nd.index_dtype(self.ksize), copy=False)
        self._x = None
        self._in_shape = (n, c) + tuple(dims)
        self._in_dtype = x.dtype
        y, = max_pooling_nd.MaxPoolingNDGrad(self).forward((x,))
        return y,

    def _get_indexes(self):
        return self._idx

    def backward(self, indexes, grad_outputs):
        return max_pooling_nd.MaxPoolingNDWithIndexes(self).apply(grad_outputs)


def upsampling_2d(x, indexes, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """Upsampling with the indexes of a max pooling (the inverse of
    :func:`max_pooling_2d` in shape).

    Output pixel ``(i s_Y - p_H + ky, j s_X - p_W + kx)`` receives ``x[n, c, i, j]``
    where ``indexes[n, c, i, j] == ky * k_W + kx``, i.e. each value goes back to the
    place its maximum came from; every other pixel is zero (values of overlapping
    windows add up; values falling on the padding are dropped). Without ``outsize``
    the output size is :func:`chainer.utils.get_deconv_outsize` of the input size.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        indexes (array): int array of the shape of ``x``, as returned by
            ``max_pooling_2d(..., return_indices=True)``.
        ksize (int or pair of ints): window size of that pooling.
        stride (int, pair of ints or None): its stride (``None``: ``ksize``).
        pad (int or pair of ints): its padding.
        outsize (None or pair of ints): output size ``(h_O, w_O)``; it must map back
            to ``(h, w)`` under :func:`chainer.utils.get_conv_outsize`.
        cover_all (bool): the ``cover_all`` of that pooling.
    Returns:
        Variable of shape ``(n, c, h_O, w_O)``.
    """
    y, = Upsampling2D(indexes, ksize, stride, pad, outsize, cover_all).apply((x,))
    return y

