import numpy
import pytest
from scipy import stats

from chainer import distributions
from chainer import testing


@testing.parameterize(*(
    testing.product({'shape': [(), (3, 2)], 'is_variable': [True, False],
                     'dtype': [numpy.float32]})
    + [{'shape': (3, 2), 'is_variable': True, 'dtype': numpy.float64}]))
class TestBeta(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Beta
        self.scipy_dist = stats.beta
        self.test_targets = {
            'batch_shape', 'entropy', 'event_shape', 'log_prob', 'mean', 'prob',
            'sample', 'stddev', 'support', 'variance'}
        a = numpy.asarray(numpy.random.uniform(0.5, 4, self.shape), self.dtype)
        b = numpy.asarray(numpy.random.uniform(0.5, 4, self.shape), self.dtype)
        self.params = {'a': a, 'b': b}
        self.scipy_params = {'a': a, 'b': b}
        self.support = '[0, 1]'

    def sample_for_test(self):
        return numpy.random.uniform(
            0.02, 0.98, self.sample_shape + self.shape).astype(self.dtype)


def test_outside_and_on_the_boundary():
    d = distributions.Beta(numpy.array([2.0, 2.0, 1.0, 1.0, 3.0]),
                           numpy.array([3.0, 3.0, 2.0, 1.0, 1.0]))
    x = numpy.array([-0.1, 1.2, 0.0, 1.0, 1.0])
    expected = stats.beta.logpdf(x, [2, 2, 1, 1, 3], [3, 3, 2, 1, 1])
    numpy.testing.assert_allclose(d.log_prob(x).array, expected)


def test_mode():
    d = distributions.Beta(numpy.array([2.0, 5.0]), numpy.array([3.0, 2.0]))
    numpy.testing.assert_allclose(d.mode.array, [1 / 3, 0.8])


@pytest.mark.parametrize('what', ['log_prob', 'entropy', 'mean', 'variance'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(0.05, 0.95, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'variance': lambda d: d.variance}[what]
    params = {'a': numpy.random.uniform(0.5, 3, 3), 'b': numpy.random.uniform(0.5, 3, 3)}
    check_grads(distributions.Beta, params, fn)


def test_samples_lie_in_the_unit_interval():
    d = distributions.Beta(numpy.array([0.3, 5.0], numpy.float32),
                           numpy.array([0.3, 0.2], numpy.float32))
    s = d.sample(1000).array
    assert s.dtype == numpy.float32 and s.shape == (1000, 2)
    assert ((s >= 0) & (s <= 1)).all()
