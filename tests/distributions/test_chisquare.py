import numpy
import pytest
from scipy import stats

from chainer import distributions
from chainer import testing


@testing.parameterize(*(
    testing.product({'shape': [(), (3, 2)], 'is_variable': [True, False],
                     'dtype': [numpy.float32]})
    + [{'shape': (3, 2), 'is_variable': True, 'dtype': numpy.float64}]))
class TestChisquare(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Chisquare
        self.scipy_dist = stats.chi2
        self.test_targets = {
            'batch_shape', 'entropy', 'event_shape', 'log_prob', 'mean', 'prob',
            'sample', 'stddev', 'support', 'variance'}
        k = numpy.asarray(numpy.random.uniform(1, 6, self.shape), self.dtype)
        self.params = {'k': k}
        self.scipy_params = {'df': k}
        self.support = 'positive'

    def sample_for_test(self):
        return numpy.random.uniform(
            0.05, 8, self.sample_shape + self.shape).astype(self.dtype)


def test_mode_and_out_of_support():
    d = distributions.Chisquare(numpy.array([1.0, 5.0]))
    numpy.testing.assert_allclose(d.mode.array, [0.0, 3.0])
    numpy.testing.assert_array_equal(d.log_prob(numpy.array([-1.0, -0.5])).array,
                                     [-numpy.inf, -numpy.inf])


@pytest.mark.parametrize('what', ['log_prob', 'entropy', 'variance'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(0.1, 5, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'entropy': lambda d: d.entropy,
          'variance': lambda d: d.variance}[what]
    check_grads(distributions.Chisquare, {'k': numpy.random.uniform(1, 5, 3)}, fn)
