"""cumsum and cumprod."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _cumulate(x, axis, combine):
    if axis is None:
        x = x.ravel()
        axis = 0
    moved = numpy.moveaxis(x.astype(numpy.float64), axis, -1)
    out = numpy.empty(moved.shape)
    for index in numpy.ndindex(moved.shape[:-1]):
        acc = None
        for k, v in enumerate(moved[index]):
            acc = float(v) if acc is None else combine(acc, float(v))
            out[index + (k,)] = acc
    return numpy.moveaxis(out, -1, axis)


@testing.parameterize(*testing.product_dict([
    {'name': 'cumsum', 'zeros': 0}, {'name': 'cumprod', 'zeros': 0},
    {'name': 'cumprod', 'zeros': 1}, {'name': 'cumprod', 'zeros': 3},
], testing.product({
    'case': [((3, 4), None), ((3, 4), 0), ((3, 4), 1), ((2, 3, 4), -2), ((5,), 0),
             ((), None), ((0, 3), 0)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestCumulative(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
            self.check_backward_options = {'atol': 1e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 1e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        shape = self.case[0]
        x = numpy.random.uniform(0.5, 1.5, shape) * numpy.random.choice([-1, 1], shape)
        if x.size and self.zeros:
            flat = x.reshape(-1)
            flat[numpy.random.choice(x.size, min(self.zeros, x.size),
                                     replace=False)] = 0
        return x.astype(self.dtype),

    def forward(self, inputs, device):
        return getattr(F, self.name)(inputs[0], axis=self.case[1]),

    def forward_expected(self, inputs):
        combine = (lambda a, b: a + b) if self.name == 'cumsum' else \
            (lambda a, b: a * b)
        return _cumulate(inputs[0], self.case[1], combine).astype(self.dtype),


def test_cumprod_gradient_with_zeros_is_exact():
    x = chainer.Variable(numpy.array([2.0, 0.0, 3.0, 0.0, 5.0]))
    y = F.cumprod(x)
    y.grad = numpy.ones(5)
    y.backward()
    # d/dx_k sum_i prod_{j<=i} x_j, by hand: only products through x_1 = 0 survive.
    numpy.testing.assert_allclose(x.grad, [1.0, 2 + 2 * 3, 0.0, 0.0, 0.0])


def test_third_derivative_of_cumprod_with_a_zero():
    # f = sum(cumprod(x)) for x = (a, b, c): a + ab + abc; d3f/(da db dc) = 1.
    x = chainer.Variable(numpy.array([0.0, 2.0, 0.0]))
    f = F.sum(F.cumprod(x))
    g, = chainer.grad([f], [x], enable_double_backprop=True)
    h, = chainer.grad([g[0]], [x], enable_double_backprop=True)
    t, = chainer.grad([h[1]], [x])
    numpy.testing.assert_allclose(t.array, [0.0, 0.0, 1.0])


@pytest.mark.parametrize('name', ['cumsum', 'cumprod'])
def test_axis_none_flattens(name):
    x = numpy.arange(1, 7, dtype=numpy.float32).reshape(2, 3)
    y = getattr(F, name)(x)
    assert y.shape == (6,)
    expected = numpy.cumsum(x) if name == 'cumsum' else numpy.cumprod(x)
    numpy.testing.assert_array_equal(y.array, expected)


@pytest.mark.parametrize('name', ['cumsum', 'cumprod'])
def test_bad_axis(name):
    f = getattr(F, name)
    x = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        f(x, axis=2)
    assert 'axis < x.ndim' in str(info.value)
    with pytest.raises(TypeError, match='{}: axis must be None or an int'.format(name)):
        f(x, axis=(0, 1))
    with pytest.raises(type_check.InvalidType, match='x.dtype.kind == f'):
        f(numpy.ones(3, numpy.int32), axis=0)
