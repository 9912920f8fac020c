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
class TestLogNormal(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.LogNormal
        self.scipy_dist = stats.lognorm
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf',
            'log_prob', 'log_survival', 'mean', 'prob', 'sample', 'stddev',
            'support', 'survival', 'variance'}
        mu = numpy.asarray(numpy.random.uniform(-1, 1, self.shape), self.dtype)
        sigma = numpy.asarray(numpy.random.uniform(0.2, 0.6, self.shape), self.dtype)
        self.params = {'mu': mu, 'sigma': sigma}
        self.scipy_params = {'s': sigma, 'scale': numpy.exp(mu)}
        self.support = 'positive'

    def sample_for_test(self):
        return numpy.random.uniform(
            0.1, 4, self.sample_shape + self.shape).astype(self.dtype)


def test_out_of_support():
    d = distributions.LogNormal(numpy.zeros(3), numpy.ones(3))
    x = numpy.array([-1.0, 0.0, 1.0])
    numpy.testing.assert_array_equal(d.log_prob(x).array[:2], [-numpy.inf] * 2)
    numpy.testing.assert_array_equal(d.cdf(x).array[:2], [0, 0])
    numpy.testing.assert_allclose(d.log_prob(x).array[2], stats.lognorm.logpdf(1, 1))


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'icdf', 'entropy', 'mean',
                                  'variance', 'sample'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(0.2, 3, (2, 3))
    u = numpy.random.uniform(0.1, 0.9, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'cdf': lambda d: d.cdf(x),
          'icdf': lambda d: d.icdf(u), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'variance': lambda d: d.variance,
          'sample': lambda d: d.sample(4)}[what]
    params = {'mu': numpy.random.uniform(-1, 1, 3),
              'sigma': numpy.random.uniform(0.3, 1, 3)}
    check_grads(distributions.LogNormal, params, fn, seed=3)


def test_sample_is_exp_of_normal_sample():
    mu, sigma = numpy.array([0.5, -1.0]), numpy.array([0.2, 1.5])
    numpy.random.seed(11)
    sample = distributions.LogNormal(mu, sigma).sample_n(4).array
    numpy.random.seed(11)
    eps = numpy.random.standard_normal((4, 2))
    numpy.testing.assert_allclose(sample, numpy.exp(mu + sigma * eps))


def test_mode():
    d = distributions.LogNormal(numpy.array([0.3]), numpy.array([0.7]))
    numpy.testing.assert_allclose(d.mode.array, numpy.exp(0.3 - 0.49))


def test_arguments_errors():
    with pytest.raises(TypeError):
        distributions.LogNormal(numpy.zeros(2, numpy.float32))
    with pytest.raises(ValueError, match=r'mu \(2,\).*sigma \(3,\)'):
        distributions.LogNormal(numpy.zeros(2, numpy.float32),
                                numpy.ones(3, numpy.float32))
    with pytest.raises(TypeError, match='sigma must be of a floating-point dtype'):
        distributions.LogNormal(numpy.zeros(2), numpy.ones(2, numpy.int64))
    assert isinstance(distributions.LogNormal(0.0, 1.0).sample(), chainer.Variable)
