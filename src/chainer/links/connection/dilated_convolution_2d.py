"""Dilated two-dimensional convolution layer."""
import chainer
from chainer import link
from chainer.links.connection import _conv_util
from chainer.utils import _normalize


class DilatedConvolution2D(link.Link):
    """Dilated convolution (:func:`chainer.functions.dilated_convolution_2d`).

    ``DilatedConvolution2D(out_channels, ksize, ...)`` or
    ``DilatedConvolution2D(None, out_channels, ksize, ...)`` defers the number of
    input channels to the first call.

    Args:
        in_channels (int or None): the number of input channels.
        out_channels (int): the number of output channels.
        ksize (int or pair of ints): filter size.
        stride (int or pair of ints): stride.
        pad (int or pair of ints): spatial padding.
        dilate (int or pair of ints): dilation of the filter.
        nobias (bool): no bias if True.
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: initializer of ``b`` (None: 0).

    Attributes:
        W (Parameter): filters ``(out_channels, in_channels, k_H, k_W)``.
        b (Parameter): bias ``(out_channels,)`` or None.
    """

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 dilate=1, nobias=False, initialW=None, initial_bias=None):
        super().__init__()
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        self.ksize = ksize
        self.stride, self.pad, self.dilate, _ = _conv_util.geometry(
            self, 2, stride, pad, dilate)
        self.out_channels = out_channels
        _conv_util.add_params(self, in_channels, out_channels, initialW, nobias,
                              initial_bias)

    def _initialize_params(self, in_channels):
        kh, kw = _normalize.pair(self.ksize, 'ksize', type(self).__name__)
        self.W.initialize((self.out_channels, in_channels, kh, kw))

    def forward(self, x):
        """Apply the convolution to ``x`` of shape ``(N, in_channels, H, W)``."""
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return chainer.functions.dilated_convolution_2d(
            x, self.W, self.b, self.stride, self.pad, self.dilate)
