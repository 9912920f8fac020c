"""Discrete Fourier transforms of complex data held as (real, imaginary) pairs."""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer.utils import type_check


class FFT(function_node.FunctionNode):
    """``numpy.fft.fft`` (``method='fft'``) or ``ifft`` along the last axis."""

    def __init__(self, method):
        self._method = method

    @property
    def label(self):
        return self._method.upper()

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('real', 'imag'))
        r_type, i_type = in_types
        type_check.expect(
            r_type.dtype.kind == 'f',
            r_type.dtype == i_type.dtype,
            r_type.ndim > 0,
        )
        _util.expect_same_shape(r_type, i_type, 'real', 'imag')

    def forward(self, inputs):
        real, imag = inputs
        xp = backend.get_array_module(real)
        dtype = real.dtype
        if real.shape[-1] == 0:
            return real.copy(), imag.copy()
        z = real + 1j * imag.astype(numpy.complex128 if dtype == numpy.float64
                                     else numpy.complex64)
        y = getattr(xp.fft, self._method)(z)
        return y.real.astype(dtype), y.imag.astype(dtype)

    def backward(self, indexes, grad_outputs):
        gr, gi = grad_outputs
        xp = backend.get_array_module(*[g.array for g in grad_outputs
                                        if g is not None])
        if gr is None:
            gr = xp.zeros_like(gi.array)
        if gi is None:
            gi = xp.zeros_like(gr.array)
        # The transform is linear, y = W z; for a real loss the gradient with respect
        # to z is W^H g = conj(W conj(g)) for both the fft and the ifft.
        a, b = FFT(self._method).apply((gr, -gi))
        return a, -b


def _split(x, func_name):
    if not isinstance(x, tuple) or len(x) != 2:
        raise TypeError('{}: x must be a tuple (real, imag) of two Variables or arrays, '
                        'got {}'.format(func_name, type(x).__name__))
    return x


def fft(x):
    """Discrete Fourier transform along the last axis, like ``numpy.fft.fft``.

    .. math:: y_k = \\sum_{n=0}^{N-1} x_n e^{-2 \\pi i k n / N}

    Complex data are held as a pair of real arrays.

    Args:
        x (tuple): ``(real, imag)``, the real and imaginary parts of the input:
            Variables or arrays of one float dtype and one shape (at least one
            dimension).
    Returns:
        tuple: ``(real, imag)`` of the result, Variables of that shape and dtype.
    """
    real, imag = _split(x, 'fft')
    return FFT('fft').apply((real, imag))


def ifft(x):
    """Inverse discrete Fourier transform along the last axis, like
    ``numpy.fft.ifft``.

    .. math:: y_n = \\frac{1}{N} \\sum_{k=0}^{N-1} x_k e^{2 \\pi i k n / N}

    Args:
        x (tuple): ``(real, imag)``, the real and imaginary parts of the input:
            Variables or arrays of one float dtype and one shape (at least one
            dimension).
    Returns:
        tuple: ``(real, imag)`` of the result, Variables of that shape and dtype.
    """
    real, imag = _split(x, 'ifft')
    return FFT('ifft').apply((real, imag))
