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
class TestGumbel(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Gumbel
        self.scipy_dist = stats.gumbel_r
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf',
            'log_prob', 'log_survival', 'mean', 'prob', 'sample', 'stddev',
            'support', 'survival', 'variance'}
        loc = numpy.asarray(numpy.random.uniform(-1, 1, self.shape), self.dtype)
        scale = numpy.asarray(numpy.random.uniform(0.5, 2, self.shape), self.dtype)
        self.params = {'loc': loc, 'scale': scale}
        self.scipy_params = {'loc': loc, 'scale': scale}


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'icdf', 'entropy', 'mean',
                                  'variance', 'sample'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(-2, 3, (2, 3))
    u = numpy.random.uniform(0.1, 0.9, (2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'cdf': lambda d: d.cdf(x),
          'icdf': lambda d: d.icdf(u), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'variance': lambda d: d.variance,
          'sample': lambda d: d.sample(4)}[what]
    params = {'loc': numpy.random.uniform(-1, 1, 3),
              'scale': numpy.random.uniform(0.5, 2, 3)}
    check_grads(distributions.Gumbel, params, fn, seed=5)


def test_sample_is_reparameterized():
    loc = chainer.Variable(numpy.array([1.0, -2.0]))
    scale = chainer.Variable(numpy.array([0.5, 3.0]))
    numpy.random.seed(4)
    sample = distributions.Gumbel(loc, scale).sample_n(6)
    numpy.random.seed(4)
    eps = numpy.random.gumbel(size=(6, 2))
    numpy.testing.assert_allclose(sample.array, loc.array + scale.array * eps)
    chainer.functions.sum(sample).backward()
    numpy.testing.assert_allclose(loc.grad, [6.0, 6.0])


def test_mode():
    d = distributions.Gumbel(numpy.array([0.25]), numpy.array([2.0]))
    numpy.testing.assert_allclose(d.mode.array, [0.25])
