"""N-dimensional unpooling: ``unpooling_nd``, ``unpooling_1d``, ``unpooling_3d``."""
from chainer.functions.pooling import average_pooling_nd
from chainer.functions.pooling import pooling_nd
from chainer.utils import _normalize
from chainer.utils import conv
from chainer.utils import type_check


class UnpoolingND(pooling_nd._PoolingND):
    """Spreads each input value over its pooling window; see :func:`unpooling_nd`."""

    _func_name = 'unpooling_nd'

    def __init__(self, ndim, ksize, stride=None, pad=0, outsize=None, cover_all=True):
        super().__init__(ndim, ksize, stride, pad, cover_all)
        if outsize is not None:
            outsize = _normalize.int_tuple(outsize, self.ndim, 'outsize',
                                            self._func_name, 1)
        self.outs = outsize

    def check_type_forward(self, in_types):
        super().check_type_forward(in_types)
        self._check_outsize(in_types[0])

    def _check_outsize(self, x_type):
        # outsize, where given, must pool back to the input's size.
        if self.outs is not None:
            for i, out in enumerate(self.outs):
                expected = conv.get_conv_outsize(
                    out, self.ksize[i], self.stride[i], self.pad[i],
                    cover_all=self.cover_all)
                if not type_check.in_light_mode():
                    expected = type_check.make_variable(
                        expected, 'get_conv_outsize(outsize[{}]={}, ...)'.format(i, out))
                type_check.expect(x_type.shape[2 + i] == expected)

    def _dims(self, in_size):
        if self.outs is not None:
            return self.outs
        dims = tuple(conv.get_deconv_outsize(i, k, s, p, cover_all=self.cover_all)
                     for i, k, s, p in zip(in_size, self.ksize, self.stride, self.pad))
        # An output of length 0 is an empty array (as a deconvolution gives);
        # a negative length is an error.
        if any(d < 0 for d in dims):
            raise ValueError('{}: the output size would be negative ({}) for input '
                             'size {}'.format(self._func_name, dims, tuple(in_size)))
        return dims

    def forward(self, inputs):
        x, = inputs
        self._in_size = x.shape[2:]
        dims = self._dims(x.shape[2:])
        y, = average_pooling_nd._Spread(
            self.ksize, self.stride, self.pad, dims, None).forward((x,))
        return y,

    def backward(self, indexes, grad_outputs):
        return average_pooling_nd._WindowSum(
            self.ksize, self.stride, self.pad, self._in_size, None).apply(grad_outputs)


def _unpool(node, x):
    y, = node.apply((x,))
    return y


def unpooling_nd(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """N-dimensional unpooling: the inverse of pooling in shape.

    Every input value ``x[n, c, l]`` is added to each pixel ``l s - p + k`` of its
    window (values falling on the padding are dropped; overlapping windows add
    up). Without ``outsize`` the output length along each axis is
    :func:`chainer.utils.get_deconv_outsize` of the input length; a given
    ``outsize`` must map back to the input size under
    :func:`chainer.utils.get_conv_outsize`.

    Args:
        x (Variable or array): input of shape ``(n, c, d_1, ..., d_N)``.
        ksize (int or tuple of ints): window size.
        stride (int, tuple of ints or None): stride (``None``: ``ksize``).
        pad (int or tuple of ints): padding.
        outsize (None or tuple of ints): output spatial size.
        cover_all (bool): the ``cover_all`` of the pooling being inverted.
    Returns:
        Variable of shape ``(n, c, l_1, ..., l_N)``.
    """
    ndim = _normalize.spatial_ndim(x, 'unpooling_nd')
    return _unpool(UnpoolingND(ndim, ksize, stride, pad, outsize, cover_all), x)


def unpooling_1d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """1-dimensional unpooling of ``x`` of shape ``(n, c, d)``; see
    :func:`unpooling_nd`."""
    _normalize.spatial_ndim(x, 'unpooling_1d', 1)
    return _unpool(UnpoolingND(1, ksize, stride, pad, outsize, cover_all), x)


def unpooling_3d(x, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """3-dimensional unpooling of ``x`` of shape ``(n, c, d_1, d_2, d_3)``; see
    :func:`unpooling_nd`."""
    _normalize.spatial_ndim(x, 'unpooling_3d', 3)
    return _unpool(UnpoolingND(3, ksize, stride, pad, outsize, cover_all), x)
