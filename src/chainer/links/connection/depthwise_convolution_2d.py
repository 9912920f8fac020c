"""Depthwise two-dimensional convolution layer."""
import chainer
from chainer import initializers
from chainer import link
from chainer.links.connection import _conv_util
from chainer import variable


class DepthwiseConvolution2D(link.Link):
    """Depthwise convolution (:func:`chainer.functions.depthwise_convolution_2d`).

    Each input channel is convolved with its own ``channel_multiplier`` filters,
    giving ``in_channels * channel_multiplier`` output channels.

    Args:
        in_channels (int or None): the number of input channels (None: from the
            first call).
        channel_multiplier (int): the number of filters per input channel.
        ksize (int or pair of ints): filter size.
        stride (int or pair of ints): stride.
        pad (int or pair of ints): spatial padding.
        nobias (bool): no bias if True.
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: initializer of ``b`` (None: 0).

    Attributes:
        W (Parameter): filters ``(channel_multiplier, in_channels, k_H, k_W)``.
        b (Parameter): bias ``(in_channels * channel_multiplier,)`` or None.
    """

    def __init__(self, in_channels, channel_multiplier, ksize, stride=1, pad=0,
                 nobias=False, initialW=None, initial_bias=None):
        super().__init__()
        self.ksize, self.stride, self.pad = _conv_util.pairs(
            self, ksize=ksize, stride=stride, pad=pad)
        self.channel_multiplier = channel_multiplier
        self.nobias = nobias
        with self.init_scope():
            self.W = variable.Parameter(initializers._get_initializer(initialW))
            self.b = None if nobias else variable.Parameter(
                _conv_util.bias_initializer(initial_bias))
            if in_channels is not None:
                self._initialize_params(in_channels)

    def _initialize_params(self, in_channels):
        self.W.initialize((self.channel_multiplier, in_channels) + self.ksize)
        if self.b is not None:
            self.b.initialize(self.channel_multiplier * in_channels)

    def forward(self, x):
        """Apply the convolution to ``x`` of shape ``(N, in_channels, H, W)``."""
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return chainer.functions.depthwise_convolution_2d(
            x, self.W, self.b, self.stride, self.pad)
