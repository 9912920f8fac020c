import numpy
import pytest

import chainer
from chainer import testing
import chainer.functions as F
from chainer.utils import type_check


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _reference(c_prev, x):
    # Unit by unit: x[:, 4n + k] is gate k (a, i, f, o) of unit n.
    c_prev = c_prev.astype(numpy.float64)
    x = x.astype(numpy.float64)
    batch, units = x.shape[0], c_prev.shape[1]
    c = c_prev.copy()
    h = numpy.empty((batch, units) + c_prev.shape[2:])
    for b in range(batch):
        for n in range(units):
            a, i, f, o = (x[b, 4 * n + k] for k in range(4))
            c[b, n] = numpy.tanh(a) * _sigmoid(i) + _sigmoid(f) * c_prev[b, n]
            h[b, n] = numpy.tanh(c[b, n]) * _sigmoid(o)
    return c, h


_backend_params = (
    [{}] +
    testing.product({'use_cuda': [True], 'use_cudnn': ['never', 'always']}))


@testing.parameterize(*testing.product({
    'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'shape_batch': [((3, 2), 3), ((3, 2), 1), ((2, 3, 2), 2)],
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _backend_params)
class TestLSTM(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        else:
            self.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
            self.check_double_backward_options = {'atol': 1e-4, 'rtol': 1e-3}

    def generate_inputs(self):
        shape, batch = self.shape_batch
        c = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        x_shape = (batch, shape[1] * 4) + shape[2:]
        x = numpy.random.uniform(-1, 1, x_shape).astype(self.dtype)
        return c, x

    def forward(self, inputs, device):
        c_prev, x = inputs
        return F.lstm(c_prev, x)

    def forward_expected(self, inputs):
        c, h = _reference(*inputs)
        return c.astype(self.dtype), h.astype(self.dtype)


def test_gate_order():
    # Only the input gate is open and only the cell input is nonzero: c = tanh(a).
    big = 30.0
    x = numpy.array([[0.5, big, -big, big]], numpy.float64)  # a, i, f, o
    c, h = F.lstm(numpy.array([[7.0]]), x)
    numpy.testing.assert_allclose(c.array, [[numpy.tanh(0.5)]], rtol=1e-10)
    numpy.testing.assert_allclose(h.array, [[numpy.tanh(numpy.tanh(0.5))]], rtol=1e-10)
    # Only the forget gate is open: the cell keeps c_prev.
    x = numpy.array([[0.5, -big, big, big]], numpy.float64)
    c, _ = F.lstm(numpy.array([[7.0]]), x)
    numpy.testing.assert_allclose(c.array, [[7.0]], rtol=1e-10)


def test_gradient_of_h_only_and_c_only():
    c_prev = chainer.Variable(numpy.random.uniform(-1, 1, (2, 3)))
    x = chainer.Variable(numpy.random.uniform(-1, 1, (2, 12)))
    c, h = F.lstm(c_prev, x)
    F.sum(h).backward()
    gx_h = x.grad.copy()
    gc_h = c_prev.grad.copy()
    # Output gate gradient is nonzero, input from c only has none on it.
    assert numpy.abs(gx_h[:, 3::4]).sum() > 0
    c_prev.cleargrad()
    x.cleargrad()
    c, h = F.lstm(c_prev, x)
    F.sum(c).backward()
    numpy.testing.assert_array_equal(x.grad[:, 3::4], 0)
    assert not numpy.allclose(gc_h, c_prev.grad)


def test_variable_batch_gradient_passes_through():
    c_prev = chainer.Variable(numpy.random.uniform(-1, 1, (3, 2)))
    x = chainer.Variable(numpy.random.uniform(-1, 1, (1, 8)))
    c, h = F.lstm(c_prev, x)
    c.grad = numpy.arange(6.).reshape(3, 2)
    c.backward()
    numpy.testing.assert_array_equal(c_prev.grad[1:], c.grad[1:])


@pytest.mark.parametrize('c_shape,x_shape,message', [
    ((3, 2), (4, 8), 'x.shape[0] <= c_prev.shape[0]'),
    ((3, 2), (3, 7), 'x.shape[1] == 4 * c_prev.shape[1]'),
    ((3, 2), (3, 8, 1), 'x.ndim == c_prev.ndim'),
    ((3,), (3,), 'c_prev.ndim >= 2'),
])
def test_invalid_shapes(c_shape, x_shape, message):
    with pytest.raises(type_check.InvalidType) as e:
        F.lstm(numpy.zeros(c_shape, numpy.float32), numpy.zeros(x_shape, numpy.float32))
    assert message in str(e.value)


def test_invalid_dtype():
    with pytest.raises(type_check.InvalidType) as e:
        F.lstm(numpy.zeros((3, 2), numpy.float32), numpy.zeros((3, 8), numpy.float64))
    assert 'x.dtype == c_prev.dtype' in str(e.value)
    with pytest.raises(type_check.InvalidType):
        F.lstm(numpy.zeros((3, 2), numpy.int32), numpy.zeros((3, 8), numpy.int32))
