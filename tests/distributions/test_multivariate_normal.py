import numpy
import pytest
from scipy import stats

import chainer
from chainer import distributions
from chainer import gradient_check
from chainer import testing


def _tril(shape, d):
    a = numpy.random.uniform(-0.5, 0.5, shape + (d, d))
    a = numpy.tril(a)
    index = numpy.arange(d)
    a[..., index, index] = numpy.random.uniform(0.5, 1.5, shape + (d,))
    return a


@testing.parameterize(*testing.product({
    'shape': [(), (3, 2)],
    'is_variable': [True, False],
    'dtype': [numpy.float32, numpy.float64],
}))
class TestMultivariateNormal(object):

    def setup_method(self):
        self.d = 3
        self.loc = numpy.random.uniform(-1, 1, self.shape + (self.d,)).astype(self.dtype)
        self.tril = _tril(self.shape, self.d).astype(self.dtype)
        loc, tril = self.loc, self.tril
        if self.is_variable:
            loc, tril = chainer.Variable(loc), chainer.Variable(tril)
        self.dist = distributions.MultivariateNormal(loc, scale_tril=tril)

    def _tol(self):
        return {'rtol': 1e-4 if self.dtype == numpy.float32 else 1e-9, 'atol': 1e-5}

    def _frozen(self, index):
        tril = self.tril[index].astype(numpy.float64)
        return stats.multivariate_normal(self.loc[index], tril @ tril.T)

    def test_shapes(self):
        assert self.dist.batch_shape == self.shape
        assert self.dist.event_shape == (self.d,)
        assert self.dist.d == self.d
        assert self.dist.support == 'real'

    def test_statistics(self):
        numpy.testing.assert_array_equal(self.dist.mean.array, self.loc)
        cov = self.dist.covariance.array
        var = self.dist.variance.array
        entropy = self.dist.entropy.array
        for index in numpy.ndindex(*self.shape):
            frozen = self._frozen(index)
            numpy.testing.assert_allclose(cov[index], frozen.cov, **self._tol())
            numpy.testing.assert_allclose(var[index], numpy.diag(frozen.cov),
                                          **self._tol())
            numpy.testing.assert_allclose(entropy[index], frozen.entropy(),
                                          **self._tol())

    def test_log_prob(self):
        x = numpy.random.normal(size=(4,) + self.shape + (self.d,)).astype(self.dtype)
        value = self.dist.log_prob(x)
        assert value.shape == (4,) + self.shape and value.dtype == self.dtype
        prob = self.dist.prob(x).array
        for index in numpy.ndindex(*self.shape):
            where = (slice(None),) + index
            expected = self._frozen(index).logpdf(x[where].astype(numpy.float64))
            numpy.testing.assert_allclose(value.array[where], expected, **self._tol())
            numpy.testing.assert_allclose(prob[where], numpy.exp(expected),
                                          **self._tol())

    def test_sample(self):
        n = 10000
        s = self.dist.sample(n).array
        assert s.shape == (n,) + self.shape + (self.d,) and s.dtype == self.dtype
        std = numpy.sqrt(self.dist.variance.array)
        assert (numpy.abs(s.mean(axis=0) - self.loc) < 5 * std / numpy.sqrt(n)).all()
        for index in numpy.ndindex(*self.shape):
            sample_cov = numpy.cov(s[(slice(None),) + index].T)
            numpy.testing.assert_allclose(sample_cov, self._frozen(index).cov,
                                          atol=0.1)


def test_upper_triangle_is_ignored():
    tril = _tril((), 3)
    full = tril + numpy.triu(numpy.ones((3, 3)), 1)
    x = numpy.random.normal(size=(2, 3))
    loc = numpy.zeros(3)
    expected = distributions.MultivariateNormal(loc, scale_tril=tril).log_prob(x)
    actual = distributions.MultivariateNormal(loc, scale_tril=full).log_prob(x)
    numpy.testing.assert_allclose(actual.array, expected.array)


def test_batch_shapes_broadcast():
    d = distributions.MultivariateNormal(numpy.zeros((4, 1, 2)),
                                         scale_tril=_tril((3,), 2))
    assert d.batch_shape == (4, 3)
    assert d.sample(5).shape == (5, 4, 3, 2)
    assert d.log_prob(numpy.zeros((5, 4, 3, 2))).shape == (5, 4, 3)


@pytest.mark.parametrize('what', ['log_prob', 'entropy', 'covariance', 'sample'])
def test_gradients(check_grads, what):
    x = numpy.random.normal(size=(2, 2, 3))
    fn = {'log_prob': lambda d: d.log_prob(x), 'entropy': lambda d: d.entropy,
          'covariance': lambda d: d.covariance, 'sample': lambda d: d.sample(3)}[what]
    params = {'loc': numpy.random.normal(size=(2, 3)), 'scale_tril': _tril((2,), 3)}
    check_grads(lambda loc, scale_tril: distributions.MultivariateNormal(
        loc, scale_tril=scale_tril), params, fn, seed=1,
        double=(what == 'log_prob'))


def test_arguments_errors():
    loc = numpy.zeros(3)
    with pytest.raises(ValueError, match='scale_tril must be given'):
        distributions.MultivariateNormal(loc)
    with pytest.raises(ValueError, match=r'\(3, 3\) to match loc of shape \(3,\), '
                                         r'got shape \(2, 2\)'):
        distributions.MultivariateNormal(loc, scale_tril=numpy.eye(2))
    with pytest.raises(ValueError, match='loc must have at least one axis'):
        distributions.MultivariateNormal(numpy.array(0.0), scale_tril=numpy.eye(1))
    with pytest.raises(ValueError, match='batch shapes of loc'):
        distributions.MultivariateNormal(numpy.zeros((2, 3)),
                                         scale_tril=numpy.ones((4, 3, 3)))
    with pytest.raises(TypeError, match='unexpected keyword arguments: cov'):
        distributions.MultivariateNormal(loc, scale_tril=numpy.eye(3), cov=numpy.eye(3))
    with pytest.raises(ValueError, match=r'\(3,\), got shape \(2,\)'):
        distributions.MultivariateNormal(loc, scale_tril=numpy.eye(3)).log_prob(
            numpy.zeros(2))


@pytest.mark.parametrize('lower', [True, False])
@pytest.mark.parametrize('shape', [(3, 3), (2, 4, 4), (0, 0), (0, 2, 2)])
def test_triangular_inverse(lower, shape):
    from chainer.distributions.multivariate_normal import _triangular_inv
    rng = numpy.random.RandomState(0)
    x = rng.normal(size=shape)
    x = numpy.tril(x) if lower else numpy.triu(x)
    d = shape[-1]
    x += 3 * numpy.eye(d) * numpy.sign(x.diagonal(0, -2, -1))[..., None] if d else 0
    y = _triangular_inv(x, lower=lower)
    assert y.shape == shape
    if x.size:
        numpy.testing.assert_allclose(y.array, numpy.linalg.inv(x), atol=1e-12)
        other = numpy.triu(y.array, 1) if lower else numpy.tril(y.array, -1)
        assert (other == 0).all()
        gy = rng.normal(size=shape)
        f = lambda m: _triangular_inv(m, lower=lower)   # NOQA
        gradient_check.check_backward(f, x, gy)
        gradient_check.check_double_backward(f, x, gy, rng.normal(size=shape))
