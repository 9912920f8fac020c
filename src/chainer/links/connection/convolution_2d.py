"""Two-dimensional convolution layer."""
import chainer
from chainer import link
from chainer.links.connection import _conv_util
from chainer.utils import _normalize
from chainer import variable


class Convolution2D(link.Link):
    """Two-dimensional convolutional layer (see :func:`chainer.functions.convolution_2d`).

    ``Convolution2D(out_channels, ksize, ...)`` (two leading arguments) or
    ``Convolution2D(None, out_channels, ksize, ...)`` defers the number of input
    channels to the first call.

    Args:
        in_channels (int or None): the number of input channels.
        out_channels (int): the number of output channels.
        ksize (int or pair of ints): filter size ``(k_H, k_W)``.
        stride (int or pair of ints): stride.
        pad (int or pair of ints): spatial padding.
        nobias (bool): no bias if True.
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: initializer of ``b`` (None: 0).
        dilate (int or pair of ints): dilation of the filter (keyword only).
        groups (int): the number of channel groups (keyword only); it must divide
            both channel counts.

    Attributes:
        W (Parameter): filters ``(out_channels, in_channels // groups, k_H, k_W)``.
        b (Parameter): bias ``(out_channels,)`` or None.

    .. admonition:: Example

        >>> conv = L.Convolution2D(3, 8, ksize=3, pad=1)
        >>> conv.W.shape
        (8, 3, 3, 3)
        >>> conv(np.zeros((2, 3, 16, 16), np.float32)).shape
        (2, 8, 16, 16)
        >>> lazy = L.Convolution2D(4, 3, stride=2)  # in_channels from the first input
        >>> lazy(np.zeros((1, 5, 9, 9), np.float32)).shape
        (1, 4, 4, 4)
    """

    def __init__(self, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 nobias=False, initialW=None, initial_bias=None, **kwargs):
        super().__init__()
        in_channels, out_channels = _conv_util.set_up_2d(
            self, in_channels, out_channels, ksize, stride, pad, kwargs)
        self.out_channels = out_channels
        self.in_channels = in_channels
        # Chainer 7.8.1 keeps these (cuDNN and memory layout options) and reads
        # them when it runs a pickled link.
        self.cudnn_fast = False
        self.x_layout = None
        _conv_util.add_params(self, in_channels, out_channels, initialW, nobias,
                              initial_bias)

    def _initialize_params(self, in_channels):
        _conv_util.check_groups_divide(self, self.groups, in_channels, 'in_channels')
        kh, kw = _normalize.pair(self.ksize, 'ksize', type(self).__name__)
        self.in_channels = in_channels
        self.W.initialize((self.out_channels, in_channels // self.groups, kh, kw))

    @property
    def printable_specs(self):
        """The arguments shown in the link's representation."""
        specs = [('in_channels', self.in_channels),
                 ('out_channels', self.out_channels), ('ksize', self.ksize),
                 ('stride', self.stride), ('pad', self.pad),
                 ('nobias', self.b is None), ('dilate', self.dilate),
                 ('groups', self.groups)]
        for spec in specs:
            yield spec

    @classmethod
    def from_params(cls, W, b=None, stride=1, pad=0, nobias=False, **kwargs):
        """A link whose parameters are initialized with ``W`` (and ``b``).

        Args:
            W (array or Variable): filters ``(out_channels, in_channels // groups,
                k_H, k_W)``.
            b (array or Variable): bias ``(out_channels,)``.
            stride, pad, nobias, dilate, groups: as in the constructor.
        """
        W = variable.as_array(W)
        if W.ndim != 4:
            raise ValueError('{}.from_params: W must be 4-dimensional, got shape {}'
                             .format(cls.__name__, W.shape))
        groups = kwargs.get('groups', 1)
        out_channels, in_per_group, kh, kw = W.shape
        if b is not None:
            if nobias:
                raise ValueError('{}.from_params: b was given with nobias=True'
                                 .format(cls.__name__))
            b = variable.as_array(b)
        return cls(in_per_group * groups, out_channels, (kh, kw), stride, pad,
                   nobias, initialW=W, initial_bias=b, **kwargs)

    def forward(self, x):
        """Apply the convolution to ``x`` of shape ``(N, in_channels, H, W)``."""
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return chainer.functions.convolution_2d(
            x, self.W, self.b, self.stride, self.pad, dilate=self.dilate,
            groups=self.groups)
