"""maximum and minimum: elementwise selection between two inputs."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


@testing.parameterize(*testing.product({
    'name': ['maximum', 'minimum'],
    'shapes': [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1), (1, 3)), ((), ())],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestMaximumMinimum(testing.FunctionTestCase):

    dodge_nondifferentiable = True

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_backward_options = {'atol': 1e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 1e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype)
                     for s in self.shapes)

    def forward(self, inputs, device):
        return getattr(F, self.name)(*inputs),

    def forward_expected(self, inputs):
        x1, x2 = numpy.broadcast_arrays(*inputs)
        pick_first = x1 >= x2 if self.name == 'maximum' else x1 <= x2
        return numpy.where(pick_first, x1, x2).astype(self.dtype),


@pytest.mark.parametrize('name', ['maximum', 'minimum'])
def test_ties_send_the_gradient_to_x1(name):
    x1 = chainer.Variable(numpy.array([1.0, 2.0, 3.0]))
    x2 = chainer.Variable(numpy.array([1.0, 0.0, 5.0]))
    y = getattr(F, name)(x1, x2)
    y.grad = numpy.array([10.0, 20.0, 30.0])
    y.backward()
    if name == 'maximum':
        numpy.testing.assert_array_equal(x1.grad, [10, 20, 0])
        numpy.testing.assert_array_equal(x2.grad, [0, 0, 30])
    else:
        numpy.testing.assert_array_equal(x1.grad, [10, 0, 30])
        numpy.testing.assert_array_equal(x2.grad, [0, 20, 0])


def test_broadcast_operand_gets_summed_gradient():
    x1 = chainer.Variable(numpy.array([[1.0, 5.0], [3.0, 0.0]]))
    x2 = chainer.Variable(numpy.array([2.0, 2.0]))
    F.sum(F.maximum(x1, x2)).backward()
    numpy.testing.assert_array_equal(x1.grad, [[0, 1], [1, 0]])
    numpy.testing.assert_array_equal(x2.grad, [1, 1])


@pytest.mark.parametrize('name', ['maximum', 'minimum'])
def test_bad_inputs(name):
    f = getattr(F, name)
    with pytest.raises(type_check.InvalidType) as info:
        f(numpy.ones(2, numpy.float32), numpy.ones(2, numpy.float64))
    assert 'x2.dtype == x1.dtype' in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        f(numpy.ones(2, numpy.int32), numpy.ones(2, numpy.int32))
    assert 'x1.dtype.kind == f' in str(info.value)
    with pytest.raises(type_check.InvalidType, match='broadcast'):
        f(numpy.ones(2, numpy.float32), numpy.ones(3, numpy.float32))
