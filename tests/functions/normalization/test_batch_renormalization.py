import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import testing


def _reference(x, gamma, beta, rmax, dmax, eps, rm, rv):
    x = x.astype(numpy.float64)
    y = numpy.empty_like(x)
    for c in range(x.shape[1]):
        v = x[:, c]
        mu, var = v.mean(), v.var()
        sigma = numpy.sqrt(var + eps)
        sigma_run = numpy.sqrt(rv[c] + eps)
        r = min(max(sigma / sigma_run, 1 / rmax), rmax)
        d = min(max((mu - rm[c]) / sigma_run, -dmax), dmax)
        y[:, c] = gamma[c] * ((v - mu) / sigma * r + d) + beta[c]
    return y


def _inputs(dtype, shape=(5, 3, 2)):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, shape).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, shape[1]).astype(dtype)
    beta = rng.uniform(-1, 1, shape[1]).astype(dtype)
    rm = rng.uniform(-0.5, 0.5, shape[1]).astype(dtype)
    rv = rng.uniform(0.1, 0.5, shape[1]).astype(dtype)
    return x, gamma, beta, rm, rv


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('rmax,dmax', [(1, 0), (1.5, 0.3), (10, 10)])
@pytest.mark.parametrize('update', [True, False])
def test_forward(dtype, rmax, dmax, update, helpers):
    x, gamma, beta, rm, rv = _inputs(dtype)
    rm0, rv0 = rm.copy(), rv.copy()
    y = F.batch_renormalization(x, gamma, beta, rmax, dmax, eps=1e-3,
                                running_mean=rm, running_var=rv, decay=0.7,
                                update_statistics=update)
    expected = _reference(x, gamma, beta, rmax, dmax, 1e-3, rm0, rv0)
    assert y.dtype == dtype
    testing.assert_allclose(y.array, expected, **helpers.FORWARD_TOL[dtype])
    if update:
        xs = x.astype(numpy.float64).transpose(1, 0, 2).reshape(3, -1)
        m = xs.shape[1]
        tol = dict(atol=1e-2, rtol=1e-2) if dtype == numpy.float16 else {}
        testing.assert_allclose(rm, 0.7 * rm0 + 0.3 * xs.mean(axis=1), **tol)
        testing.assert_allclose(rv, 0.7 * rv0 + 0.3 * xs.var(axis=1) * m / (m - 1),
                                **tol)
    else:
        numpy.testing.assert_array_equal(rm, rm0)
        numpy.testing.assert_array_equal(rv, rv0)


def test_rmax1_dmax0_is_batch_normalization():
    x, gamma, beta, rm, rv = _inputs(numpy.float64)
    y = F.batch_renormalization(x, gamma, beta, 1, 0, running_mean=rm,
                                running_var=rv)
    testing.assert_allclose(y.array, F.batch_normalization(x, gamma, beta).array)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, contiguous, helpers):
    x, gamma, beta, rm, rv = _inputs(dtype)
    # r and d are constants of the gradient (as in the paper); the numerical
    # check agrees when both are clipped, which these running statistics ensure.
    rv = numpy.full(3, 0.01, dtype)
    rm = numpy.array([5, -5, 5], dtype)

    def f(x, g, b):
        return F.batch_renormalization(x, g, b, 1.5, 0.3, running_mean=rm,
                                       running_var=rv)
    tol = dict(atol=1e-1, rtol=1) if dtype == numpy.float16 else {}
    helpers.check_gradients(f, (x, gamma, beta), dtype, contiguous=contiguous, **tol)


def test_fixed():
    x, gamma, beta, rm, rv = _inputs(numpy.float64)
    y = F.fixed_batch_renormalization(x, gamma, beta, rm, rv, eps=1e-3)
    expected = (gamma[None, :, None] * (x - rm[None, :, None]) /
                numpy.sqrt(rv[None, :, None] + 1e-3) + beta[None, :, None])
    testing.assert_allclose(y.array, expected)


def test_errors():
    x, gamma, beta, rm, rv = _inputs(numpy.float32)
    with pytest.raises(ValueError, match='rmax must be at least 1'):
        F.batch_renormalization(x, gamma, beta, 0.5, 0)
    with pytest.raises(ValueError, match='dmax must be non-negative'):
        F.batch_renormalization(x, gamma, beta, 1, -1)
    with pytest.raises(chainer.utils.type_check.InvalidType, match='gamma.shape'):
        F.batch_renormalization(x, gamma[:2], beta[:2], 1, 0)
