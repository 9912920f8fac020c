import numpy
import pytest

import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


@testing.parameterize(*testing.product({
    'shape_axis': [((3, 4), 1), ((3, 4), 0), ((2, 3, 2), -1), ((4,), 0)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestCReLU(testing.FunctionTestCase):

    def setUp(self):
        self.shape, self.axis = self.shape_axis
        if self.dtype == numpy.float16:
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-3, 'rtol': 5e-2}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.shape)
        x[numpy.abs(x) < 0.05] = 0.1
        return x.astype(self.dtype),

    def forward(self, inputs, device):
        return F.crelu(inputs[0], self.axis),

    def forward_expected(self, inputs):
        x, = inputs
        axis = self.axis % x.ndim
        n = x.shape[axis]
        out_shape = list(x.shape)
        out_shape[axis] = 2 * n
        y = numpy.empty(out_shape, x.dtype)
        for idx in numpy.ndindex(*x.shape):
            v = x[idx]
            neg = list(idx)
            neg[axis] += n
            y[idx] = v if v > 0 else 0
            y[tuple(neg)] = -v if v < 0 else 0
        return y,


def test_crelu_default_axis():
    x = numpy.array([[-1, 2]], numpy.float32)
    numpy.testing.assert_array_equal(F.crelu(x).array, [[0, 2, 1, 0]])


def test_crelu_errors():
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.crelu(numpy.zeros((2, 3), numpy.float32), axis=2)
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.crelu(numpy.zeros((2, 3), numpy.int32))
