"""mean_squared_error, mean_absolute_error, absolute_error, squared_error, squared_difference."""
import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _ref_mse(a, b):
    a, b = a.astype(numpy.float64), b.astype(numpy.float64)
    total = 0.0
    for i in numpy.ndindex(a.shape):
        total += (a[i] - b[i]) ** 2
    return total / a.size


def _ref_mae(a, b):
    a, b = a.astype(numpy.float64), b.astype(numpy.float64)
    total = 0.0
    for i in numpy.ndindex(a.shape):
        total += abs(a[i] - b[i])
    return total / a.size


_FUNCS = {
    'mean_squared_error': (F.mean_squared_error, _ref_mse),
    'mean_absolute_error': (F.mean_absolute_error, _ref_mae),
    'absolute_error': (F.absolute_error, lambda a, b: numpy.abs(
        a.astype(numpy.float64) - b)),
    'squared_error': (F.squared_error, lambda a, b: (
        a.astype(numpy.float64) - b) ** 2),
    'squared_difference': (F.squared_difference, lambda a, b: (
        a.astype(numpy.float64) - b) ** 2),
}


def _inputs(shape, dtype):
    rng = numpy.random.RandomState(0)
    a = rng.uniform(-1, 1, shape).astype(dtype)
    b = rng.uniform(-1, 1, shape).astype(dtype)
    # Keep |a - b| away from 0 so that |.| is differentiable at the check point.
    close = numpy.abs(a.astype(numpy.float64) - b) < 0.1
    b[close] = (a[close] + 0.3).astype(dtype)
    return a, b


@pytest.mark.parametrize('name', sorted(_FUNCS))
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(4, 3), (2, 3, 2), ()])
def test_forward(name, dtype, shape, helpers):
    func, ref = _FUNCS[name]
    a, b = _inputs(shape, dtype)
    y = func(a, b)
    expected = ref(a, b)
    assert y.dtype == dtype
    assert y.shape == numpy.shape(expected)
    testing.assert_allclose(y.array, expected, **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('name', sorted(_FUNCS))
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_backward(name, dtype, contiguous, helpers):
    func, _ = _FUNCS[name]
    a, b = _inputs((3, 4), dtype)
    helpers.check_gradients(func, (a, b), dtype, contiguous=contiguous)


@pytest.mark.parametrize('name', sorted(_FUNCS))
def test_type_errors(name):
    func, _ = _FUNCS[name]
    a = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType, match=r'shape == x1\.shape|'
                       r'shape == x2\.shape') as e:
        func(a, numpy.zeros((3, 2), numpy.float32))
    assert '(2, 3) != (3, 2)' in str(e.value)
    with pytest.raises(type_check.InvalidType, match='dtype'):
        func(a, numpy.zeros((2, 3), numpy.float64))
    with pytest.raises(type_check.InvalidType, match='dtype.kind'):
        func(a.astype(numpy.int32), a.astype(numpy.int32))


@testing.parameterize(*testing.product({
    'name': sorted(_FUNCS), 'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'contiguous': [None, 'C']}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestErrorFunctions(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = dict(atol=5e-3, rtol=5e-2)
            self.check_backward_options = dict(atol=5e-2, rtol=5e-1)
            self.check_double_backward_options = dict(atol=5e-2, rtol=5e-1)
        elif self.dtype == numpy.float32:
            self.check_backward_options = dict(atol=1e-3, rtol=1e-2)
            self.check_double_backward_options = dict(atol=1e-3, rtol=1e-2)

    def generate_inputs(self):
        return _inputs((3, 4), self.dtype)

    def forward(self, inputs, device):
        return _FUNCS[self.name][0](*inputs),

    def forward_expected(self, inputs):
        return numpy.asarray(_FUNCS[self.name][1](*inputs), dtype=self.dtype),
