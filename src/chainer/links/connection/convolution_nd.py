"""N-dimensional convolution layers."""
import chainer
from chainer.links.connection import _conv_util
from chainer import variable


class ConvolutionND(_conv_util.LinkND):
    """N-dimensional convolutional layer (see :func:`chainer.functions.convolution_nd`).

    ``ConvolutionND(ndim, out_channels, ksize, ...)`` or ``ConvolutionND(ndim,
    None, out_channels, ksize, ...)`` defers the number of input channels to the
    first call.

    Args:
        ndim (int): the number of spatial dimensions.
        in_channels (int or None): the number of input channels.
        out_channels (int): the number of output channels.
        ksize (int or tuple of ints): filter size.
        stride (int or tuple of ints): stride.
        pad (int or tuple of ints): spatial padding.
        nobias (bool): no bias if True.
        initialW: initializer of ``W`` (None: LeCunNormal).
        initial_bias: initializer of ``b`` (None: 0).
        cover_all (bool): let the output cover every input pixel (extra output
            positions at the border).
        dilate (int or tuple of ints): dilation of the filter.
        groups (int): the number of channel groups.

    Attributes:
        W (Parameter): filters ``(out_channels, in_channels // groups, k_1, ...,
            k_N)``.
        b (Parameter): bias ``(out_channels,)`` or None.
    """

    def __init__(self, ndim, in_channels, out_channels, ksize=None, stride=1, pad=0,
                 nobias=False, initialW=None, initial_bias=None, cover_all=False,
                 dilate=1, groups=1):
        super().__init__(ndim, in_channels, out_channels, ksize, stride, pad, nobias,
                         initialW, initial_bias, dilate, groups)
        self.cover_all = cover_all

    def _initialize_params(self, in_channels):
        _conv_util.check_groups_divide(self, self.groups, in_channels, 'in_channels')
        self.W.initialize((self.out_channels, in_channels // self.groups) +
                          self.ksize)

    # Derived, not stored: Chainer's pickles of this link do not hold it.
    @property
    def in_channels(self):
        """The number of input channels (None until known)."""
        W = self.W.array
        return None if W is None else W.shape[1] * self.groups

    @classmethod
    def from_params(cls, W, b=None, stride=1, pad=0, nobias=False, **kwargs):
        """A link whose parameters are initialized with ``W`` (and ``b``).

        Args:
            W (array or Variable): filters ``(out_channels, in_channels // groups,
                k_1, ..., k_N)``; ``N`` is the number of spatial dimensions.
            b (array or Variable): bias ``(out_channels,)``.
            stride, pad, nobias, cover_all, dilate, groups: as in the constructor.
        """
        W = variable.as_array(W)
        groups = kwargs.get('groups', 1)
        if b is not None:
            if nobias:
                raise ValueError('{}.from_params: b was given with nobias=True'
                                 .format(cls.__name__))
            b = variable.as_array(b)
        ndim = W.ndim - 2
        args = (W.shape[1] * groups, W.shape[0], W.shape[2:], stride, pad, nobias)
        if cls is ConvolutionND:
            args = (ndim,) + args
        elif ndim != cls._fixed_ndim:
            raise ValueError('{}.from_params: W must be {}-dimensional, got shape {}'
                             .format(cls.__name__, cls._fixed_ndim + 2, W.shape))
        return cls(*args, initialW=W, initial_bias=b, **kwargs)

    def forward(self, x):
        """Apply the convolution to ``x`` of shape ``(N, in_channels, d_1, ...)``."""
        if self.W.array is None:
            self._initialize_params(x.shape[1])
        return chainer.functions.convolution_nd(
            x, self.W, self.b, self.stride, self.pad, cover_all=self.cover_all,
            dilate=self.dilate, groups=self.groups)


class _FixedNDim(ConvolutionND):
    """A :class:`ConvolutionND` of ``_fixed_ndim`` dimensions, without the
    ``ndim`` argument."""

    _fixed_ndim = None

    def __init__(self, in_channels, out_channels, ksize, stride=1, pad=0,
                 nobias=False, initialW=None, initial_bias=None, cover_all=False,
                 dilate=1, groups=1):
        super().__init__(self._fixed_ndim, in_channels, out_channels, ksize, stride,
                         pad, nobias, initialW, initial_bias, cover_all, dilate,
                         groups)


class Convolution1D(_FixedNDim):
    """One-dimensional convolutional layer: :class:`ConvolutionND` with ``ndim=1``."""

    _fixed_ndim = 1


class Convolution3D(_FixedNDim):
    """Three-dimensional convolutional layer: :class:`ConvolutionND` with ``ndim=3``."""

    _fixed_ndim = 3
