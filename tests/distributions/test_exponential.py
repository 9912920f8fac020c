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
class TestExponential(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Exponential
        self.scipy_dist = stats.expon
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf',
            'log_prob', 'log_survival', 'mean', 'prob', 'sample', 'stddev',
            'support', 'survival', 'variance'}
        lam = numpy.asarray(numpy.random.uniform(0.5, 2, self.shape), self.dtype)
        self.params = {'lam': lam}
        self.scipy_params = {'scale': numpy.asarray(1 / lam)}
        self.support = 'positive'

    def sample_for_test(self):
        return numpy.random.uniform(
            0.05, 3, self.sample_shape + self.shape).astype(self.dtype)


def test_negative_points():
    d = distributions.Exponential(numpy.array([1.5, 1.5]))
    x = numpy.array([-1.0, 2.0])
    numpy.testing.assert_allclose(d.log_prob(x).array,
                                  stats.expon.logpdf(x, scale=1 / 1.5))
    numpy.testing.assert_allclose(d.cdf(x).array, stats.expon.cdf(x, scale=1 / 1.5))
    numpy.testing.assert_allclose(d.survival_function(x).array,
                                  stats.expon.sf(x, scale=1 / 1.5))
    numpy.testing.assert_array_equal(d.mode.array, [0, 0])


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'log_survival', 'icdf',
                                  'entropy', 'mean', 'variance', 'sample'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(0.1, 3, (2, 3))
    u = numpy.random.uniform(0.1, 0.9, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'cdf': lambda d: d.cdf(x),
          'log_survival': lambda d: d.log_survival_function(x),
          'icdf': lambda d: d.icdf(u), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'variance': lambda d: d.variance,
          'sample': lambda d: d.sample(4)}[what]
    check_grads(distributions.Exponential,
                {'lam': numpy.random.uniform(0.5, 2, 3)}, fn, seed=5)


def test_sample_is_reparameterized():
    lam = chainer.Variable(numpy.array([0.5, 4.0]))
    numpy.random.seed(9)
    sample = distributions.Exponential(lam).sample_n(5)
    numpy.random.seed(9)
    eps = numpy.random.standard_exponential((5, 2))
    numpy.testing.assert_allclose(sample.array, eps / lam.array)
    chainer.functions.sum(sample).backward()
    numpy.testing.assert_allclose(lam.grad, -eps.sum(axis=0) / lam.array ** 2)
