import numpy
import pytest

import chainer
from chainer import testing
import chainer.functions as F
from chainer.utils import type_check


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _reference(c1, c2, x1, x2):
    c1, c2, x1, x2 = (v.astype(numpy.float64) for v in (c1, c2, x1, x2))
    c = numpy.empty_like(c1)
    h = numpy.empty_like(c1)
    for b in range(c1.shape[0]):
        for n in range(c1.shape[1]):
            a1, i1, f1, o1 = (x1[b, 4 * n + k] for k in range(4))
            a2, i2, f2, o2 = (x2[b, 4 * n + k] for k in range(4))
            c[b, n] = (numpy.tanh(a1 + a2) * _sigmoid(i1 + i2) +
                       _sigmoid(f1) * c1[b, n] + _sigmoid(f2) * c2[b, n])
            h[b, n] = numpy.tanh(c[b, n]) * _sigmoid(o1 + o2)
    return c, h


_backend_params = (
    [{}] +
    testing.product({'use_cuda': [True], 'use_cudnn': ['never', 'always']}))


@testing.parameterize(*testing.product({
    'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'shape': [(3, 2), (2, 2, 3)],
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _backend_params)
class TestSLSTM(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        else:
            self.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
            self.check_double_backward_options = {'atol': 1e-4, 'rtol': 1e-3}

    def generate_inputs(self):
        shape = self.shape
        x_shape = (shape[0], 4 * shape[1]) + shape[2:]
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype)
                     for s in (shape, shape, x_shape, x_shape))

    def forward(self, inputs, device):
        return F.slstm(*inputs)

    def forward_expected(self, inputs):
        if len(self.shape) == 2:
            c, h = _reference(*inputs)
        else:
            # Trailing axes are independent positions.
            pieces = [_reference(*[a[..., k] for a in inputs])
                      for k in range(self.shape[2])]
            c = numpy.stack([p[0] for p in pieces], axis=-1)
            h = numpy.stack([p[1] for p in pieces], axis=-1)
        return c.astype(self.dtype), h.astype(self.dtype)


def test_only_h_used():
    inputs = [chainer.Variable(numpy.random.uniform(-1, 1, s))
              for s in ((2, 3), (2, 3), (2, 12), (2, 12))]
    c, h = F.slstm(*inputs)
    F.sum(c).backward()
    # The output gate does not influence c.
    numpy.testing.assert_array_equal(inputs[2].grad[:, 3::4], 0)
    numpy.testing.assert_array_equal(inputs[3].grad[:, 3::4], 0)
    # a and i enter through their sums, so both children get the same gradient.
    numpy.testing.assert_allclose(inputs[2].grad[:, 0::4], inputs[3].grad[:, 0::4])


@pytest.mark.parametrize('shapes,message', [
    (((3, 2), (2, 2), (3, 8), (3, 8)), 'c_prev2.shape[0] == c_prev1.shape[0]'),
    (((3, 2), (3, 2), (3, 8), (3, 4)), 'x2.shape[1] == x1.shape[1]'),
    (((3, 2), (3, 2), (2, 8), (2, 8)), 'x1.shape[0] == c_prev1.shape[0]'),
    (((3, 2), (3, 2), (3, 6), (3, 6)), 'x1.shape[1] == 4 * c_prev1.shape[1]'),
])
def test_invalid_shapes(shapes, message):
    with pytest.raises(type_check.InvalidType) as e:
        F.slstm(*[numpy.zeros(s, numpy.float32) for s in shapes])
    assert message in str(e.value)


def test_invalid_dtype():
    arrays = [numpy.zeros(s, numpy.float32) for s in ((3, 2), (3, 2), (3, 8), (3, 8))]
    arrays[1] = arrays[1].astype(numpy.float64)
    with pytest.raises(type_check.InvalidType) as e:
        F.slstm(*arrays)
    assert 'c_prev2.dtype == c_prev1.dtype' in str(e.value)
