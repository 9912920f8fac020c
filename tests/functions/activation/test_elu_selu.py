import numpy
import pytest

import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


class _Base(testing.FunctionTestCase):
    __test__ = False

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 2e-3, 'rtol': 2e-3}
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 1e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        x = numpy.random.uniform(-2, 2, self.shape)
        x[numpy.abs(x) < 0.05] = 0.1      # away from the kink at 0
        return x.astype(self.dtype),


def _elu_reference(x, alpha):
    out = [float(v) if v > 0 else alpha * (numpy.exp(float(v)) - 1) for v in x.ravel()]
    return numpy.array(out).reshape(x.shape)


@testing.parameterize(*testing.product({
    'shape': [(3, 4), ()],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
    'alpha': [1.0, 0.5, -0.3],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestELU(_Base):

    def forward(self, inputs, device):
        return F.elu(inputs[0], alpha=self.alpha),

    def forward_expected(self, inputs):
        x, = inputs
        return _elu_reference(x, self.alpha).astype(x.dtype),


@testing.parameterize(*testing.product({
    'shape': [(3, 4), ()],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
    'params': [{}, {'alpha': 1.5, 'scale': 2.0}],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSELU(_Base):

    def forward(self, inputs, device):
        return F.selu(inputs[0], **self.params),

    def forward_expected(self, inputs):
        x, = inputs
        alpha = self.params.get('alpha', 1.6732632423543772)
        scale = self.params.get('scale', 1.0507009873554805)
        return (scale * _elu_reference(x, alpha)).astype(x.dtype),


def test_elu_large_inputs_do_not_overflow():
    with numpy.errstate(over='raise'):
        y = F.elu(numpy.array([100, -100], numpy.float16))
    assert y.array[0] == 100
    numpy.testing.assert_allclose(y.array[1], -1, atol=1e-3)


def test_elu_errors():
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.elu(numpy.zeros(3, numpy.int32))
    with pytest.raises(TypeError, match='alpha'):
        F.elu(numpy.zeros(3, numpy.float32), alpha='1')
    with pytest.raises(TypeError, match='scale'):
        F.selu(numpy.zeros(3, numpy.float32), scale=None)
