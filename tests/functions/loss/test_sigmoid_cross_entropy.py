import math

import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(x, t, normalize, reduce):
    x = x.astype(numpy.float64)
    loss = numpy.zeros(x.shape)
    count = 0
    for i in numpy.ndindex(x.shape):
        if t[i] == -1:
            continue
        count += 1
        p = 1 / (1 + math.exp(-x[i]))
        loss[i] = -(t[i] * math.log(p) + (1 - t[i]) * math.log(1 - p))
    if reduce == 'no':
        return loss
    return loss.sum() / (max(count, 1) if normalize else x.shape[0])


def _inputs(shape, dtype, ignore=True):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-3, 3, shape).astype(dtype)
    t = rng.randint(0, 2, shape).astype(numpy.int32)
    if ignore:
        t.ravel()[::4] = -1
    return x, t


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(5,), (4, 3), (2, 3, 2)])
@pytest.mark.parametrize('normalize', [True, False])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_forward(dtype, shape, normalize, reduce, helpers):
    x, t = _inputs(shape, dtype)
    y = F.sigmoid_cross_entropy(x, t, normalize=normalize, reduce=reduce)
    expected = _reference(x, t, normalize, reduce)
    assert y.dtype == dtype
    assert y.shape == numpy.shape(expected)
    testing.assert_allclose(y.array, expected, **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('normalize', [True, False])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
@pytest.mark.parametrize('contiguous', [True, False])
def test_backward(dtype, normalize, reduce, contiguous, helpers):
    x, t = _inputs((4, 3), dtype)
    helpers.check_gradients(
        lambda x, t: F.sigmoid_cross_entropy(x, t, normalize, reduce),
        (x, t), dtype, contiguous=contiguous)


def test_large_logits_are_finite():
    x = numpy.array([1000., -1000., 50.], numpy.float32)
    t = numpy.array([0, 1, 1], numpy.int32)
    y = F.sigmoid_cross_entropy(x, t, reduce='no')
    testing.assert_allclose(y.array, [1000., 1000., 0.], atol=1e-5)


def test_all_ignored():
    x = chainer.Variable(numpy.ones((2, 2), numpy.float32))
    y = F.sigmoid_cross_entropy(x, numpy.full((2, 2), -1, numpy.int32))
    assert float(y.array) == 0
    y.backward()
    assert (x.grad == 0).all()


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(ValueError, match="reduce must be one of 'mean', 'no'"):
        F.sigmoid_cross_entropy(x, x.astype(numpy.int32), reduce='sum')
    with pytest.raises(type_check.InvalidType, match='t.dtype.kind'):
        F.sigmoid_cross_entropy(x, x)
    with pytest.raises(type_check.InvalidType, match=r'x\.shape == t\.shape'):
        F.sigmoid_cross_entropy(x, numpy.zeros((3,), numpy.int32))


@testing.parameterize(*testing.product({
    'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'normalize': [True, False], 'reduce': ['mean', 'no'], 'contiguous': [None, 'C']}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSigmoidCrossEntropyFunction(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = dict(atol=5e-3, rtol=5e-2)
            self.check_backward_options = dict(atol=5e-2, rtol=5e-1)
            self.check_double_backward_options = dict(atol=5e-2, rtol=5e-1)
        elif self.dtype == numpy.float32:
            self.check_backward_options = dict(atol=1e-3, rtol=1e-2)
            self.check_double_backward_options = dict(atol=1e-3, rtol=1e-2)

    def generate_inputs(self):
        return _inputs((4, 3), self.dtype)

    def forward(self, inputs, device):
        return F.sigmoid_cross_entropy(*inputs, normalize=self.normalize,
                                       reduce=self.reduce),

    def forward_expected(self, inputs):
        return numpy.asarray(_reference(*inputs, self.normalize, self.reduce),
                             dtype=self.dtype),
