"""Special functions computed with SciPy: erf, erfc, erfinv, erfcinv, erfcx, ndtr,
ndtri, log_ndtr, lgamma, digamma, polygamma, zeta."""
import math
import sys

import numpy
import pytest
import scipy.special

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _ndtr(v):
    return 0.5 * math.erfc(-v / math.sqrt(2))


def _erfcx(v):
    return math.exp(v * v) * math.erfc(v)


def _log_ndtr(v):
    return math.log(_ndtr(v))


def _elementwise(scalar_function, x):
    flat = [scalar_function(float(v)) for v in x.ravel()]
    return numpy.array(flat, dtype=numpy.float64).reshape(x.shape)


# References: Python's math module where it has the function (independent of
# SciPy), SciPy's float64 routines for the inverses and the digamma function.
_CASES = [
    {'name': 'erf', 'low': -2, 'high': 2, 'ref': math.erf},
    {'name': 'erfc', 'low': -2, 'high': 2, 'ref': math.erfc},
    {'name': 'erfcx', 'low': -1, 'high': 2, 'ref': staticmethod(_erfcx)},
    {'name': 'erfinv', 'low': -0.8, 'high': 0.8, 'ref': scipy.special.erfinv},
    {'name': 'erfcinv', 'low': 0.2, 'high': 1.8, 'ref': scipy.special.erfcinv},
    {'name': 'ndtr', 'low': -3, 'high': 3, 'ref': staticmethod(_ndtr)},
    {'name': 'ndtri', 'low': 0.1, 'high': 0.9, 'ref': scipy.special.ndtri},
    {'name': 'log_ndtr', 'low': -5, 'high': 3, 'ref': staticmethod(_log_ndtr)},
    {'name': 'lgamma', 'low': 0.5, 'high': 4, 'ref': math.lgamma},
    {'name': 'digamma', 'low': 0.5, 'high': 3, 'ref': scipy.special.psi},
]


