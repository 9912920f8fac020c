import numpy
import pytest
from scipy import stats

import chainer
from chainer import distributions
from chainer import testing


@testing.parameterize(*(
    testing.product({
        'shape': [(), (3, 2)],
        'is_variable': [True, False],
        'log_scale_option': [False, True],
        'dtype': [numpy.float32],
    }) + [{'shape': (3, 2), 'is_variable': True, 'log_scale_option': False,
           'dtype': numpy.float64}]))
class TestNormal(testing.distribution_unittest):

    def setUp_configure(self):
        self.dist = distributions.Normal
        self.scipy_dist = stats.norm
        self.test_targets = {
            'batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf',
            'log_prob', 'log_survival', 'mean', 'prob', 'sample', 'stddev',
            'support', 'survival', 'variance'}
        loc = numpy.asarray(numpy.random.uniform(-1, 1, self.shape), self.dtype)
        log_scale = numpy.asarray(numpy.random.uniform(-1, 1, self.shape),
                                  self.dtype)
        scale = numpy.asarray(numpy.exp(log_scale))
        if self.log_scale_option:
            self.params = {'loc': loc, 'log_scale': log_scale}
        else:
            self.params = {'loc': loc, 'scale': scale}
        self.scipy_params = {'loc': loc, 'scale': scale}

    def test_dtype_is_kept(self):
        d = self.cpu_dist
        for value in (d.mean, d.variance, d.entropy, d.sample(2),
                      d.log_prob(numpy.zeros(self.shape, self.dtype)),
                      d.cdf(numpy.zeros(self.shape, self.dtype))):
            assert value.dtype == self.dtype

    def test_log_scale_attribute(self):
        d = self.cpu_dist
        numpy.testing.assert_allclose(
            d.log_scale.array, numpy.log(self.scipy_params['scale']), rtol=1e-5)
        numpy.testing.assert_allclose(d.scale.array, self.scipy_params['scale'],
                                      rtol=1e-5)


def _params(shape=(3,)):
    return {'loc': numpy.random.uniform(-1, 1, shape),
            'scale': numpy.random.uniform(0.5, 2, shape)}


@pytest.mark.parametrize('what', ['log_prob', 'cdf', 'log_cdf', 'survival',
                                  'log_survival', 'icdf', 'entropy', 'mean',
                                  'variance', 'sample'])
def test_gradients(check_grads, what):
    x = numpy.random.uniform(-2, 2, (2, 3))
    u = numpy.random.uniform(0.1, 0.9, (2, 3))
    fn = {
        'log_prob': lambda d: d.log_prob(x),
        'cdf': lambda d: d.cdf(x),
        'log_cdf': lambda d: d.log_cdf(x),
        'survival': lambda d: d.survival_function(x),
        'log_survival': lambda d: d.log_survival_function(x),
        'icdf': lambda d: d.icdf(u),
        'entropy': lambda d: d.entropy,
        'mean': lambda d: d.mean,
        'variance': lambda d: d.variance,
        'sample': lambda d: d.sample(4),
    }[what]
    check_grads(distributions.Normal, _params(), fn, seed=7)


def test_log_scale_gradients(check_grads):
    x = numpy.random.uniform(-2, 2, (2, 3))
    params = {'loc': numpy.random.uniform(-1, 1, 3),
              'log_scale': numpy.random.uniform(-1, 1, 3)}
    check_grads(lambda loc, log_scale: distributions.Normal(loc, log_scale=log_scale),
                params, lambda d: d.log_prob(x), double=True)


def test_log_prob_gradient_with_respect_to_x():
    loc = numpy.array([0.5, -1.0])
    scale = numpy.array([2.0, 0.5])
    x = chainer.Variable(numpy.array([1.0, 0.0]))
    chainer.functions.sum(distributions.Normal(loc, scale).log_prob(x)).backward()
    numpy.testing.assert_allclose(x.grad, -(x.array - loc) / scale ** 2)


def test_sample_is_reparameterized():
    loc = chainer.Variable(numpy.array([1.0, 2.0]))
    scale = chainer.Variable(numpy.array([0.5, 3.0]))
    numpy.random.seed(3)
    sample = distributions.Normal(loc, scale).sample_n(5)
    numpy.random.seed(3)
    eps = numpy.random.standard_normal((5, 2))
    numpy.testing.assert_allclose(sample.array, loc.array + scale.array * eps)
    chainer.functions.sum(sample).backward()
    numpy.testing.assert_allclose(loc.grad, [5.0, 5.0])
    numpy.testing.assert_allclose(scale.grad, eps.sum(axis=0))


def test_parameters_broadcast():
    d = distributions.Normal(numpy.zeros((2, 1), numpy.float32),
                             numpy.ones(3, numpy.float32))
    assert d.batch_shape == (2, 3)
    assert d.sample((4,)).shape == (4, 2, 3)


def test_python_scalars_take_the_dtype_of_the_arrays():
    d = distributions.Normal(numpy.zeros(2, numpy.float64), 2.0)
    assert d.scale.dtype == numpy.float64
    d = distributions.Normal(0.0, 1.0)
    assert d.loc.dtype == numpy.float32 and d.batch_shape == ()


def test_arguments_errors():
    loc = numpy.zeros(3, numpy.float32)
    with pytest.raises(ValueError, match='exactly one of scale and log_scale.*both'):
        distributions.Normal(loc, loc, log_scale=loc)
    with pytest.raises(ValueError, match='exactly one of scale and log_scale.*neither'):
        distributions.Normal(loc)
    with pytest.raises(TypeError, match='unexpected keyword arguments: sigma'):
        distributions.Normal(loc, sigma=loc)
    with pytest.raises(ValueError, match=r'do not broadcast.*loc \(3,\).*scale \(2,\)'):
        distributions.Normal(loc, numpy.ones(2, numpy.float32))
    with pytest.raises(TypeError, match='one dtype.*loc is float32.*scale is float64'):
        distributions.Normal(loc, numpy.ones(3))
    with pytest.raises(TypeError, match='scale must be of a floating-point dtype'):
        distributions.Normal(loc, numpy.ones(3, numpy.int32))
    with pytest.raises(TypeError, match='loc must be a Variable or an array'):
        distributions.Normal('a', 1.0)
    with pytest.raises(ValueError, match='n must be a non-negative int'):
        distributions.Normal(loc, loc + 1).sample_n(-1)
