import numpy
import pytest
from scipy import stats

import chainer
from chainer import distributions
from chainer import gradient_check
from chainer import testing


@testing.parameterize(*(
    testing.product({'shape': [(), (3, 2)], 'is_variable': [True, False],
                     'dtype': [numpy.float32]})
    + [{'shape': (3, 2), 'is_variable': True, 'dtype': numpy.float64}]))
class TestLaplace(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Laplace
        self.scipy_dist = stats.laplace
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf',
            'log_prob', 'log_survival', 'mean', 'prob', 'sample', 'stddev',
            'support', 'survival', 'variance'}
        loc = numpy.asarray(numpy.random.uniform(-1, 1, self.shape), self.dtype)
        scale = numpy.asarray(numpy.random.uniform(0.5, 2, self.shape), self.dtype)
        self.params = {'loc': loc, 'scale': scale}
        self.scipy_params = {'loc': loc, 'scale': scale}

    def test_mode(self):
        testing.assert_allclose(self.cpu_dist.mode.array, self.params['loc'])


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'log_cdf', 'survival',
                                  'log_survival', 'icdf', 'entropy', 'stddev',
                                  'sample'])
def test_gradients(check_grads, what):
    x = numpy.array([[-2.0, 0.3, 1.5], [0.9, -0.7, 2.5]])
    u = numpy.array([[0.1, 0.4, 0.7], [0.9, 0.6, 0.2]])
    fn = {'log_prob': lambda d: d.log_prob(x), 'cdf': lambda d: d.cdf(x),
          'log_cdf': lambda d: d.log_cdf(x),
          'survival': lambda d: d.survival_function(x),
          'log_survival': lambda d: d.log_survival_function(x),
          'icdf': lambda d: d.icdf(u), 'entropy': lambda d: d.entropy,
          'stddev': lambda d: d.stddev, 'sample': lambda d: d.sample(4)}[what]
    params = {'loc': numpy.array([0.1, -0.2, 0.4]), 'scale': numpy.array([0.5, 1, 2])}
    check_grads(distributions.Laplace, params, fn, seed=5)


def test_sample_is_reparameterized():
    loc = chainer.Variable(numpy.array([1.0, -2.0]))
    scale = chainer.Variable(numpy.array([0.5, 3.0]))
    numpy.random.seed(2)
    sample = distributions.Laplace(loc, scale).sample_n(6)
    numpy.random.seed(2)
    eps = numpy.random.laplace(size=(6, 2))
    numpy.testing.assert_allclose(sample.array, loc.array + scale.array * eps)
    chainer.functions.sum(sample).backward()
    numpy.testing.assert_allclose(scale.grad, eps.sum(axis=0))


def test_arguments_errors():
    with pytest.raises(ValueError, match='do not broadcast'):
        distributions.Laplace(numpy.zeros(2), numpy.ones(3))


def test_standard_cdf_and_icdf():
    from chainer.distributions.laplace import _laplace_cdf, _laplace_icdf
    z = numpy.array([-3.0, -0.5, 0.0, 0.7, 4.0])
    numpy.testing.assert_allclose(_laplace_cdf(z).array, stats.laplace.cdf(z))
    q = numpy.array([0.02, 0.3, 0.5, 0.8, 0.98])
    numpy.testing.assert_allclose(_laplace_icdf(q).array, stats.laplace.ppf(q))
    numpy.testing.assert_allclose(_laplace_cdf(_laplace_icdf(q)).array, q)
    gradient_check.check_backward(_laplace_cdf, z[z != 0], numpy.ones(4))
    gradient_check.check_backward(_laplace_icdf, numpy.array([0.1, 0.3, 0.8, 0.9]),
                                  numpy.ones(4), eps=1e-6)
