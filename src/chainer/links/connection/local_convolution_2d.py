"""Locally connected two-dimensional layer (unshared convolution)."""
import chainer
from chainer import initializers
from chainer import link
from chainer.links.connection import _conv_util
from chainer.utils import argument
from chainer import variable


class LocalConvolution2D(link.Link):
    """Locally connected layer (:func:`chainer.functions.local_convolution_2d`).

    Like a convolution without padding, but every output position has its own
    filters.

    Args:
        in_channels (int or None): the number of input channels.
        out_channels (int): the number of output channels.
        in_size (int, pair of ints or None): the input's spatial size ``(H,
            W)``; None takes it (and ``in_channels`` when None) from the first
            call.
        ksize (int or pair of ints): filter size.
        stride (int or pair of ints): stride.
        nobias (bool): no bias if True.
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: initializer of ``b`` (None: 0).

    Attributes:
        W (Parameter): filters ``(out_channels, out_H, out_W, in_channels, k_H,
            k_W)`` with ``out_H = (H - k_H) // s_Y + 1`` (likewise ``out_W``).
        b (Parameter): bias ``(out_channels, out_H, out_W)`` or None.
    """

    def __init__(self, in_channels, out_channels, in_size=None, ksize=None,
                 stride=1, nobias=False, initialW=None, initial_bias=None,
                 **kwargs):
        super().__init__()
        argument.assert_kwargs_empty(kwargs)
        if ksize is None:
            raise ValueError('{}: ksize is required'.format(type(self).__name__))
        self.ksize, self.stride = _conv_util.pairs(self, ksize=ksize, stride=stride)
        self.nobias = nobias
        self.out_channels = out_channels
        with self.init_scope():
            self.W = variable.Parameter(initializers._get_initializer(initialW))
            self.b = None if nobias else variable.Parameter(
                _conv_util.bias_initializer(initial_bias))
        if in_channels is not None and in_size is not None:
            self._initialize_params(
                in_channels, _conv_util.pairs(self, in_size=in_size)[0])

    def _initialize_params(self, in_channels, in_size):
        kh, kw = self.ksize
        sy, sx = self.stride
        if in_size[0] < kh or in_size[1] < kw:
            raise ValueError('{}: the input size {} is smaller than the filter {}'
                             .format(type(self).__name__, in_size, self.ksize))
        out_h = (in_size[0] - kh) // sy + 1
        out_w = (in_size[1] - kw) // sx + 1
        self.W.initialize((self.out_channels, out_h, out_w, in_channels, kh, kw))
        if self.b is not None:
            self.b.initialize((self.out_channels, out_h, out_w))

    @property
    def in_channels(self):
        """The number of input channels (None until known; derived, as
        Chainer's pickles of this link do not hold it)."""
        W = self.W.array
        return None if W is None else W.shape[3]

    def forward(self, x):
        """Apply the layer to ``x`` of shape ``(N, in_channels, H, W)``."""
        if self.W.array is None:
            self._initialize_params(x.shape[1], x.shape[2:4])
        return chainer.functions.local_convolution_2d(x, self.W, self.b,
                                                      self.stride)
