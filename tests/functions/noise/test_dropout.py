import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import testing


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('ratio', [0.0, 0.3, 0.5, 0.9])
def test_train_forward(dtype, ratio):
    x = numpy.random.uniform(1, 2, (100, 50)).astype(dtype)
    y = F.dropout(x, ratio)
    assert y.dtype == dtype and y.shape == x.shape
    dropped = y.array == 0
    scaled = x.astype(numpy.float64) / (1 - ratio)
    # Every element is either zeroed or scaled by 1 / (1 - ratio).
    testing.assert_allclose(y.array[~dropped], scaled[~dropped],
                            rtol=1e-3 if dtype == numpy.float16 else 1e-6)
    # About a fraction `ratio` is dropped (5000 elements: 4 sigma < 0.03).
    assert abs(dropped.mean() - ratio) < 0.03


def test_test_mode_is_identity():
    x = numpy.random.randn(3, 4).astype(numpy.float32)
    with chainer.using_config('train', False):
        y = F.dropout(x, 0.5)
        y2, mask = F.dropout(x, 0.5, return_mask=True)
    assert isinstance(y, chainer.Variable)
    numpy.testing.assert_array_equal(y.array, x)
    numpy.testing.assert_array_equal(y2.array, x)
    assert mask is None


def test_mask_argument_and_return_mask():
    x = numpy.random.randn(4, 5).astype(numpy.float32)
    y, mask = F.dropout(x, 0.4, return_mask=True)
    assert mask.shape == x.shape and mask.dtype == x.dtype
    assert set(numpy.unique(mask)) <= {0, numpy.float32(1 / 0.6)}
    numpy.testing.assert_array_equal(y.array, x * mask)
    # Reusing the mask gives the same output; ratio is not used then.
    y2 = F.dropout(x, 0.9, mask=mask)
    numpy.testing.assert_array_equal(y2.array, y.array)
    custom = numpy.zeros_like(x)
    custom[0] = 2
    y3 = F.dropout(x, mask=custom)
    numpy.testing.assert_array_equal(y3.array, x * custom)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, contiguous, helpers):
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(dtype)
    mask = (numpy.random.rand(3, 4) > 0.5).astype(dtype) * 2
    helpers.check_gradients(lambda x: F.dropout(x, 0.5, mask=mask), (x,), dtype,
                            contiguous=contiguous)
    # Gradients follow the random mask drawn in forward.
    v = chainer.Variable(x)
    y, m = F.dropout(v, 0.5, return_mask=True)
    y.grad = numpy.ones_like(x)
    y.backward()
    numpy.testing.assert_array_equal(v.grad, m)


def test_errors():
    x = numpy.zeros((2, 2), numpy.float32)
    with pytest.raises(ValueError, match=r'ratio must be in \[0, 1\), got 1.0'):
        F.dropout(x, 1.0)
    with pytest.raises(ValueError, match='train argument is not supported'):
        F.dropout(x, 0.5, train=True)
    with pytest.raises(TypeError, match='unexpected keyword'):
        F.dropout(x, 0.5, foo=1)
    with pytest.raises(ValueError, match='mask must have the shape of x'):
        F.dropout(x, 0.5, mask=numpy.ones((3,), numpy.float32))


@testing.parameterize(*testing.product({
    'dtype': [numpy.float16, numpy.float32, numpy.float64], 'contiguous': [None, 'C']}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestDropoutFunction(testing.FunctionTestCase):
    # With a given mask the function is deterministic: y = x * mask.

    def setUp(self):
        self.mask = (numpy.random.rand(3, 4) > 0.4).astype(self.dtype) / 0.6
        if self.dtype == numpy.float16:
            self.check_backward_options = dict(atol=5e-2, rtol=5e-1)
            self.check_double_backward_options = dict(atol=5e-2, rtol=5e-1)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, (3, 4)).astype(self.dtype),

    def forward(self, inputs, device):
        return F.dropout(inputs[0], 0.4, mask=device.send(self.mask)),

    def forward_expected(self, inputs):
        return (inputs[0] * self.mask).astype(self.dtype),


@pytest.mark.parametrize('ratio', [0.1, 0.25, 0.999995, 0.0000001])
def test_drop_fraction_large(ratio):
    # 2**20 elements: 4 sigma of the dropped fraction is at most 0.002.
    x = numpy.ones((1024, 1024), numpy.float32)
    dropped = (F.dropout(x, ratio).array == 0).mean()
    assert abs(dropped - ratio) < 0.002


def test_seed_reproducible():
    x = numpy.ones((50, 60), numpy.float32)
    numpy.random.seed(3)
    m1 = F.dropout(x, 0.3, return_mask=True)[1]
    numpy.random.seed(3)
    m2 = F.dropout(x, 0.3, return_mask=True)[1]
    numpy.testing.assert_array_equal(m1, m2)
    assert m1.dtype == numpy.float32
