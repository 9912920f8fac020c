"""N-dimensional deconvolution (transposed convolution) layers."""
import chainer
from chainer import initializers
from chainer import link
from chainer.links.connection import _conv_util
from chainer import variable


class DeconvolutionND(link.Link):
    """N-dimensional deconvolution layer (:func:`chainer.functions.deconvolution_nd`).

    ``DeconvolutionND(ndim, out_channels, ksize, ...)`` or
    ``DeconvolutionND(ndim, None, out_channels, ksize, ...)`` defers the number
    of input channels to the first call.

    Args:
        ndim (int): the number of spatial dimensions.
        in_channels (int or None): the number of input channels.
        out_channels (int): the number of output channels.
        ksize, stride, pad (int or tuple of ints): filter size, stride, padding.
        nobias (bool): no bias if True.
        outsize (tuple of ints or None): the output spatial size.
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: initializer of ``b`` (None: 0).
        dilate (int or tuple of ints): dilation.
        groups (int): the number of channel groups.

    Attributes:
        W (Parameter): filters ``(in_channels, out_channels // groups, k_1, ...)``.
        b (Parameter): bias ``(out_channels,)`` or None.
    """

    def __init__(self, ndim, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 nobias=False, outsize=None, initialW=None, initial_bias=None,
                 dilate=1, groups=1):
        super().__init__()
        if ksize is None:
            out_channels, ksize, in_channels = in_channels, out_channels, None
        name = type(self).__name__
        self.ksize = _conv_util.tuple_of(ksize, ndim, 'ksize', name)
        self.stride = _conv_util.tuple_of(stride, ndim, 'stride', name)
        self.pad = _conv_util.tuple_of(pad, ndim, 'pad', name)
        self.dilate = _conv_util.tuple_of(dilate, ndim, 'dilate', name)
        self.outsize = outsize
        self.out_channels = out_channels
        self.groups = _conv_util.check_groups(groups, name)
        if out_channels % self.groups != 0:
            raise ValueError('{}: groups ({}) must divide out_channels ({})'.format(
                name, self.groups, out_channels))
        with self.init_scope():
            self.W = variable.Parameter(initializers._get_initializer(initialW))
            if in_channels is not None:
                self._initialize_params(in_channels)
            if nobias:
                self.b = None
            else:
                self.b = variable.Parameter(
                    _conv_util.bias_initializer(initial_bias), out_channels)

    def _initialize_params(self, in_channels):
        if in_channels % self.groups != 0:
            raise ValueError('{}: groups ({}) must divide in_channels ({})'.format(
                type(self).__name__, self.groups, in_channels))
        self.W.initialize((in_channels, self.out_channels // self.groups) +
                          self.ksize)

    # Derived, not stored: Chainer's pickles of this link do not hold them.
    @property
    def ndim(self):
        """The number of spatial dimensions."""
        return len(self.ksize)

    @property
    def in_channels(self):
        """The number of input channels (None until known)."""
        W = self.W.array
        return None if W is None else W.shape[0]

    def forward(self, x):
        """Apply the deconvolution to ``x`` of shape ``(N, in_channels, d_1, ...)``."""
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return chainer.functions.deconvolution_nd(
            x, self.W, self.b, self.stride, self.pad, outsize=self.outsize,
            dilate=self.dilate, groups=self.groups)


class Deconvolution1D(DeconvolutionND):
    """One-dimensional deconvolution layer: :class:`DeconvolutionND` with ``ndim=1``."""

    def __init__(self, in_channels, out_channels, ksize, stride=1, pad=0,
                 nobias=False, outsize=None, initialW=None, initial_bias=None,
                 dilate=1, groups=1):
        super().__init__(1, in_channels, out_channels, ksize, stride, pad, nobias,
                         outsize, initialW, initial_bias, dilate, groups)


class Deconvolution3D(DeconvolutionND):
    """Three-dimensional deconvolution layer: :class:`DeconvolutionND` with ``ndim=3``."""

    def __init__(self, in_channels, out_channels, ksize, stride=1, pad=0,
                 nobias=False, outsize=None, initialW=None, initial_bias=None,
                 dilate=1, groups=1):
        super().__init__(3, in_channels, out_channels, ksize, stride, pad, nobias,
                         outsize, initialW, initial_bias, dilate, groups)
