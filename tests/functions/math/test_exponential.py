"""exp, log, log2, log10 (exponential), expm1 (exponential_m1), log1p (logarithm_1p)."""
import math

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _elementwise(scalar_function):
    # An independent reference: the function of Python's math module, element by
    # element, in double precision.
    def reference(x):
        flat = [scalar_function(float(v)) for v in x.ravel()]
        return numpy.array(flat, dtype=numpy.float64).reshape(x.shape).astype(x.dtype)
    return reference


_CASES = [
    {'name': 'exp', 'low': -3, 'high': 3, 'ref': math.exp},
    {'name': 'log', 'low': 0.5, 'high': 4, 'ref': math.log},
    {'name': 'log2', 'low': 0.5, 'high': 4, 'ref': math.log2},
    {'name': 'log10', 'low': 0.5, 'high': 4, 'ref': math.log10},
    {'name': 'expm1', 'low': -2, 'high': 2, 'ref': math.expm1},
    {'name': 'log1p', 'low': -0.5, 'high': 3, 'ref': math.log1p},
]


@testing.parameterize(*testing.product_dict(_CASES, testing.product({
    'shape': [(3, 4), (), (0, 2)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestExponentialFamily(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 2e-3, 'rtol': 2e-3}
            self.check_backward_options = {'atol': 1e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 1e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        return numpy.random.uniform(self.low, self.high, self.shape).astype(
            self.dtype),

    def forward(self, inputs, device):
        return getattr(F, self.name)(inputs[0]),

    def forward_expected(self, inputs):
        return _elementwise(self.ref)(inputs[0]),


@pytest.mark.parametrize('name', ['exp', 'log', 'log2', 'log10', 'expm1', 'log1p'])
def test_integer_input_is_rejected(name):
    with pytest.raises(type_check.InvalidType) as info:
        getattr(F, name)(numpy.arange(3, dtype=numpy.int32))
    assert 'x.dtype.kind == f' in str(info.value)


def test_expm1_and_log1p_are_accurate_near_zero():
    x = numpy.array([1e-10, -1e-12], numpy.float64)
    numpy.testing.assert_allclose(F.expm1(x).array, [1e-10 + 5e-21, -1e-12 + 5e-25],
                                  rtol=1e-12)
    numpy.testing.assert_allclose(F.log1p(x).array, [1e-10 - 5e-21, -1e-12 - 5e-25],
                                  rtol=1e-12)


def test_log_of_zero_and_negative():
    with numpy.errstate(divide='ignore', invalid='ignore'):
        y = F.log(numpy.array([0.0, -1.0], numpy.float32)).array
    assert y[0] == -numpy.inf and numpy.isnan(y[1])


def test_exp_third_derivative_is_exp():
    x = chainer.Variable(numpy.array([0.5, -1.0]))
    g = F.exp(x)
    for _ in range(3):
        g, = chainer.grad([g], [x], grad_outputs=[numpy.ones(2)],
                          enable_double_backprop=True)
    numpy.testing.assert_allclose(g.array, numpy.exp([0.5, -1.0]))


def test_exp_keeps_memory_low():
    # exp retains its output only: the input array is not kept by the graph.
    import weakref
    x_array = numpy.ones(3, numpy.float32)
    ref = weakref.ref(x_array)
    x = chainer.Variable(x_array)
    y = F.exp(x)
    del x, x_array
    assert ref() is None
    assert y.creator is not None
