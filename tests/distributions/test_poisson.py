import numpy
import pytest
from scipy import stats

from chainer import distributions
from chainer import testing


@testing.parameterize(*(
    testing.product({'shape': [(), (3, 2)], 'is_variable': [True, False],
                     'dtype': [numpy.float32]})
    + [{'shape': (3, 2), 'is_variable': True, 'dtype': numpy.float64}]))
class TestPoisson(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Poisson
        self.scipy_dist = stats.poisson
        self.test_targets = {
            'batch_shape', 'event_shape', 'log_prob', 'mean', 'prob', 'sample',
            'stddev', 'support', 'variance'}
        lam = numpy.asarray(numpy.random.uniform(0.5, 6, self.shape), self.dtype)
        self.params = {'lam': lam}
        self.scipy_params = {'mu': lam}
        self.support = 'non negative integer'
        self.continuous = False

    def sample_for_test(self):
        return numpy.random.randint(
            0, 10, self.sample_shape + self.shape).astype(self.dtype)

    def test_mode(self):
        numpy.testing.assert_array_equal(self.cpu_dist.mode.array,
                                   numpy.floor(self.params['lam']))


def test_outside_the_support_and_zero_rate():
    d = distributions.Poisson(numpy.array([2.0, 2.0, 2.0, 0.0, 0.0]))
    x = numpy.array([-1.0, 1.5, 3.0, 0.0, 1.0])
    numpy.testing.assert_allclose(d.log_prob(x).array,
                                  stats.poisson.logpmf(x, [2, 2, 2, 0, 0]))


def test_integer_points():
    d = distributions.Poisson(numpy.array([1.5, 3.0], numpy.float32))
    x = numpy.array([2, 0])
    value = d.log_prob(x)
    assert value.dtype == numpy.float32
    numpy.testing.assert_allclose(value.array, stats.poisson.logpmf(x, [1.5, 3.0]),
                                  rtol=1e-6)


@pytest.mark.parametrize('what', ['log_prob', 'mean', 'variance'])
def test_gradients(check_grads, what):
    x = numpy.array([[0.0, 2.0, 5.0], [3.0, 1.0, 2.0]])
    fn = {'log_prob': lambda d: d.log_prob(x), 'mean': lambda d: d.mean,
          'variance': lambda d: d.variance}[what]
    check_grads(distributions.Poisson, {'lam': numpy.random.uniform(0.5, 4, 3)}, fn)
