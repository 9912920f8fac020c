import numpy
import pytest

from chainer import testing
import chainer.functions as F
from chainer.utils import type_check


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _reference(*inputs):
    # x is split into consecutive blocks a, i, o, f_1, ..., f_N.
    cs = [c.astype(numpy.float64) for c in inputs[:-1]]
    x = inputs[-1].astype(numpy.float64)
    batch, units = cs[0].shape
    c = numpy.empty((batch, units))
    h = numpy.empty((batch, units))
    for b in range(batch):
        for n in range(units):
            a, i, o = (x[b, k * units + n] for k in range(3))
            value = numpy.tanh(a) * _sigmoid(i)
            for j, c_j in enumerate(cs):
                value += _sigmoid(x[b, (3 + j) * units + n]) * c_j[b, n]
            c[b, n] = value
            h[b, n] = numpy.tanh(value) * _sigmoid(o)
    return c, h


_backend_params = (
    [{}] +
    testing.product({'use_cuda': [True], 'use_cudnn': ['never', 'always']}))


@testing.parameterize(*testing.product({
    'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'n_children': [1, 3],
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _backend_params)
class TestTreeLSTM(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        else:
            self.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
            self.check_double_backward_options = {'atol': 1e-4, 'rtol': 1e-3}

    def generate_inputs(self):
        arrays = [numpy.random.uniform(-1, 1, (2, 3)).astype(self.dtype)
                  for _ in range(self.n_children)]
        arrays.append(numpy.random.uniform(
            -1, 1, (2, 3 * (3 + self.n_children))).astype(self.dtype))
        return tuple(arrays)

    def forward(self, inputs, device):
        return F.tree_lstm(*inputs)

    def forward_expected(self, inputs):
        c, h = _reference(*inputs)
        return c.astype(self.dtype), h.astype(self.dtype)


def test_three_dimensional():
    cs = [numpy.random.uniform(-1, 1, (2, 3, 2)) for _ in range(2)]
    x = numpy.random.uniform(-1, 1, (2, 15, 2))
    c, h = F.tree_lstm(*cs, x)
    for k in range(2):
        c_ref, h_ref = _reference(*[a[..., k] for a in cs + [x]])
        numpy.testing.assert_allclose(c.array[..., k], c_ref, rtol=1e-12)
        numpy.testing.assert_allclose(h.array[..., k], h_ref, rtol=1e-12)


def test_invalid_x_width():
    with pytest.raises(type_check.InvalidType) as e:
        F.tree_lstm(numpy.zeros((2, 3), 'f'), numpy.zeros((2, 3), 'f'),
                    numpy.zeros((2, 12), 'f'))
    assert 'x.shape[1]' in str(e.value)


def test_invalid_cell_shapes():
    with pytest.raises(type_check.InvalidType) as e:
        F.tree_lstm(numpy.zeros((2, 3), 'f'), numpy.zeros((2, 4), 'f'),
                    numpy.zeros((2, 15), 'f'))
    assert 'c2.shape[1] == c1.shape[1]' in str(e.value)


def test_invalid_dtype():
    with pytest.raises(type_check.InvalidType) as e:
        F.tree_lstm(numpy.zeros((2, 3), 'd'), numpy.zeros((2, 12), 'f'))
    assert 'c1.dtype == x.dtype' in str(e.value)


def test_too_few_arguments():
    with pytest.raises(ValueError) as e:
        F.tree_lstm(numpy.zeros((2, 3), 'f'))
    assert 'at least one cell state' in str(e.value)
