import numpy
import pytest
from scipy import stats

import chainer
from chainer import distributions
from chainer import testing


@testing.parameterize(*(
    testing.product({'shape': [(), (3, 2)], 'is_variable': [True, False],
                     'use_loc_scale': [False, True], 'dtype': [numpy.float32]})
    + [{'shape': (3, 2), 'is_variable': True, 'use_loc_scale': False,
        'dtype': numpy.float64}]))
class TestUniform(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Uniform
        self.scipy_dist = stats.uniform
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf',
            'log_prob', 'log_survival', 'mean', 'prob', 'sample', 'stddev',
            'support', 'survival', 'variance'}
        low = numpy.asarray(numpy.random.uniform(-2, -0.5, self.shape), self.dtype)
        scale = numpy.asarray(numpy.random.uniform(1, 3, self.shape), self.dtype)
        if self.use_loc_scale:
            self.params = {'loc': low, 'scale': scale}
        else:
            self.params = {'low': low, 'high': numpy.asarray(low + scale, self.dtype)}
        self.scipy_params = {'loc': low, 'scale': scale}
        self.support = '[low, high]'

    def sample_for_test(self):
        # Points inside and outside the interval.
        return numpy.random.uniform(
            -2.5, 3, self.sample_shape + self.shape).astype(self.dtype)


def test_outside_points():
    d = distributions.Uniform(low=numpy.array([0.0, 0.0]), high=numpy.array([1.0, 2]))
    x = numpy.array([-0.5, 2.5])
    numpy.testing.assert_array_equal(d.log_prob(x).array, [-numpy.inf, -numpy.inf])
    numpy.testing.assert_array_equal(d.cdf(x).array, [0.0, 1.0])
    assert d.loc.array.tolist() == [0, 0] and d.scale.array.tolist() == [1, 2]


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'icdf', 'entropy', 'mean',
                                  'stddev', 'sample'])
def test_gradients(check_grads, what):
    x = numpy.array([[0.2, 0.4, 1.1], [0.1, 0.3, 0.6]])
    u = numpy.random.uniform(0.1, 0.9, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'cdf': lambda d: d.cdf(x),
          'icdf': lambda d: d.icdf(u), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'stddev': lambda d: d.stddev,
          'sample': lambda d: d.sample(4)}[what]
    params = {'low': numpy.array([0.0, -0.5, 0.3]), 'high': numpy.array([1, 1, 2.0])}
    check_grads(lambda low, high: distributions.Uniform(low=low, high=high),
                params, fn, seed=3)


def test_sample_is_reparameterized():
    loc = chainer.Variable(numpy.array([1.0, -2.0]))
    scale = chainer.Variable(numpy.array([0.5, 3.0]))
    numpy.random.seed(4)
    sample = distributions.Uniform(loc=loc, scale=scale).sample_n(6)
    numpy.random.seed(4)
    u = numpy.random.random_sample((6, 2))
    numpy.testing.assert_allclose(sample.array, loc.array + scale.array * u)
    chainer.functions.sum(sample).backward()
    numpy.testing.assert_allclose(scale.grad, u.sum(axis=0))


def test_arguments_errors():
    a = numpy.zeros(2, numpy.float32)
    with pytest.raises(ValueError, match='either low and high, or loc and scale'):
        distributions.Uniform(low=a, scale=a + 1)
    with pytest.raises(ValueError,
                       match='loc and scale must be given together.*only loc'):
        distributions.Uniform(loc=a)
    with pytest.raises(ValueError, match='must be given, got only high'):
        distributions.Uniform(high=a)
    with pytest.raises(ValueError, match='must be given, got neither'):
        distributions.Uniform()
    with pytest.raises(TypeError, match='unexpected keyword arguments: width'):
        distributions.Uniform(low=a, high=a + 1, width=a)
