import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _extended(w, x_ndim):
    return w.reshape((1,) + w.shape + (1,) * (x_ndim - w.ndim - 1))


class _Base(testing.FunctionTestCase):
    __test__ = False

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 2e-3, 'rtol': 2e-3}
            self.check_backward_options = {'atol': 1e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 1e-2, 'rtol': 5e-2}


_PARAMS = testing.product({
    'shapes': [((4, 3), (3,)), ((4, 3), ()), ((2, 3, 4), (3,)), ((2, 3, 4), (3, 4))],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestPReLU(_Base):

    def generate_inputs(self):
        x_shape, w_shape = self.shapes
        x = numpy.random.uniform(-1, 1, x_shape)
        x[numpy.abs(x) < 0.05] = 0.1
        W = numpy.random.uniform(-1, 1, w_shape)
        return x.astype(self.dtype), W.astype(self.dtype)

    def forward(self, inputs, device):
        return F.prelu(*inputs),

    def forward_expected(self, inputs):
        x, W = inputs
        Wb = numpy.broadcast_to(_extended(W, x.ndim), x.shape)
        y = numpy.empty_like(x)
        for idx in numpy.ndindex(*x.shape):
            y[idx] = x[idx] if x[idx] >= 0 else Wb[idx] * x[idx]
        return y,


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSwish(_Base):

    def generate_inputs(self):
        x_shape, b_shape = self.shapes
        x = numpy.random.uniform(-1, 1, x_shape)
        beta = numpy.random.uniform(-1, 1, b_shape)
        return x.astype(self.dtype), beta.astype(self.dtype)

    def forward(self, inputs, device):
        return F.swish(*inputs),

    def forward_expected(self, inputs):
        x, beta = inputs
        b = _extended(beta, x.ndim).astype(numpy.float64)
        x64 = x.astype(numpy.float64)
        return (x64 / (1 + numpy.exp(-b * x64))).astype(x.dtype),


def test_swish_beta_zero_halves():
    x = numpy.array([[-2, 4]], numpy.float32)
    numpy.testing.assert_array_equal(
        F.swish(x, numpy.zeros(2, numpy.float32)).array, [[-1, 2]])


@pytest.mark.parametrize('func', [F.prelu, F.swish])
def test_param_shape_errors(func):
    x = numpy.zeros((2, 3, 4), numpy.float32)
    with pytest.raises(type_check.InvalidType, match='shape'):
        func(x, numpy.zeros((4,), numpy.float32))
    with pytest.raises(type_check.InvalidType, match='ndim'):
        func(x, numpy.zeros((3, 4, 1), numpy.float32))
    with pytest.raises(type_check.InvalidType, match='dtype'):
        func(x, numpy.zeros((3,), numpy.float64))


def test_prelu_parameter_gradient():
    x = numpy.array([[-1, 2], [-3, -4]], numpy.float32)
    W = chainer.Variable(numpy.array([0.5, 0.1], numpy.float32))
    F.sum(F.prelu(x, W)).backward()
    numpy.testing.assert_allclose(W.grad, [-4, -4])
