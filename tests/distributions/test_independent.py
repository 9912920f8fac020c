import numpy
import pytest
from scipy import stats

import chainer
from chainer import distributions


def _normal(shape=(4, 3, 2), dtype=numpy.float64):
    loc = numpy.random.uniform(-1, 1, shape).astype(dtype)
    scale = numpy.random.uniform(0.5, 2, shape).astype(dtype)
    return loc, scale, distributions.Normal(loc, scale)


@pytest.mark.parametrize('ndims,batch,event', [
    (None, (4,), (3, 2)), (0, (4, 3, 2), ()), (1, (4, 3), (2,)), (2, (4,), (3, 2)),
    (3, (), (4, 3, 2))])
def test_shapes(ndims, batch, event):
    _, _, base = _normal()
    d = distributions.Independent(base, ndims)
    assert d.batch_shape == batch and d.event_shape == event
    assert d.reinterpreted_batch_ndims == (2 if ndims is None else ndims)
    assert d.distribution is base
    assert d.sample(5).shape == (5,) + batch + event
    assert d.sample_n(2).shape == (2,) + batch + event


def test_default_with_a_one_axis_batch():
    base = distributions.Normal(numpy.zeros(3), numpy.ones(3))
    assert distributions.Independent(base).event_shape == ()
    base = distributions.Normal(numpy.array(0.0), numpy.array(1.0))
    assert distributions.Independent(base).batch_shape == ()


def test_functions_of_a_value():
    loc, scale, base = _normal()
    d = distributions.Independent(base, 2)
    x = numpy.random.normal(size=(5, 4, 3, 2))
    u = numpy.random.uniform(0.1, 0.9, (5, 4, 3, 2))
    rtol = {'rtol': 1e-9}
    numpy.testing.assert_allclose(
        d.log_prob(x).array, stats.norm.logpdf(x, loc, scale).sum(axis=(-2, -1)), **rtol)
    numpy.testing.assert_allclose(
        d.prob(x).array, stats.norm.pdf(x, loc, scale).prod(axis=(-2, -1)), **rtol)
    numpy.testing.assert_allclose(
        d.cdf(x).array, stats.norm.cdf(x, loc, scale).prod(axis=(-2, -1)), **rtol)
    numpy.testing.assert_allclose(
        d.log_cdf(x).array, stats.norm.logcdf(x, loc, scale).sum(axis=(-2, -1)), **rtol)
    numpy.testing.assert_allclose(
        d.survival_function(x).array,
        stats.norm.sf(x, loc, scale).prod(axis=(-2, -1)), **rtol)
    numpy.testing.assert_allclose(
        d.log_survival_function(x).array,
        stats.norm.logsf(x, loc, scale).sum(axis=(-2, -1)), **rtol)
    numpy.testing.assert_allclose(
        d.perplexity(x).array,
        numpy.exp(-stats.norm.logpdf(x, loc, scale).sum(axis=(-2, -1))), **rtol)
    numpy.testing.assert_allclose(d.icdf(u).array, stats.norm.ppf(u, loc, scale), **rtol)


def test_statistics():
    loc, scale, base = _normal()
    d = distributions.Independent(base, 2)
    numpy.testing.assert_allclose(d.mean.array, loc)
    numpy.testing.assert_allclose(d.mode.array, loc)
    numpy.testing.assert_allclose(d.stddev.array, scale)
    numpy.testing.assert_allclose(d.variance.array, scale ** 2)
    numpy.testing.assert_allclose(
        d.entropy.array, stats.norm.entropy(loc, scale).sum(axis=(-2, -1)))
    cov = d.covariance.array
    assert cov.shape == (4, 6, 6)
    for i in range(4):
        numpy.testing.assert_allclose(cov[i], numpy.diag(scale[i].ravel() ** 2))
    assert d.support == 'real' and d.params.keys() == {'loc', 'scale'}
    assert d.xp is numpy and d.device == chainer.backend.CpuDevice()


def test_matches_a_multivariate_normal_with_diagonal_covariance():
    loc, scale, base = _normal((4, 3))
    d = distributions.Independent(base, 1)
    tril = numpy.zeros((4, 3, 3))
    tril[:, numpy.arange(3), numpy.arange(3)] = scale
    mvn = distributions.MultivariateNormal(loc, scale_tril=tril)
    x = numpy.random.normal(size=(2, 4, 3))
    numpy.testing.assert_allclose(d.log_prob(x).array, mvn.log_prob(x).array)
    numpy.testing.assert_allclose(d.entropy.array, mvn.entropy.array)
    numpy.testing.assert_allclose(d.covariance.array, mvn.covariance.array)


def test_block_diagonal_covariance_of_multivariate_components():
    tril = numpy.tril(numpy.random.uniform(0.5, 1, (2, 3, 2, 2)))
    mvn = distributions.MultivariateNormal(numpy.zeros((2, 3, 2)), scale_tril=tril)
    d = distributions.Independent(mvn, 1)
    assert d.event_shape == (3, 2)
    cov = d.covariance.array
    assert cov.shape == (2, 6, 6)
    for b in range(2):
        expected = numpy.zeros((6, 6))
        for i in range(3):
            expected[2 * i:2 * i + 2, 2 * i:2 * i + 2] = tril[b, i] @ tril[b, i].T
        numpy.testing.assert_allclose(cov[b], expected)
    x = numpy.random.normal(size=(2, 3, 2))
    numpy.testing.assert_allclose(d.log_prob(x).array, mvn.log_prob(x).array.sum(-1))


def test_kl_divergence():
    loc1, scale1, base1 = _normal()
    loc2, scale2, base2 = _normal()
    kl = chainer.kl_divergence(distributions.Independent(base1, 2),
                               distributions.Independent(base2, 2))
    expected = (numpy.log(scale2 / scale1)
                + (scale1 ** 2 + (loc1 - loc2) ** 2) / (2 * scale2 ** 2) - 0.5)
    numpy.testing.assert_allclose(kl.array, expected.sum(axis=(-2, -1)))
    with pytest.raises(ValueError, match='different numbers of batch axes'):
        chainer.kl_divergence(distributions.Independent(base1, 1),
                              distributions.Independent(base2, 2))


def test_gradients(check_grads):
    x = numpy.random.normal(size=(2, 3))

    def make(loc, scale):
        return distributions.Independent(distributions.Normal(loc, scale), 1)
    params = {'loc': numpy.random.normal(size=(2, 3)),
              'scale': numpy.random.uniform(0.5, 2, (2, 3))}
    check_grads(make, params, lambda d: d.log_prob(x))
    check_grads(make, params, lambda d: d.entropy)
    check_grads(make, params, lambda d: d.covariance)


def test_arguments_errors():
    _, _, base = _normal()
    with pytest.raises(ValueError, match=r'between 0 and .* \(3\), got 4'):
        distributions.Independent(base, 4)
    with pytest.raises(ValueError, match='got -1'):
        distributions.Independent(base, -1)
    with pytest.raises(ValueError, match='got True'):
        distributions.Independent(base, True)
    with pytest.raises(TypeError, match='must be a chainer.Distribution, got ndarray'):
        distributions.Independent(numpy.zeros(3))
