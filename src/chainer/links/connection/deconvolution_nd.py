"""N-dimensional deconvolution (transposed convolution) layers."""
import chainer
from chainer.links.connection import _conv_util


class DeconvolutionND(_conv_util.LinkND):
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
        super().__init__(ndim, in_channels, out_channels, ksize, stride, pad, nobias,
                         initialW, initial_bias, dilate, groups)
        self.outsize = outsize

    def _initialize_params(self, in_channels):
        _conv_util.check_groups_divide(self, self.groups, in_channels, 'in_channels')
        self.W.initialize((in_channels, self.out_channels // self.groups) +
                          self.ksize)

    # Derived, not stored: Chainer's pickles of this link do not hold it.
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


class _FixedNDim(DeconvolutionND):
    """A :class:`DeconvolutionND` of ``_fixed_ndim`` dimensions, without the
    ``ndim`` argument."""

    _fixed_ndim = None

    def __init__(self, in_channels, out_channels, ksize, stride=1, pad=0,
                 nobias=False, outsize=None, initialW=None, initial_bias=None,
                 dilate=1, groups=1):
        super().__init__(self._fixed_ndim, in_channels, out_channels, ksize, stride,
                         pad, nobias, outsize, initialW, initial_bias, dilate, groups)


class Deconvolution1D(_FixedNDim):
    """One-dimensional deconvolution layer: :class:`DeconvolutionND` with ``ndim=1``."""

    _fixed_ndim = 1


class Deconvolution3D(_FixedNDim):
    """Three-dimensional deconvolution layer: :class:`DeconvolutionND` with ``ndim=3``."""

    _fixed_ndim = 3
