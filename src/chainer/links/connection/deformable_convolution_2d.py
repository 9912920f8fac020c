"""Deformable two-dimensional convolution layer."""
import chainer
from chainer import initializers
from chainer import link
from chainer.links.connection import _conv_util
from chainer.links.connection import convolution_2d
from chainer.utils import _normalize


class DeformableConvolution2D(link.Chain):
    """Deformable convolution (Dai et al., 2017).

    A plain convolution ``offset_conv`` predicts, for every output position, the
    fractional displacement of each filter tap; ``deform_conv`` then convolves
    the input sampled at the displaced taps
    (:func:`chainer.functions.deformable_convolution_2d_sampler`).

    Args:
        in_channels (int): the number of input channels.
        out_channels (int): the number of output channels.
        ksize (int or pair of ints): filter size ``(k_H, k_W)``.
        stride (int or pair of ints): stride.
        pad (int or pair of ints): spatial padding.
        offset_nobias, offset_initialW, offset_initial_bias: options of the
            offset convolution (``2 k_H k_W`` output channels; its filters and
            bias default to zero, so the layer starts as a plain convolution).
        deform_nobias, deform_initialW, deform_initial_bias: options of the
            deformable convolution (defaults: LeCunNormal and 0).

    Attributes:
        offset_conv (Convolution2D): the offset predictor.
        deform_conv (DeformableConvolution2DSampler): the deformable convolution.
    """

    def __init__(self, in_channels, out_channels, ksize, stride=1, pad=0,
                 offset_nobias=False, offset_initialW=None,
                 offset_initial_bias=None, deform_nobias=False,
                 deform_initialW=None, deform_initial_bias=None):
        super().__init__()
        kh, kw = _normalize.pair(ksize, 'ksize', type(self).__name__)
        if offset_initialW is None:
            offset_initialW = initializers.Zero()
        with self.init_scope():
            self.offset_conv = convolution_2d.Convolution2D(
                in_channels, 2 * kh * kw, ksize, stride, pad, offset_nobias,
                offset_initialW, offset_initial_bias)
            self.deform_conv = DeformableConvolution2DSampler(
                in_channels, out_channels, ksize, stride, pad, deform_nobias,
                deform_initialW, deform_initial_bias)

    def forward(self, x):
        """Apply the layer to ``x`` of shape ``(N, in_channels, H, W)``."""
        return self.deform_conv(x, self.offset_conv(x))


class DeformableConvolution2DSampler(link.Link):
    """The deformable convolution proper, given the offsets at each call.

    Args: as the ``deform_*`` options of :class:`DeformableConvolution2D`.

    Attributes:
        W (Parameter): filters ``(out_channels, in_channels, k_H, k_W)``.
        b (Parameter): bias ``(out_channels,)`` or None.
    """

    def __init__(self, in_channels, out_channels, ksize, stride=1, pad=0,
                 nobias=False, initialW=None, initial_bias=None):
        super().__init__()
        self.ksize, self.stride, self.pad = _conv_util.pairs(
            self, ksize=ksize, stride=stride, pad=pad)
        self.out_channels = out_channels
        self.initialW = initialW  # Chainer 7.8.1 initializes a lazy W from it
        _conv_util.add_params(self, in_channels, out_channels, initialW, nobias,
                              initial_bias)

    def _initialize_params(self, in_channels):
        self.W.initialize((self.out_channels, in_channels) + self.ksize)

    def forward(self, x, offset):
        """Convolve ``x`` with the taps displaced by ``offset``."""
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return chainer.functions.deformable_convolution_2d_sampler(
            x, offset, self.W, self.b, self.stride, self.pad)
