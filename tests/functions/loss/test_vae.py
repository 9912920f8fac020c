"""bernoulli_nll, gaussian_kl_divergence, gaussian_nll."""
import math

import numpy
import pytest

from chainer import functions as F
from chainer import testing


def _reduce(values, reduce):
    if reduce == 'sum':
        return values.sum()
    if reduce == 'mean':
        return values.mean()
    return values


def _ref_kl(mean, ln_var):
    out = numpy.zeros(mean.shape)
    for i in numpy.ndindex(mean.shape):
        m, v = float(mean[i]), float(ln_var[i])
        out[i] = 0.5 * (m * m + math.exp(v) - v - 1)
    return out


def _ref_bernoulli(x, y):
    out = numpy.zeros(x.shape)
    for i in numpy.ndindex(x.shape):
        p = 1 / (1 + math.exp(-float(y[i])))
        out[i] = -(x[i] * math.log(p) + (1 - x[i]) * math.log(1 - p))
    return out


def _ref_gaussian_nll(x, mean, ln_var):
    out = numpy.zeros(x.shape)
    for i in numpy.ndindex(x.shape):
        var = math.exp(float(ln_var[i]))
        out[i] = -math.log(math.exp(-(float(x[i]) - float(mean[i])) ** 2 / (2 * var))
                           / math.sqrt(2 * math.pi * var))
    return out


def _arrays(n, dtype, shape=(3, 2)):
    rng = numpy.random.RandomState(0)
    return tuple(rng.uniform(-1, 1, shape).astype(dtype) for _ in range(n))


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['sum', 'mean', 'no'])
def test_forward(dtype, reduce, helpers):
    mean, ln_var = _arrays(2, dtype)
    testing.assert_allclose(F.gaussian_kl_divergence(mean, ln_var, reduce).array,
                            _reduce(_ref_kl(mean, ln_var), reduce),
                            **helpers.FORWARD_TOL[dtype])
    x = (numpy.random.RandomState(1).rand(3, 2) > 0.5).astype(dtype)
    y, = _arrays(1, dtype)
    out = F.bernoulli_nll(x, y, reduce)
    assert out.dtype == dtype
    testing.assert_allclose(out.array, _reduce(_ref_bernoulli(x, y), reduce),
                            **helpers.FORWARD_TOL[dtype])
    x, mean, ln_var = _arrays(3, dtype)
    testing.assert_allclose(F.gaussian_nll(x, mean, ln_var, reduce).array,
                            _reduce(_ref_gaussian_nll(x, mean, ln_var), reduce),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['sum', 'no'])
def test_gradients(dtype, reduce, helpers):
    helpers.check_gradients(lambda m, v: F.gaussian_kl_divergence(m, v, reduce),
                            _arrays(2, dtype), dtype)
    helpers.check_gradients(lambda x, y: F.bernoulli_nll(x, y, reduce),
                            _arrays(2, dtype), dtype)
    helpers.check_gradients(lambda x, m, v: F.gaussian_nll(x, m, v, reduce),
                            _arrays(3, dtype), dtype, contiguous=False)


def test_bernoulli_large_logits():
    out = F.bernoulli_nll(numpy.array([1., 0.]), numpy.array([-800., -800.]),
                          reduce='no')
    testing.assert_allclose(out.array, [800., 0.])


def test_errors():
    a = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.gaussian_kl_divergence(a, a, reduce='max')
    with pytest.raises(ValueError, match='mean and ln_var must have the same shape'):
        F.gaussian_kl_divergence(a, numpy.zeros((3, 2), numpy.float32))
    with pytest.raises(TypeError, match='x and y must have the same dtype'):
        F.bernoulli_nll(a, a.astype(numpy.float64))
    with pytest.raises(ValueError, match='x and ln_var must have the same shape'):
        F.gaussian_nll(a, a, numpy.zeros(3, numpy.float32))


def test_bernoulli_nll_gradient_at_zero_logits():
    # d/dy [softplus(y) - x y] = sigmoid(y) - x: 0.5 - x at y = 0 (a relu/abs
    # formulation of softplus would wrongly give -x there).
    import chainer
    x = numpy.array([0.0, 1.0, 1.0], numpy.float32)
    y = chainer.Variable(numpy.zeros(3, numpy.float32))
    chainer.functions.bernoulli_nll(x, y).backward()
    numpy.testing.assert_allclose(y.grad, 0.5 - x)
