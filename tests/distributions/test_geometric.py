import numpy
import pytest
from scipy import stats

from chainer import distributions
from chainer import testing


@testing.parameterize(*(
    testing.product({'shape': [(), (3, 2)], 'is_variable': [True, False],
                     'dtype': [numpy.float32]})
    + [{'shape': (3, 2), 'is_variable': True, 'dtype': numpy.float64}]))
class TestGeometric(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Geometric
        self.scipy_dist = stats.geom
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'log_prob', 'mean',
            'prob', 'sample', 'stddev', 'support', 'variance'}
        p = numpy.asarray(numpy.random.uniform(0.2, 0.9, self.shape), self.dtype)
        self.params = {'p': p}
        self.scipy_params = {'p': p}
        self.support = 'positive integer'
        self.continuous = False

    def sample_for_test(self):
        return numpy.random.randint(
            1, 8, self.sample_shape + self.shape).astype(self.dtype)


def test_outside_the_support():
    d = distributions.Geometric(numpy.full(4, 0.4))
    x = numpy.array([0.0, -2.0, 1.5, 3.0])
    numpy.testing.assert_allclose(d.log_prob(x).array, stats.geom.logpmf(x, 0.4))
    numpy.testing.assert_allclose(d.cdf(x).array, stats.geom.cdf(x, 0.4))
    numpy.testing.assert_array_equal(d.mode.array, [1, 1, 1, 1])


def test_certain_success():
    d = distributions.Geometric(numpy.array([1.0, 1.0]))
    numpy.testing.assert_array_equal(d.log_prob(numpy.array([1.0, 2.0])).array,
                                     [0, -numpy.inf])


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'entropy', 'mean', 'variance'])
def test_gradients(check_grads, what):
    x = numpy.array([[1.0, 2.0, 5.0], [3.0, 1.0, 2.0]])
    fn = {'log_prob': lambda d: d.log_prob(x), 'cdf': lambda d: d.cdf(x),
          'entropy': lambda d: d.entropy, 'mean': lambda d: d.mean,
          'variance': lambda d: d.variance}[what]
    check_grads(distributions.Geometric, {'p': numpy.random.uniform(0.2, 0.8, 3)}, fn)