@testing.parameterize(*testing.product_dict(_CASES, testing.product({
    'shape': [(3, 4), (), (0, 2)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSpecialUnary(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 2e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 2e-2, 'rtol': 5e-2}
        elif self.dtype == numpy.float32:
            self.check_forward_options = {'atol': 1e-5, 'rtol': 1e-5}

    def generate_inputs(self):
        return numpy.random.uniform(self.low, self.high, self.shape).astype(
            self.dtype),

    def forward(self, inputs, device):
        return getattr(F, self.name)(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        return _elementwise(self.ref, x.astype(numpy.float64)).astype(self.dtype),


@testing.parameterize(*testing.product({
    'n_shape': [(), (3, 4), (4,)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestPolygamma(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-2, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        n = numpy.random.randint(0, 3, self.n_shape).astype(numpy.int32)
        x = numpy.random.uniform(0.7, 3, (3, 4)).astype(self.dtype)
        return n, x

    def forward(self, inputs, device):
        n, x = inputs
        return F.polygamma(n, x),

    def forward_expected(self, inputs):
        n, x = inputs
        n = numpy.broadcast_to(n, x.shape)
        out = numpy.empty(x.shape)
        for index in numpy.ndindex(x.shape):
            # psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x) for n >= 1.
            k, v = int(n[index]), float(x[index])
            if k == 0:
                out[index] = scipy.special.psi(v)
            else:
                out[index] = (-1) ** (k + 1) * math.factorial(k) * _hurwitz(k + 1, v)
        return out.astype(self.dtype),


def _hurwitz(s, q, terms=2000):
    # Direct sum plus the Euler-Maclaurin tail, independent of SciPy.
    k = numpy.arange(terms, dtype=numpy.float64)
    head = numpy.sum((q + k) ** -s)
    a = q + terms
    tail = a ** (1 - s) / (s - 1) + 0.5 * a ** -s + s * a ** (-s - 1) / 12
    return head + tail


@testing.parameterize(*testing.product({
    'x': [2.5, 4.0, 'array'],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestZeta(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-2, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        if self.x == 'array':
            self.x_value = numpy.array([2.0, 3.0, 4.5], dtype=self.dtype)
        else:
            self.x_value = self.x

    def generate_inputs(self):
        return numpy.random.uniform(0.7, 3, (2, 3)).astype(self.dtype),

    def forward(self, inputs, device):
        x = self.x_value
        if isinstance(x, numpy.ndarray):
            x = device.send(x)
        return F.zeta(x, inputs[0]),

    def forward_expected(self, inputs):
        q, = inputs
        x = numpy.broadcast_to(numpy.asarray(self.x_value, numpy.float64), q.shape)
        out = numpy.empty(q.shape)
        for index in numpy.ndindex(q.shape):
            out[index] = _hurwitz(float(x[index]), float(q[index]))
        return out.astype(self.dtype),


def test_inverse_functions_invert():
    x = numpy.linspace(-0.9, 0.9, 7)
    numpy.testing.assert_allclose(F.erf(F.erfinv(x)).array, x, rtol=1e-12)
    numpy.testing.assert_allclose(F.erfc(F.erfcinv(x + 1)).array, x + 1, rtol=1e-12)
    p = numpy.linspace(0.05, 0.95, 7)
    numpy.testing.assert_allclose(F.ndtr(F.ndtri(p)).array, p, rtol=1e-12)


def test_log_ndtr_and_its_gradient_are_finite_far_in_the_tail():
    x = chainer.Variable(numpy.array([-40.0, -10.0], numpy.float64))
    y = F.log_ndtr(x)
    y.grad = numpy.ones(2)
    y.backward()
    assert numpy.isfinite(y.array).all()
    # ln Phi(x) ~ -x^2/2 - ln(-x) - ln(sqrt(2 pi)), and its derivative ~ -x.
    numpy.testing.assert_allclose(
        y.array[0], -800 - math.log(40) - 0.5 * math.log(2 * math.pi), rtol=1e-3)
    numpy.testing.assert_allclose(x.grad, [40.0, 10.0], rtol=2e-2)


def test_erfcx_does_not_underflow():
    y = F.erfcx(numpy.array([30.0], numpy.float32)).array
    # erfcx(x) ~ 1 / (x sqrt(pi)) for large x.
    numpy.testing.assert_allclose(y, [1 / (30 * math.sqrt(math.pi))], rtol=1e-3)


def test_lgamma_is_log_of_absolute_gamma_at_negative_input():
    y = F.lgamma(numpy.array([-0.5], numpy.float64)).array
    numpy.testing.assert_allclose(y, [math.log(abs(math.gamma(-0.5)))])


def test_polygamma_accepts_a_python_int_and_gives_n_no_gradient():
    x = chainer.Variable(numpy.array([1.5, 2.5]))
    y = F.polygamma(1, x)
    numpy.testing.assert_allclose(y.array, [_hurwitz(2, 1.5), _hurwitz(2, 2.5)],
                                  rtol=1e-9)
    n = chainer.Variable(numpy.array([1, 2], numpy.int32))
    y = F.polygamma(n, x)
    F.sum(y).backward()
    assert n.grad is None


def test_polygamma_rejects_float_orders():
    with pytest.raises(type_check.InvalidType) as info:
        F.polygamma(numpy.array([1.0]), numpy.array([1.0]))
    assert 'n.dtype.kind == i' in str(info.value)


def test_zeta_rejects_a_non_numeric_x():
    with pytest.raises(TypeError, match='zeta: x must be a float'):
        F.zeta('2', numpy.array([1.0]))


@pytest.mark.parametrize('call', [
    lambda x: F.erf(x), lambda x: F.erfc(x), lambda x: F.erfinv(x),
    lambda x: F.erfcinv(x), lambda x: F.erfcx(x), lambda x: F.ndtr(x),
    lambda x: F.ndtri(x), lambda x: F.log_ndtr(x), lambda x: F.lgamma(x),
    lambda x: F.digamma(x), lambda x: F.polygamma(1, x), lambda x: F.zeta(2.0, x),
])
def test_missing_scipy_raises_import_error_naming_the_extra(call, monkeypatch):
    monkeypatch.setitem(sys.modules, 'scipy', None)
    monkeypatch.setitem(sys.modules, 'scipy.special', None)
    with pytest.raises(ImportError) as info:
        call(numpy.array([0.5], numpy.float32))
    assert 'special' in str(info.value)
    assert 'chainer[special]' in str(info.value)


@pytest.mark.parametrize('name', ['erf', 'erfc', 'erfinv', 'erfcinv', 'erfcx', 'ndtr',
                                  'ndtri', 'log_ndtr', 'lgamma', 'digamma'])
def test_integer_input_is_rejected(name):
    with pytest.raises(type_check.InvalidType) as info:
        getattr(F, name)(numpy.arange(3, dtype=numpy.int32))
    assert 'x.dtype.kind == f' in str(info.value)
