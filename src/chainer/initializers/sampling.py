"""Initializers of up- and down-sampling filters for (de)convolutions."""
import numpy

from chainer import backend
from chainer import initializer


def _linear_kernel_1d(k):
    # The 1-D linear interpolation kernel of size k for the factor (k + 1) // 2.
    factor = (k + 1) // 2
    center = factor - 1 if k % 2 == 1 else factor - 0.5
    x = numpy.arange(k, dtype=numpy.float64)
    return 1 - numpy.abs(x - center) / factor


def _linear_kernel(shape):
    kernel = numpy.ones((), dtype=numpy.float64)
    for k in shape:
        kernel = numpy.multiply.outer(kernel, _linear_kernel_1d(k))
    return kernel


class _SamplingFilter(initializer.Initializer):

    _normalize = False

    def __init__(self, interpolation='linear', dtype=None):
        if interpolation != 'linear':
            raise ValueError('{}: interpolation must be "linear", got {!r}'.format(
                type(self).__name__, interpolation))
        self.interpolation = interpolation
        super().__init__(dtype)

    def __call__(self, array):
        name = type(self).__name__
        if self.dtype is not None and array.dtype != numpy.dtype(self.dtype):
            raise ValueError('{}: the array has dtype {} but the initializer makes {}'
                             .format(name, array.dtype, numpy.dtype(self.dtype)))
        if array.ndim < 3:
            raise ValueError('{}: the array must be a filter of shape (out_channels, '
                             'in_channels, k1, ...), got shape {}'.format(
                                 name, array.shape))
        c0, c1 = array.shape[:2]
        kernel = _linear_kernel(array.shape[2:])
        if self._normalize:
            kernel = kernel / kernel.sum()
        weight = numpy.zeros(array.shape, dtype=numpy.float64)
        if c0 == c1:
            idx = numpy.arange(c0)
            weight[idx, idx] = kernel
        elif c0 == 1 or c1 == 1:
            weight[...] = kernel
        else:
            raise ValueError(
                '{}: the filter maps each channel to itself, so the first two axes '
                'must be equal or one of them 1; got shape {}'.format(name, array.shape))
        device = backend.get_device_from_array(array)
        array[...] = device.send(weight.astype(array.dtype))


class UpsamplingDeconvFilter(_SamplingFilter):
    """Fills a deconvolution filter with the linear (bilinear, trilinear...)
    upsampling kernel (Long et al., 2015).

    For a kernel of size ``k`` along an axis, with ``f = (k + 1) // 2`` and
    ``c = f - 1`` (odd ``k``) or ``f - 0.5`` (even ``k``), the weight at ``x`` is
    ``1 - |x - c| / f``; the N-D kernel is the product over axes. Channel ``i``
    maps to channel ``i`` only. Use it with a stride of ``(k + 1) // 2``.

    Args:
        interpolation (str): only ``'linear'``.
        dtype: dtype of the array.
    """


class DownsamplingConvFilter(_SamplingFilter):
    """Fills a convolution filter with the linear downsampling kernel: the
    upsampling kernel of :class:`UpsamplingDeconvFilter` normalized to sum 1.

    Use it with a stride of ``(k + 1) // 2``.

    Args:
        interpolation (str): only ``'linear'``.
        dtype: dtype of the array.
    """

    _normalize = True
