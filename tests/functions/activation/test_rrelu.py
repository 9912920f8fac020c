import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


@testing.parameterize(*testing.product({
    'shape': [(3, 4), ()],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
    'train': [True, False],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestRReLU(testing.FunctionTestCase):
    l = 0.1
    u = 0.4

    def setUp(self):
        # A fixed r makes the function deterministic in training mode too.
        self.r = numpy.random.uniform(self.l, self.u, self.shape).astype(self.dtype)
        if self.dtype == numpy.float16:
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-3, 'rtol': 5e-2}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.shape)
        x[numpy.abs(x) < 0.05] = 0.1
        return x.astype(self.dtype),

    def forward(self, inputs, device):
        with chainer.using_config('train', self.train):
            if self.train:
                r = device.send(self.r.astype(inputs[0].dtype))
                return F.rrelu(inputs[0], self.l, self.u, r=r),
            return F.rrelu(inputs[0], self.l, self.u),

    def forward_expected(self, inputs):
        x, = inputs
        r = self.r if self.train else numpy.full(x.shape, (self.l + self.u) / 2)
        y = numpy.empty_like(x)
        for idx in numpy.ndindex(*x.shape):
            y[idx] = x[idx] if x[idx] >= 0 else r[idx] * x[idx]
        return y,


def test_rrelu_random_slopes_in_training():
    x = -numpy.ones((200,), numpy.float32)
    with chainer.using_config('train', True):
        y, r = F.rrelu(x, l=0.2, u=0.3, return_r=True)
    assert r.shape == x.shape and r.dtype == x.dtype
    assert (r >= 0.2).all() and (r < 0.3).all()
    assert len(numpy.unique(r)) > 100
    numpy.testing.assert_array_equal(y.array, -r)
    # Passing r back reproduces the output.
    y2 = F.rrelu(x, r=r)
    numpy.testing.assert_array_equal(y2.array, y.array)


def test_rrelu_test_mode_uses_mean_slope():
    with chainer.using_config('train', False):
        y, r = F.rrelu(numpy.array([-2.0], numpy.float32), return_r=True)
    numpy.testing.assert_allclose(y.array, [-2 * (1 / 8 + 1 / 3) / 2], rtol=1e-6)


def test_rrelu_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(ValueError, match='l'):
        F.rrelu(x, l=-0.1)
    with pytest.raises(ValueError, match='u'):
        F.rrelu(x, u=1.5)
    with pytest.raises(ValueError, match='less than'):
        F.rrelu(x, l=0.3, u=0.2)
    with pytest.raises(type_check.InvalidType, match='r.shape'):
        F.rrelu(x, r=numpy.zeros((3, 2), numpy.float32))
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.rrelu(x, r=numpy.zeros((2, 3), numpy.float64))
    with pytest.raises(TypeError, match='unexpected'):
        F.rrelu(x, foo=1)
