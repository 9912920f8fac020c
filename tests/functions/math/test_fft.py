"""fft and ifft on (real, imag) pairs."""
import cmath

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _dft(real, imag, inverse):
    # The transform by its definition, along the last axis.
    n = real.shape[-1]
    sign = 1 if inverse else -1
    out_r = numpy.empty(real.shape)
    out_i = numpy.empty(real.shape)
    for index in numpy.ndindex(real.shape[:-1]):
        z = [complex(float(a), float(b)) for a, b in zip(real[index], imag[index])]
        for k in range(n):
            s = sum(z[m] * cmath.exp(sign * 2j * cmath.pi * k * m / n)
                    for m in range(n))
            if inverse:
                s /= n
            out_r[index + (k,)] = s.real
            out_i[index + (k,)] = s.imag
    return out_r, out_i


@testing.parameterize(*testing.product({
    'method': ['fft', 'ifft'],
    'shape': [(4,), (2, 5), (2, 1, 3)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestFFT(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 1e-2, 'rtol': 1e-2}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {'atol': 1e-5, 'rtol': 1e-5}

    def generate_inputs(self):
        return (numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),
                numpy.random.uniform(-1, 1, self.shape).astype(self.dtype))

    def forward(self, inputs, device):
        return getattr(F, self.method)(tuple(inputs))

    def forward_expected(self, inputs):
        r, i = _dft(*inputs, inverse=self.method == 'ifft')
        return r.astype(self.dtype), i.astype(self.dtype)


def test_fft_then_ifft_is_the_identity():
    r = numpy.random.uniform(-1, 1, (3, 8))
    i = numpy.random.uniform(-1, 1, (3, 8))
    back_r, back_i = F.ifft(F.fft((r, i)))
    numpy.testing.assert_allclose(back_r.array, r, atol=1e-12)
    numpy.testing.assert_allclose(back_i.array, i, atol=1e-12)


def test_gradient_of_one_output_only():
    r = chainer.Variable(numpy.random.uniform(-1, 1, (4,)))
    i = chainer.Variable(numpy.random.uniform(-1, 1, (4,)))
    yr, yi = F.fft((r, i))
    F.sum(yr).backward()
    # sum_k Re(y_k) = n Re(z_0)... : d/d r_m sum_k cos(2 pi k m / n) = n [m == 0].
    numpy.testing.assert_allclose(r.grad, [4, 0, 0, 0], atol=1e-12)
    numpy.testing.assert_allclose(i.grad, [0, 0, 0, 0], atol=1e-12)


def test_fft_errors():
    with pytest.raises(TypeError, match=r'fft: x must be a tuple \(real, imag\)'):
        F.fft(numpy.ones(3))
    with pytest.raises(type_check.InvalidType) as info:
        F.fft((numpy.ones(3), numpy.ones(4)))
    assert 'imag.shape == real.shape' in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        F.ifft((numpy.ones(3), numpy.ones(3, numpy.float32)))
    assert 'real.dtype == imag.dtype' in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        F.fft((numpy.ones(()), numpy.ones(())))
    assert 'real.ndim > 0' in str(info.value)
