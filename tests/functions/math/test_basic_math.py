"""absolute and add (basic_math), identity, linear_interpolate, fmod, clip."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]
_BACKENDS = [{}, {'use_cuda': True}]


def _tolerances(test):
    if test.dtype == numpy.float16:
        test.check_forward_options = {'atol': 1e-3, 'rtol': 1e-3}
        test.check_backward_options = {'atol': 1e-2, 'rtol': 5e-2}
        test.check_double_backward_options = {'atol': 1e-2, 'rtol': 5e-2}


@testing.parameterize(*testing.product({
    'shape': [(3, 4), (), (0, 2)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestAbsolute(testing.FunctionTestCase):

    dodge_nondifferentiable = True

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return numpy.random.uniform(-2, 2, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return F.absolute(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.where(x < 0, -x, x).astype(self.dtype),


@testing.parameterize(*testing.product({
    'shapes': [((3, 4), (3, 4)), ((3, 4), (4,), (1, 4)), ((2, 3),), ((), (), ())],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestAdd(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype)
                     for s in self.shapes)

    def forward(self, inputs, device):
        return F.add(*inputs),

    def forward_expected(self, inputs):
        total = numpy.zeros(numpy.broadcast_shapes(*self.shapes))
        for x in inputs:
            total = total + x.astype(numpy.float64)
        return total.astype(self.dtype),


def test_add_with_no_input_is_an_error():
    with pytest.raises(TypeError, match='at least one input'):
        F.add()


def test_add_rejects_mixed_dtypes():
    with pytest.raises(type_check.InvalidType) as info:
        F.add(numpy.ones(2, numpy.float32), numpy.ones(2, numpy.float64))
    assert 'rhs.dtype' in str(info.value) or 'lhs.dtype' in str(info.value)


def test_absolute_gradient_at_zero_is_zero():
    x = chainer.Variable(numpy.array([-2.0, 0.0, 3.0]))
    F.sum(F.absolute(x)).backward()
    numpy.testing.assert_array_equal(x.grad, [-1.0, 0.0, 1.0])
    assert abs(x).creator is not None  # the operator uses the same function


@testing.parameterize(*testing.product({
    'n_inputs': [1, 3],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestIdentity(testing.FunctionTestCase):

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, (2, 3)).astype(self.dtype)
                     for _ in range(self.n_inputs))

    def forward(self, inputs, device):
        y = F.identity(*inputs)
        return y if isinstance(y, tuple) else (y,)

    def forward_expected(self, inputs):
        return tuple(x.copy() for x in inputs)


def test_identity_returns_a_single_variable_for_one_input():
    x = chainer.Variable(numpy.ones(2, numpy.float32))
    y = F.identity(x)
    assert isinstance(y, chainer.Variable) and y is not x
    ys = F.identity(x, x)
    assert isinstance(ys, tuple) and len(ys) == 2


@testing.parameterize(*testing.product({
    'shape': [(3, 4), ()],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestLinearInterpolate(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        p = numpy.random.uniform(0, 1, self.shape).astype(self.dtype)
        x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        y = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
        return p, x, y

    def forward(self, inputs, device):
        return F.linear_interpolate(*inputs),

    def forward_expected(self, inputs):
        p, x, y = (a.astype(numpy.float64) for a in inputs)
        return (p * x + (1 - p) * y).astype(self.dtype),


def test_linear_interpolate_requires_equal_shapes():
    with pytest.raises(type_check.InvalidType) as info:
        F.linear_interpolate(numpy.ones(2), numpy.ones(2), numpy.ones(3))
    assert 'y.shape == p.shape' in str(info.value)


@testing.parameterize(*testing.product({
    'shapes': [((3, 4), (3, 4)), ((3, 4), (4,)), ((), ())],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestFmod(testing.FunctionTestCase):

    dodge_nondifferentiable = True

    def setUp(self):
        _tolerances(self)
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}

    def generate_inputs(self):
        x = numpy.random.uniform(-5, 5, self.shapes[0]).astype(self.dtype)
        d = numpy.random.uniform(0.5, 2, self.shapes[1]) * numpy.random.choice(
            [-1, 1], self.shapes[1])
        return x, d.astype(self.dtype)

    def forward(self, inputs, device):
        return F.fmod(*inputs),

    def forward_expected(self, inputs):
        x, d = numpy.broadcast_arrays(*inputs)
        out = numpy.empty(x.shape)
        for index in numpy.ndindex(x.shape):
            a, b = float(x[index]), float(d[index])
            out[index] = a - b * int(a / b)  # int() truncates towards zero
        return out.astype(self.dtype),


def test_fmod_has_the_sign_of_the_dividend():
    y = F.fmod(numpy.array([-7.0, 7.0]), numpy.array([3.0, -3.0])).array
    numpy.testing.assert_array_equal(y, [-1.0, 1.0])


@testing.parameterize(*testing.product({
    'bounds': [(-0.5, 0.5), (None, 0.3), (-0.3, None)],
    'shape': [(3, 4), (), (0, 3)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestClip(testing.FunctionTestCase):

    dodge_nondifferentiable = True

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return F.clip(inputs[0], *self.bounds),

    def forward_expected(self, inputs):
        x, = inputs
        lo, hi = self.bounds
        out = x.astype(numpy.float64)
        if lo is not None:
            out = numpy.where(out < lo, lo, out)
        if hi is not None:
            out = numpy.where(out > hi, hi, out)
        return out.astype(self.dtype),


def test_clip_gradient_is_one_at_the_ends_of_the_interval():
    x = chainer.Variable(numpy.array([-1.0, -0.5, 0.0, 0.5, 1.0]))
    F.sum(F.clip(x, -0.5, 0.5)).backward()
    numpy.testing.assert_array_equal(x.grad, [0, 1, 1, 1, 0])


@pytest.mark.parametrize('x_min,x_max,error,message', [
    (None, None, ValueError, 'at least one of x_min and x_max'),
    (1.0, 0.0, ValueError, 'x_min must be less than x_max, got x_min=1.0'),
    (0.5, 0.5, ValueError, 'x_min must be less than x_max'),
    ('a', 1.0, TypeError, 'x_min must be a real number'),
    (0.0, [1.0], TypeError, 'x_max must be a real number'),
])
def test_clip_rejects_bad_bounds(x_min, x_max, error, message):
    with pytest.raises(error, match=message):
        F.clip(numpy.zeros(2, numpy.float32), x_min, x_max)


def test_clip_rejects_integer_input():
    with pytest.raises(type_check.InvalidType) as info:
        F.clip(numpy.zeros(2, numpy.int32), 0.0, 1.0)
    assert 'x.dtype.kind == f' in str(info.value)
