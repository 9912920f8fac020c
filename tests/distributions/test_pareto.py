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
class TestPareto(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Pareto
        self.scipy_dist = stats.pareto
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_prob',
            'mean', 'prob', 'sample', 'stddev', 'support', 'variance'}
        scale = numpy.asarray(numpy.random.uniform(0.5, 2, self.shape), self.dtype)
        # A large shape keeps the fourth moment finite, so the sample standard
        # deviation converges as the test of samples expects.
        alpha = numpy.asarray(numpy.random.uniform(8, 12, self.shape), self.dtype)
        self.params = {'scale': scale, 'alpha': alpha}
        self.scipy_params = {'b': alpha, 'scale': scale}
        self.support = '[scale, inf]'

    def sample_for_test(self):
        return numpy.random.uniform(
            2, 4, self.sample_shape + self.shape).astype(self.dtype)


def test_below_the_scale_and_infinite_moments():
    d = distributions.Pareto(numpy.array([1.0, 2.0, 1.0]), numpy.array([0.5, 1.5, 3]))
    x = numpy.array([0.5, 1.0, 1.0])
    expected = stats.pareto.logpdf(x, b=[0.5, 1.5, 3], scale=[1, 2, 1])
    numpy.testing.assert_allclose(d.log_prob(x).array, expected)
    numpy.testing.assert_allclose(d.cdf(x).array,
                                  stats.pareto.cdf(x, b=[0.5, 1.5, 3], scale=[1, 2, 1]))
    numpy.testing.assert_allclose(d.mean.array, [numpy.inf, 6.0, 1.5])
    numpy.testing.assert_allclose(d.variance.array, [numpy.inf, numpy.inf, 0.75])
    numpy.testing.assert_allclose(d.mode.array, [1.0, 2.0, 1.0])


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'icdf', 'entropy', 'mean',
                                  'variance', 'sample'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(2.5, 4, (2, 3))
    u = numpy.random.uniform(0.1, 0.9, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'cdf': lambda d: d.cdf(x),
          'icdf': lambda d: d.icdf(u), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'variance': lambda d: d.variance,
          'sample': lambda d: d.sample(4)}[what]
    params = {'scale': numpy.random.uniform(0.5, 2, 3),
              'alpha': numpy.random.uniform(3, 5, 3)}
    check_grads(distributions.Pareto, params, fn, seed=3)


def test_infinite_mean_has_zero_gradient():
    alpha = chainer.Variable(numpy.array([0.5, 3.0]))
    mean = distributions.Pareto(numpy.array([1.0, 1.0]), alpha).mean
    mean[1].backward()
    numpy.testing.assert_allclose(alpha.grad, [0.0, -1 / 4])
