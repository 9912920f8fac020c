import numpy
import pytest
from scipy import stats

import chainer
from chainer import distributions
from chainer import testing


@testing.parameterize(*(
    testing.product({'shape': [(), (3, 2)], 'is_variable': [True, False],
                     'dtype': [numpy.float32]})
    + [{'shape': (3, 2), 'is_variable': True, 'dtype': numpy.float64}]))
class TestCauchy(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Cauchy
        self.scipy_dist = stats.cauchy
        # The mean and the variance do not exist; samples are heavy-tailed, so
        # they are checked by quantiles below instead of by moments.
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf',
            'log_prob', 'log_survival', 'prob', 'support', 'survival'}
        loc = numpy.asarray(numpy.random.uniform(-1, 1, self.shape), self.dtype)
        scale = numpy.asarray(numpy.random.uniform(0.5, 2, self.shape), self.dtype)
        self.params = {'loc': loc, 'scale': scale}
        self.scipy_params = {'loc': loc, 'scale': scale}

    def test_mean_and_variance_are_nan_with_a_warning(self):
        d = self.cpu_dist
        with pytest.warns(RuntimeWarning, match='mean of the Cauchy'):
            mean = d.mean
        with pytest.warns(RuntimeWarning, match='variance of the Cauchy'):
            variance = d.variance
        assert mean.shape == variance.shape == tuple(self.shape)
        assert numpy.isnan(mean.array).all() and numpy.isnan(variance.array).all()
        assert mean.dtype == self.dtype

    def test_sample_quantiles(self):
        n = 20000
        samples = self.cpu_dist.sample(n).array
        assert samples.shape == (n,) + tuple(self.shape)
        for q in (0.25, 0.5, 0.75):
            expected = stats.cauchy.ppf(q, **self.scipy_params)
            # The density at the quantile is at least 1 / (2 pi scale); the
            # standard error of the empirical quantile is below
            # sqrt(q (1 - q) / n) / density, a few hundredths here.
            tol = 8 * numpy.sqrt(q * (1 - q) / n) * 2 * numpy.pi * \
                self.scipy_params['scale']
            assert (numpy.abs(numpy.quantile(samples, q, axis=0) - expected)
                    < tol).all()


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'survival', 'icdf', 'entropy',
                                  'sample'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(-2, 3, (2, 3))
    u = numpy.random.uniform(0.1, 0.9, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'cdf': lambda d: d.cdf(x),
          'survival': lambda d: d.survival_function(x),
          'icdf': lambda d: d.icdf(u), 'entropy': lambda d: d.entropy,
          'sample': lambda d: d.sample(4)}[what]
    params = {'loc': numpy.random.uniform(-1, 1, 3),
              'scale': numpy.random.uniform(0.5, 2, 3)}
    check_grads(distributions.Cauchy, params, fn, seed=5)


def test_sample_is_reparameterized():
    loc = chainer.Variable(numpy.array([1.0, -2.0]))
    scale = chainer.Variable(numpy.array([0.5, 3.0]))
    numpy.random.seed(4)
    sample = distributions.Cauchy(loc, scale).sample_n(6)
    numpy.random.seed(4)
    eps = numpy.random.standard_cauchy((6, 2))
    numpy.testing.assert_allclose(sample.array, loc.array + scale.array * eps)
