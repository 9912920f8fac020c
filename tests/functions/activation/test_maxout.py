import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check
from chainer import testing

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


@testing.parameterize(*testing.product({
    'case': [((2, 6), 3, 1), ((2, 6), 2, -1), ((4, 3), 2, 0), ((2, 4, 3), 4, 1),
             ((2, 4, 3), 1, 2), ((0, 4), 2, 1)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestMaxout(testing.FunctionTestCase):

    def setUp(self):
        self.shape, self.pool_size, self.axis = self.case
        if self.dtype == numpy.float16:
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-3, 'rtol': 5e-2}

    def generate_inputs(self):
        # Distinct values spaced apart, so the maximum is unique and stable under
        # the numerical-differentiation step.
        size = int(numpy.prod(self.shape))
        x = numpy.random.permutation(size).astype(numpy.float64) * 0.1 - size * 0.05
        return x.reshape(self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return F.maxout(inputs[0], self.pool_size, self.axis),

    def forward_expected(self, inputs):
        x, = inputs
        axis = self.axis % x.ndim
        xm = numpy.moveaxis(x, axis, -1)
        m = xm.shape[-1] // self.pool_size
        y = numpy.empty(xm.shape[:-1] + (m,), x.dtype)
        for idx in numpy.ndindex(*xm.shape[:-1]):
            for j in range(m):
                y[idx + (j,)] = max(xm[idx][j * self.pool_size:(j + 1) * self.pool_size])
        return numpy.moveaxis(y, -1, axis),


def test_maxout_ties_route_gradient_to_first():
    x = chainer.Variable(numpy.array([[2, 2, 1, 1]], numpy.float32))
    F.sum(F.maxout(x, 2)).backward()
    numpy.testing.assert_array_equal(x.grad, [[1, 0, 1, 0]])


def test_maxout_errors():
    x = numpy.zeros((2, 6), numpy.float32)
    with pytest.raises(ValueError, match='pool_size'):
        F.maxout(x, 0)
    with pytest.raises(type_check.InvalidType, match=r'x.shape\[1\] % pool_size = '
                       r'6 % 4 != 0'):
        F.maxout(x, 4)
    with pytest.raises(TypeError, match='pool_size'):
        F.maxout(x, 2.0)
    with pytest.raises(ValueError, match='axis'):
        F.maxout(x, 2, axis=2)
    with pytest.raises(TypeError, match='dtype'):
        F.maxout(numpy.zeros((2, 6), numpy.int32), 2)
