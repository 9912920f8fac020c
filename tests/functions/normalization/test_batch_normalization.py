import itertools

import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(x, gamma, beta, axis, eps, mean=None, var=None):
    # Loop over the channel positions; statistics from the slices of x.
    x = x.astype(numpy.float64)
    channel_axes = [i for i in range(x.ndim) if i not in axis]
    y = numpy.empty_like(x)
    means = numpy.empty(gamma.shape)
    variances = numpy.empty(gamma.shape)
    for c in itertools.product(*[range(x.shape[i]) for i in channel_axes]):
        index = [slice(None)] * x.ndim
        for a, i in zip(channel_axes, c):
            index[a] = i
        index = tuple(index)
        values = x[index]
        mu = values.mean() if mean is None else float(mean[c])
        v = values.var() if var is None else float(var[c])
        means[c] = values.mean()
        variances[c] = values.var()
        y[index] = gamma[c] * (values - mu) / numpy.sqrt(v + eps) + beta[c]
    return y, means, variances


# x shape, gamma shape, axis argument, the normalized axes
_CASES = [
    ((5, 3), (3,), None, (0,)),
    ((3, 2, 3, 2), (2,), None, (0, 2, 3)),
    ((3, 4, 2), (4, 2), None, (0,)),
    ((3, 4, 2), (2,), (0, 1), (0, 1)),
    ((4, 3, 2), (3,), (0, -1), (0, 2)),
    ((3, 4), (3,), 1, (1,)),
]


def _inputs(x_shape, gamma_shape, dtype, param_dtype=None):
    rng = numpy.random.RandomState(0)
    param_dtype = param_dtype or dtype
    x = rng.uniform(-1, 1, x_shape).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, gamma_shape).astype(param_dtype)
    beta = rng.uniform(-1, 1, gamma_shape).astype(param_dtype)
    return x, gamma, beta


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('x_shape,gamma_shape,axis,axes', _CASES)
def test_forward_and_running_statistics(dtype, x_shape, gamma_shape, axis, axes,
                                        helpers):
    x, gamma, beta = _inputs(x_shape, gamma_shape, dtype)
    running_mean = numpy.random.uniform(-1, 1, gamma_shape).astype(dtype)
    running_var = numpy.random.uniform(0.5, 1, gamma_shape).astype(dtype)
    rm0, rv0 = running_mean.copy(), running_var.copy()
    y = F.batch_normalization(x, gamma, beta, eps=1e-3, running_mean=running_mean,
                              running_var=running_var, decay=0.8, axis=axis)
    expected, means, variances = _reference(x, gamma, beta, axes, 1e-3)
    assert y.dtype == dtype and y.shape == x.shape
    testing.assert_allclose(y.array, expected, **helpers.FORWARD_TOL[dtype])
    m = x.size // gamma.size
    tol = dict(atol=2e-3, rtol=1e-2) if dtype == numpy.float16 else dict()
    testing.assert_allclose(running_mean, 0.8 * rm0 + 0.2 * means, **tol)
    testing.assert_allclose(running_var, 0.8 * rv0 + 0.2 * variances * m / (m - 1),
                            **tol)


def test_without_running_statistics():
    x, gamma, beta = _inputs((6, 3), (3,), numpy.float64)
    y = F.batch_normalization(x, gamma, beta)
    testing.assert_allclose(y.array, _reference(x, gamma, beta, (0,), 2e-5)[0])


def test_mixed_precision_float16_input_float32_parameters(helpers):
    x, gamma, beta = _inputs((6, 3), (3,), numpy.float16, numpy.float32)
    rm = numpy.zeros(3, numpy.float32)
    rv = numpy.ones(3, numpy.float32)
    y = F.batch_normalization(x, gamma, beta, running_mean=rm, running_var=rv)
    assert y.dtype == numpy.float16
    testing.assert_allclose(y.array, _reference(x, gamma, beta, (0,), 2e-5)[0],
                            **helpers.FORWARD_TOL[numpy.float16])
    xv, gv = chainer.Variable(x), chainer.Variable(gamma)
    y = F.batch_normalization(xv, gv, beta)
    y.grad = numpy.ones_like(x)
    y.backward()
    assert xv.grad.dtype == numpy.float16 and gv.grad.dtype == numpy.float32


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('x_shape,gamma_shape,axis,axes', _CASES[1:5])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, x_shape, gamma_shape, axis, axes, contiguous, helpers):
    x, gamma, beta = _inputs(x_shape, gamma_shape, dtype)
    tol = {}
    if dtype == numpy.float16:
        tol = dict(atol=1e-1, rtol=1)
    helpers.check_gradients(
        lambda x, g, b: F.batch_normalization(x, g, b, axis=axis),
        (x, gamma, beta), dtype, contiguous=contiguous, **tol)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('x_shape,gamma_shape,axis,axes', _CASES[:3])
