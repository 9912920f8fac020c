"""Two-dimensional deconvolution (transposed convolution) layer."""
import chainer
from chainer import link
from chainer.links.connection import _conv_util
from chainer.utils import _normalize


class Deconvolution2D(link.Link):
    """Two-dimensional deconvolution layer (:func:`chainer.functions.deconvolution_2d`).

    ``Deconvolution2D(out_channels, ksize, ...)`` or ``Deconvolution2D(None,
    out_channels, ksize, ...)`` defers the number of input channels to the first
    call.

    Args:
        in_channels (int or None): the number of input channels.
        out_channels (int): the number of output channels.
        ksize (int or pair of ints): filter size.
        stride (int or pair of ints): stride (the upsampling factor).
        pad (int or pair of ints): padding removed from the output.
        nobias (bool): no bias if True.
        outsize (pair of ints or None): the output spatial size, when the stride
            leaves it ambiguous.
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: initializer of ``b`` (None: 0).
        dilate (int or pair of ints): dilation (keyword only).
        groups (int): the number of channel groups (keyword only).

    Attributes:
        W (Parameter): filters ``(in_channels, out_channels // groups, k_H, k_W)``.
        b (Parameter): bias ``(out_channels,)`` or None.

    .. admonition:: Example

        >>> deconv = L.Deconvolution2D(8, 3, ksize=4, stride=2, pad=1)
        >>> deconv.W.shape  # (in_channels, out_channels, k_H, k_W)
        (8, 3, 4, 4)
        >>> deconv(np.zeros((1, 8, 5, 5), np.float32)).shape  # 2 (5 - 1) + 4 - 2
        (1, 3, 10, 10)
    """

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 nobias=False, outsize=None, initialW=None, initial_bias=None,
                 **kwargs):
        super().__init__()
        in_channels, out_channels = _conv_util.set_up_2d(
            self, in_channels, out_channels, ksize, stride, pad, kwargs)
        self.outsize = (None, None) if outsize is None else outsize
        self.out_channels = out_channels
        _conv_util.add_params(self, in_channels, out_channels, initialW, nobias,
                              initial_bias)

    def _initialize_params(self, in_channels):
        _conv_util.check_groups_divide(self, self.groups, in_channels, 'in_channels')
        kh, kw = _normalize.pair(self.ksize, 'ksize', type(self).__name__)
        self.W.initialize((in_channels, self.out_channels // self.groups, kh, kw))

    @property
    def in_channels(self):
        """The number of input channels (None until known; derived, as
        Chainer's pickles of this link do not hold it)."""
        W = self.W.array
        return None if W is None else W.shape[0]

    def forward(self, x):
        """Apply the deconvolution to ``x`` of shape ``(N, in_channels, H, W)``."""
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        outsize = None if self.outsize == (None, None) else self.outsize
        return chainer.functions.deconvolution_2d(
            x, self.W, self.b, self.stride, self.pad, outsize, dilate=self.dilate,
            groups=self.groups)
