import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


class _SmoothTest(testing.FunctionTestCase):
    __test__ = False

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 1e-3, 'rtol': 1e-3}
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-3, 'rtol': 5e-2}

    def generate_inputs(self):
        return numpy.random.uniform(-3, 3, self.shape).astype(self.dtype),


_PARAMS = testing.product({
    'shape': [(3, 4), (), (0, 2)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSigmoid(_SmoothTest):

    def forward(self, inputs, device):
        return F.sigmoid(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        return (1 / (1 + numpy.exp(-x.astype(numpy.float64)))).astype(x.dtype),


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestTanh(_SmoothTest):

    def forward(self, inputs, device):
        return F.tanh(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        e2 = numpy.exp(2 * x.astype(numpy.float64))
        return ((e2 - 1) / (e2 + 1)).astype(x.dtype),


@pytest.mark.parametrize('dtype', DTYPES)
def test_sigmoid_saturates_without_overflow(dtype):
    x = numpy.array([-1000, 1000], dtype) if dtype != numpy.float16 else \
        numpy.array([-60000, 60000], dtype)
    with numpy.errstate(all='raise'):
        y = F.sigmoid(x).array
    numpy.testing.assert_array_equal(y, [0, 1])


@pytest.mark.parametrize('func', [F.sigmoid, F.tanh])
def test_int_input_is_rejected(func):
    with pytest.raises(type_check.InvalidType, match='dtype'):
        func(numpy.zeros(3, numpy.int32))


def test_third_order_derivative_of_tanh():
    # d^3/dx^3 tanh(x) = -2 (1 - t^2)(1 - 3 t^2) with t = tanh(x).
    x = chainer.Variable(numpy.array([0.3, -1.2], numpy.float64))
    y = F.tanh(x)
    g1, = chainer.grad([y], [x], grad_outputs=[numpy.ones(2)],
                       enable_double_backprop=True)
    g2, = chainer.grad([g1], [x], grad_outputs=[numpy.ones(2)],
                       enable_double_backprop=True)
    g3, = chainer.grad([g2], [x], grad_outputs=[numpy.ones(2)])
    t = numpy.tanh(x.array)
    numpy.testing.assert_allclose(g3.array, -2 * (1 - t ** 2) * (1 - 3 * t ** 2))