@pytest.mark.parametrize('contiguous', [True, False])
def test_fixed(dtype, x_shape, gamma_shape, axis, axes, contiguous, helpers):
    x, gamma, beta = _inputs(x_shape, gamma_shape, dtype)
    mean = numpy.random.uniform(-0.5, 0.5, gamma_shape).astype(dtype)
    var = numpy.random.uniform(0.5, 1, gamma_shape).astype(dtype)
    y = F.fixed_batch_normalization(x, gamma, beta, mean, var, eps=1e-3, axis=axis)
    expected, _, _ = _reference(x, gamma, beta, axes, 1e-3, mean, var)
    testing.assert_allclose(y.array, expected, **helpers.FORWARD_TOL[dtype])
    helpers.check_gradients(
        lambda *a: F.fixed_batch_normalization(*a, eps=1e-3, axis=axis),
        (x, gamma, beta, mean, var), dtype, contiguous=contiguous)


@pytest.mark.parametrize('stat_dtype', [numpy.float16, numpy.float64])
def test_fixed_statistics_of_another_float_dtype(stat_dtype):
    # float32 parameters with running statistics kept in another float dtype
    x, gamma, beta = _inputs((4, 3), (3,), numpy.float32)
    mean = numpy.random.uniform(-0.5, 0.5, 3).astype(stat_dtype)
    var = numpy.random.uniform(0.5, 1, 3).astype(stat_dtype)
    y = F.fixed_batch_normalization(x, gamma, beta, mean, var, eps=1e-3)
    assert y.dtype == numpy.float32
    expected = (gamma * (x - mean.astype(numpy.float64)) /
                numpy.sqrt(var.astype(numpy.float64) + 1e-3) + beta)
    testing.assert_allclose(y.array, expected, atol=1e-4, rtol=1e-4)
    vs = [chainer.Variable(a) for a in (x, gamma, beta, mean, var)]
    y = F.fixed_batch_normalization(*vs, eps=1e-3)
    F.sum(y).backward()
    assert vs[3].grad.dtype == stat_dtype and vs[4].grad.dtype == stat_dtype
    assert vs[1].grad.dtype == numpy.float32
    # d/dmean of sum(y) = -sum over the batch of gamma / sqrt(var + eps)
    expected_gmean = -4 * gamma / numpy.sqrt(var.astype(numpy.float64) + 1e-3)
    testing.assert_allclose(vs[3].grad, expected_gmean, atol=1e-2, rtol=1e-2)
    with pytest.raises(type_check.InvalidType, match='mean.dtype.kind'):
        F.fixed_batch_normalization(x, gamma, beta, mean.astype(numpy.int32), var)
    # a beta of another float dtype (a constant one, say) gets its gradient in it
    b = chainer.Variable(beta.astype(stat_dtype))
    y = F.fixed_batch_normalization(x, gamma, b, mean, var, eps=1e-3)
    assert y.dtype == numpy.float32
    F.sum(y).backward()
    assert b.grad.dtype == stat_dtype
    testing.assert_allclose(b.grad, numpy.full(3, 4.0))


def test_train_and_test_through_config():
    # What the BatchNormalization link does: batch statistics in training and
    # the running ones in testing, where the output matches the fixed function.
    x, gamma, beta = _inputs((8, 3), (3,), numpy.float64)
    rm, rv = numpy.zeros(3), numpy.ones(3)
    for _ in range(3):
        F.batch_normalization(x, gamma, beta, running_mean=rm, running_var=rv)
    y = F.fixed_batch_normalization(x, gamma, beta, rm, rv)
    expected, means, variances = _reference(x, gamma, beta, (0,), 2e-5, rm, rv)
    testing.assert_allclose(y.array, expected)
    testing.assert_allclose(rm, (1 - 0.9 ** 3) * means)


