import numpy
import pytest

import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


@testing.parameterize(*testing.product({
    'shape': [(3, 4), (), (0, 3)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
    'beta': [1.0, 2.0, -0.5],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSoftplus(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 2e-3, 'rtol': 2e-3}
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 1e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        return numpy.random.uniform(-2, 2, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return F.softplus(inputs[0], beta=self.beta),

    def forward_expected(self, inputs):
        x, = inputs
        x64 = x.astype(numpy.float64)
        return (numpy.log(1 + numpy.exp(self.beta * x64)) / self.beta).astype(x.dtype),


@pytest.mark.parametrize('dtype', DTYPES)
def test_softplus_extreme_inputs(dtype):
    x = numpy.array([-1000, 0, 1000], dtype) if dtype != numpy.float16 else \
        numpy.array([-10000, 0, 10000], dtype)
    with numpy.errstate(over='raise'):
        y = F.softplus(x).array
    assert y.dtype == dtype
    numpy.testing.assert_allclose(y, [0, numpy.log(2), float(x[2])], rtol=1e-3)


def test_softplus_errors():
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.softplus(numpy.zeros(3, numpy.int32))
    with pytest.raises(ValueError, match='beta'):
        F.softplus(numpy.zeros(3, numpy.float32), beta=0)
    with pytest.raises(TypeError, match='beta'):
        F.softplus(numpy.zeros(3, numpy.float32), beta='2')
