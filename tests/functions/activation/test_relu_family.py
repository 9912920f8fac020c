"""relu, clipped_relu, relu6, leaky_relu, hard_sigmoid: piecewise-linear units."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _inputs_away_from(shape, dtype, kinks, low=-3, high=3):
    # Values at least 0.05 away from every kink, so numerical gradients are exact.
    x = numpy.random.uniform(low, high, shape)
    for k in kinks:
        near = numpy.abs(x - k) < 0.05
        x[near] = k + 0.1
    return x.astype(dtype)


class _PiecewiseTest(testing.FunctionTestCase):
    __test__ = False
    kinks = (0,)

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 1e-3, 'rtol': 1e-3}
            self.check_backward_options = {'atol': 5e-3, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-3, 'rtol': 5e-2}

    def generate_inputs(self):
        return _inputs_away_from(self.shape, self.dtype, self.kinks),


_PARAMS = testing.product({
    'shape': [(3, 4), (), (0, 2)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestReLU(_PiecewiseTest):

    def forward(self, inputs, device):
        return F.relu(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.array([v if v > 0 else 0 for v in x.ravel()],
                           x.dtype).reshape(x.shape),


@testing.parameterize(*testing.product({
    'shape': [(3, 4), ()],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
    'z': [0.5, 2.0],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestClippedReLU(_PiecewiseTest):

    def setUp(self):
        super().setUp()
        self.kinks = (0, self.z)

    def forward(self, inputs, device):
        return F.clipped_relu(inputs[0], self.z),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.array([min(max(v, 0), self.z) for v in x.ravel()],
                           x.dtype).reshape(x.shape),


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestReLU6(_PiecewiseTest):
    kinks = (0, 6)

    def generate_inputs(self):
        return _inputs_away_from(self.shape, self.dtype, self.kinks, -8, 8),

    def forward(self, inputs, device):
        return F.relu6(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.array([min(max(v, 0), 6) for v in x.ravel()],
                           x.dtype).reshape(x.shape),


@testing.parameterize(*testing.product({
    'shape': [(3, 4), ()],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
    'slope': [0.2, -0.5],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestLeakyReLU(_PiecewiseTest):

    def forward(self, inputs, device):
        return F.leaky_relu(inputs[0], slope=self.slope),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.array([v if v >= 0 else self.slope * v for v in x.ravel()],
                           x.dtype).reshape(x.shape),


@testing.parameterize(*_PARAMS)
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestHardSigmoid(_PiecewiseTest):
    kinks = (-2.5, 2.5)

    def forward(self, inputs, device):
        return F.hard_sigmoid(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        return numpy.array([min(max(0.2 * float(v) + 0.5, 0), 1) for v in x.ravel()],
                           x.dtype).reshape(x.shape),


def test_defaults():
    x = numpy.array([-1, 30], numpy.float32)
    numpy.testing.assert_array_equal(F.clipped_relu(x).array, [0, 20])
    numpy.testing.assert_allclose(F.leaky_relu(x).array, [-0.2, 30])


def test_gradients_at_kinks():
    # Documented routing at the points where the derivative jumps.
    x = chainer.Variable(numpy.array([0, 0], numpy.float32))
    F.sum(F.relu(x)).backward()
    numpy.testing.assert_array_equal(x.grad, [0, 0])
    x = chainer.Variable(numpy.array([0], numpy.float32))
    F.sum(F.leaky_relu(x, 0.3)).backward()
    numpy.testing.assert_array_equal(x.grad, [1])


def test_relu_does_not_keep_its_input_alive():
    # relu's backward needs only its output, so the input array can be freed.
    import gc
    import weakref
    a = numpy.ones(3, numpy.float32)
    ref = weakref.ref(a)
    x = chainer.Variable(a)
    y = F.relu(x)
    del x, a
    gc.collect()
    assert ref() is None
    F.sum(y).backward()


@pytest.mark.parametrize('func', [F.relu, F.relu6, F.hard_sigmoid,
                                  lambda x: F.clipped_relu(x, 1.0),
                                  lambda x: F.leaky_relu(x, 0.1)])
def test_int_input_is_rejected(func):
    with pytest.raises(type_check.InvalidType, match='dtype'):
        func(numpy.zeros(3, numpy.int32))


def test_bad_parameters():
    x = numpy.zeros(3, numpy.float32)
    with pytest.raises(TypeError, match='z'):
        F.clipped_relu(x, 'a')
    with pytest.raises(TypeError, match='slope'):
        F.leaky_relu(x, None)
