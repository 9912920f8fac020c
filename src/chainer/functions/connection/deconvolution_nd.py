"""N-dimensional deconvolution: ``deconvolution_nd``, ``deconvolution_1d``,
``deconvolution_3d``. The node, :class:`DeconvolutionND`, lives with the shared
convolution engine in :mod:`chainer.functions.connection.convolution_nd`."""
from chainer.functions.connection import convolution_nd
from chainer.functions.connection.convolution_nd import DeconvolutionND  # NOQA
from chainer.utils import _normalize


def deconvolution_nd(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """N-dimensional deconvolution (transposed convolution).

    The adjoint of :func:`convolution_nd` with respect to its input: the input pixel
    ``x[n, c, l]`` adds ``x[n, c, l] W[c, o, k]`` to output pixel ``l s - p + k dl``
    of channel ``o`` in the group of ``c``; what lands in the padding is dropped.
    Without ``outsize``, the output length along axis ``i`` is
    ``s_i (d_i - 1) + (k_i - 1) dl_i + 1 - 2 p_i``. ``outsize`` may ask for a longer
    output (by less than a stride); the convolution of that size must give back the
    input size.

    Args:
        x (Variable or array): input of shape ``(n, c_I, d_1, ..., d_N)``.
        W (Variable or array): filters of shape ``(c_I, c_O / groups, k_1, ..., k_N)``.
        b (Variable or array): optional bias of shape ``(c_O,)``.
        stride (int or tuple of ints): stride.
        pad (int or tuple of ints): padding removed from each side.
        outsize (None or tuple of ints): output spatial size.
        dilate (int or tuple of ints): dilation of the filters.
        groups (int): number of channel groups.
    Returns:
        Variable of shape ``(n, c_O, l_1, ..., l_N)``.
    """
    ndim = convolution_nd._ndim_of(x, W, 'deconvolution_nd')
    node = DeconvolutionND(ndim, stride, pad, outsize, dilate, groups)
    return convolution_nd._apply(node, x, W, b)


def deconvolution_1d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """1-dimensional deconvolution: :func:`deconvolution_nd` for ``x`` of shape
    ``(n, c_I, d)`` and ``W`` of shape ``(c_I, c_O / groups, k)``."""
    _normalize.spatial_ndim(x, 'deconvolution_1d', 1)
    return deconvolution_nd(x, W, b, stride, pad, outsize, dilate, groups)


def deconvolution_3d(x, W, b=None, stride=1, pad=0, outsize=None, dilate=1, groups=1):
    """3-dimensional deconvolution: :func:`deconvolution_nd` for ``x`` of shape
    ``(n, c_I, d_1, d_2, d_3)`` and ``W`` of shape ``(c_I, c_O / groups, k_1, k_2,
    k_3)``."""
    _normalize.spatial_ndim(x, 'deconvolution_3d', 3)
    return deconvolution_nd(x, W, b, stride, pad, outsize, dilate, groups)
