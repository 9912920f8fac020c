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
class TestGamma(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Gamma
        self.scipy_dist = stats.gamma
        self.test_targets = {
            'batch_shape', 'entropy', 'event_shape', 'log_prob', 'mean', 'prob',
            'sample', 'stddev', 'support', 'variance'}
        k = numpy.asarray(numpy.random.uniform(0.5, 5, self.shape), self.dtype)
        theta = numpy.asarray(numpy.random.uniform(0.5, 2, self.shape), self.dtype)
        self.params = {'k': k, 'theta': theta}
        self.scipy_params = {'a': k, 'scale': theta}
        self.support = 'positive'

    def sample_for_test(self):
        return numpy.random.uniform(
            0.05, 5, self.sample_shape + self.shape).astype(self.dtype)

    def test_mode(self):
        k, theta = self.params['k'], self.params['theta']
        testing.assert_allclose(self.cpu_dist.mode.array,
                                numpy.maximum(k - 1, 0) * theta, rtol=1e-5)


def test_out_of_support():
    d = distributions.Gamma(numpy.array([2.0, 1.0, 0.5]), numpy.array([1.0, 2, 3]))
    x = numpy.array([-1.0, 0.0, 0.0])
    expected = stats.gamma.logpdf(x, a=[2, 1, 0.5], scale=[1, 2, 3])
    numpy.testing.assert_allclose(d.log_prob(x).array, expected)


@pytest.mark.parametrize('what', ['log_prob', 'entropy', 'mean', 'variance'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(0.1, 3, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'variance': lambda d: d.variance}[what]
    params = {'k': numpy.random.uniform(0.5, 3, 3),
              'theta': numpy.random.uniform(0.5, 2, 3)}
    check_grads(distributions.Gamma, params, fn)


def test_sample_is_differentiable_with_respect_to_theta():
    k = chainer.Variable(numpy.array([0.7, 3.0]))
    theta = chainer.Variable(numpy.array([0.5, 4.0]))
    numpy.random.seed(8)
    sample = distributions.Gamma(k, theta).sample_n(5)
    numpy.random.seed(8)
    eps = numpy.random.gamma(numpy.broadcast_to(k.array, (5, 2)), size=(5, 2))
    numpy.testing.assert_allclose(sample.array, eps * theta.array)
    chainer.functions.sum(sample).backward()
    numpy.testing.assert_allclose(theta.grad, eps.sum(axis=0))
    assert k.grad is None