def test_errors():
    x, gamma, beta = _inputs((4, 3), (3,), numpy.float32)
    with pytest.raises(type_check.InvalidType, match='gamma.shape'):
        F.batch_normalization(x, gamma[:2], beta[:2])
    with pytest.raises(type_check.InvalidType, match='beta.shape'):
        F.batch_normalization(x, gamma, beta[:2])
    with pytest.raises(type_check.InvalidType, match='beta.dtype'):
        F.batch_normalization(x, gamma, beta.astype(numpy.float64))
    with pytest.raises(type_check.InvalidType, match='BatchNormalization'):
        F.batch_normalization(x.astype(numpy.int32), gamma, beta)
    with pytest.raises(ValueError, match='train argument is not supported'):
        F.batch_normalization(x, gamma, beta, train=True)
    with pytest.raises(TypeError, match='must be an array'):
        F.batch_normalization(x, gamma, beta,
                              running_mean=chainer.Variable(numpy.zeros(3)))
    with pytest.raises(ValueError, match='axis 2 is out of range'):
        F.batch_normalization(x, gamma, beta, axis=2)
    with pytest.raises(type_check.InvalidType, match='var.shape'):
        F.fixed_batch_normalization(x, gamma, beta, gamma, gamma[:1])


# The same checks on chainer.testing.FunctionTestCase, on every backend.

class _BNBase(testing.FunctionTestCase):
    __test__ = False

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_forward_options = dict(atol=5e-3, rtol=5e-2)
            self.check_backward_options = dict(atol=1e-1, rtol=1)
            self.check_double_backward_options = dict(atol=1e-1, rtol=1)
        elif self.dtype == numpy.float32:
            self.check_backward_options = dict(atol=1e-3, rtol=1e-2)
            self.check_double_backward_options = dict(atol=1e-3, rtol=1e-2)


@testing.parameterize(*testing.product_dict(
    [dict(zip(('x_shape', 'gamma_shape', 'axis', 'axes'), c)) for c in _CASES[:4]],
    testing.product({'dtype': [numpy.float16, numpy.float32, numpy.float64],
                     'contiguous': [None, 'C']})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestBatchNormalizationFunction(_BNBase):

    def generate_inputs(self):
        return _inputs(self.x_shape, self.gamma_shape, self.dtype)

    def forward(self, inputs, device):
        return F.batch_normalization(*inputs, axis=self.axis),

    def forward_expected(self, inputs):
        y, _, _ = _reference(*inputs, self.axes, 2e-5)
        return y.astype(self.dtype),


@testing.parameterize(*testing.product_dict(
    [dict(zip(('x_shape', 'gamma_shape', 'axis', 'axes'), c)) for c in _CASES[:3]],
    testing.product({'dtype': [numpy.float16, numpy.float32, numpy.float64],
                     'contiguous': [None, 'C']})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestFixedBatchNormalizationFunction(_BNBase):

    def generate_inputs(self):
        x, gamma, beta = _inputs(self.x_shape, self.gamma_shape, self.dtype)
        mean = numpy.random.uniform(-0.5, 0.5, self.gamma_shape).astype(self.dtype)
        var = numpy.random.uniform(0.5, 1, self.gamma_shape).astype(self.dtype)
        return x, gamma, beta, mean, var

    def forward(self, inputs, device):
        return F.fixed_batch_normalization(*inputs, eps=1e-3, axis=self.axis),

    def forward_expected(self, inputs):
        x, gamma, beta, mean, var = inputs
        y, _, _ = _reference(x, gamma, beta, self.axes, 1e-3, mean, var)
        return y.astype(self.dtype),


_SINGLE_SAMPLE_CASES = [
    ('batch_normalization', (1, 3), (3,), None, True),   # one sample per channel
    ('batch_normalization', (1, 3, 1), (1, 3), 2, True),  # the normalized axis is 1 long
    ('batch_normalization', (1, 3, 2, 2), (3,), None, False),  # 4 values per channel
    ('batch_normalization', (1, 3, 2), (1, 3), 2, False),
    ('batch_renormalization', (1, 3), (3,), None, True),
    ('batch_renormalization', (1, 3, 2, 2), (3,), None, False),
]


@pytest.mark.parametrize('func,x_shape,gamma_shape,axis,warns', _SINGLE_SAMPLE_CASES)
def test_warns_about_single_sample_batches(func, x_shape, gamma_shape, axis, warns):
    import warnings
    x = numpy.random.uniform(-1, 1, x_shape).astype(numpy.float32)
    gamma = numpy.ones(gamma_shape, numpy.float32)
    beta = numpy.zeros(gamma_shape, numpy.float32)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        if func == 'batch_normalization':
            F.batch_normalization(x, gamma, beta, axis=axis)
        else:
            F.batch_renormalization(x, gamma, beta, 2.0, 1.0)
    messages = [str(w.message) for w in caught if w.category is UserWarning]
    if warns:
        assert len(messages) == 1 and 'no more than one sample' in messages[0]
    else:
        assert messages == []
