"""sin, cos, tan, arcsin, arccos, arctan, arctan2 (trigonometric); sinh, cosh
(hyperbolic); arctanh."""
import math

import numpy
import pytest

import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _elementwise(scalar_function):
    def reference(x):
        flat = [scalar_function(float(v)) for v in x.ravel()]
        return numpy.array(flat, dtype=numpy.float64).reshape(x.shape).astype(x.dtype)
    return reference


_CASES = [
    {'name': 'sin', 'low': -3, 'high': 3, 'ref': math.sin},
    {'name': 'cos', 'low': -3, 'high': 3, 'ref': math.cos},
    {'name': 'tan', 'low': -1.2, 'high': 1.2, 'ref': math.tan},
    {'name': 'arcsin', 'low': -0.8, 'high': 0.8, 'ref': math.asin},
    {'name': 'arccos', 'low': -0.8, 'high': 0.8, 'ref': math.acos},
    {'name': 'arctan', 'low': -3, 'high': 3, 'ref': math.atan},
    {'name': 'sinh', 'low': -2, 'high': 2, 'ref': math.sinh},
    {'name': 'cosh', 'low': -2, 'high': 2, 'ref': math.cosh},
    {'name': 'arctanh', 'low': -0.8, 'high': 0.8, 'ref': math.atanh},
]


@testing.parameterize(*testing.product_dict(_CASES, testing.product({
    'shape': [(3, 4), (), (0, 2)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestTrigonometric(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 2e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 2e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        return numpy.random.uniform(self.low, self.high, self.shape).astype(
            self.dtype),

    def forward(self, inputs, device):
        return getattr(F, self.name)(inputs[0]),

    def forward_expected(self, inputs):
        return _elementwise(self.ref)(inputs[0]),


@testing.parameterize(*testing.product({
    'shapes': [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1), (1, 3)), ((), ())],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestArctan2(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 2e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 2e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        # Points away from the origin and from the negative x axis (the branch cut).
        s1, s2 = self.shapes
        x1 = numpy.random.uniform(-2, 2, s1)
        x2 = numpy.random.uniform(0.5, 2, s2) * numpy.random.choice([-1, 1], s2)
        x1 = numpy.where(abs(x1) < 0.3, 0.3, x1)
        return x1.astype(self.dtype), x2.astype(self.dtype)

    def forward(self, inputs, device):
        return F.arctan2(*inputs),

    def forward_expected(self, inputs):
        x1, x2 = numpy.broadcast_arrays(*inputs)
        out = numpy.empty(x1.shape)
        for index in numpy.ndindex(x1.shape):
            out[index] = math.atan2(float(x1[index]), float(x2[index]))
        return out.astype(self.dtype),


def test_arctan2_quadrants():
    y = F.arctan2(numpy.array([1.0, 1.0, -1.0, -1.0]),
                  numpy.array([1.0, -1.0, -1.0, 1.0])).array
    numpy.testing.assert_allclose(
        y, [numpy.pi / 4, 3 * numpy.pi / 4, -3 * numpy.pi / 4, -numpy.pi / 4])


def test_arctan2_rejects_mixed_dtypes():
    with pytest.raises(type_check.InvalidType) as info:
        F.arctan2(numpy.ones(2, numpy.float32), numpy.ones(2, numpy.float64))
    assert 'x2.dtype == x1.dtype' in str(info.value)


def test_arctan2_rejects_shapes_that_do_not_broadcast():
    with pytest.raises(type_check.InvalidType) as info:
        F.arctan2(numpy.ones(2, numpy.float32), numpy.ones(3, numpy.float32))
    assert 'broadcast' in str(info.value)


@pytest.mark.parametrize('name', ['sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan',
                                  'sinh', 'cosh', 'arctanh'])
def test_integer_input_is_rejected(name):
    with pytest.raises(type_check.InvalidType) as info:
        getattr(F, name)(numpy.arange(3, dtype=numpy.int32))
    assert 'Invalid operation is performed in: {}'.format(name) in str(info.value)
    assert 'x.dtype.kind == f' in str(info.value)


def test_arcsin_outside_the_domain_is_nan():
    with numpy.errstate(invalid='ignore'):
        y = F.arcsin(numpy.array([2.0])).array
    assert numpy.isnan(y[0])
