import numpy
import pytest
from scipy import stats

import chainer
from chainer import distributions
from chainer import testing


@testing.parameterize(*testing.product({
    'shape': [(), (3, 2)],
    'is_variable': [True, False],
    'dtype': [numpy.float32, numpy.float64],
}))
class TestDirichlet(object):

    def setup_method(self):
        self.k = 3
        self.alpha = numpy.random.uniform(0.5, 4, self.shape + (self.k,)).astype(
            self.dtype)
        alpha = chainer.Variable(self.alpha) if self.is_variable else self.alpha
        self.dist = distributions.Dirichlet(alpha)

    def _tol(self):
        return {'rtol': 1e-4 if self.dtype == numpy.float32 else 1e-9, 'atol': 1e-6}

    def test_shapes(self):
        assert self.dist.batch_shape == self.shape
        assert self.dist.event_shape == (self.k,)
        assert self.dist.support == '[0, 1]'

    def test_statistics(self):
        mean = numpy.empty(self.shape + (self.k,))
        var = numpy.empty(self.shape + (self.k,))
        entropy = numpy.empty(self.shape)
        for index in numpy.ndindex(*self.shape):
            frozen = stats.dirichlet(self.alpha[index].astype(numpy.float64))
            mean[index], var[index] = frozen.mean(), frozen.var()
            entropy[index] = frozen.entropy()
        numpy.testing.assert_allclose(self.dist.mean.array, mean, **self._tol())
        numpy.testing.assert_allclose(self.dist.variance.array, var, **self._tol())
        numpy.testing.assert_allclose(self.dist.entropy.array, entropy, **self._tol())
        numpy.testing.assert_allclose(self.dist.alpha0.array, self.alpha.sum(-1),
                                      **self._tol())

    def test_covariance(self):
        cov = self.dist.covariance.array
        for index in numpy.ndindex(*self.shape):
            a = self.alpha[index].astype(numpy.float64)
            a0 = a.sum()
            m = a / a0
            expected = (numpy.diag(m) - numpy.outer(m, m)) / (a0 + 1)
            numpy.testing.assert_allclose(cov[index], expected, **self._tol())

    def test_log_prob(self):
        x = numpy.random.dirichlet(numpy.ones(self.k), (4,) + self.shape).astype(
            self.dtype)
        expected = numpy.empty((4,) + self.shape)
        for index in numpy.ndindex(*expected.shape):
            point = x[index].astype(numpy.float64)
            # SciPy insists on a sum of 1 to double precision.
            expected[index] = stats.dirichlet.logpdf(
                point / point.sum(), self.alpha[index[1:]])
        value = self.dist.log_prob(x)
        assert value.dtype == self.dtype
        numpy.testing.assert_allclose(value.array, expected,
                                      rtol=1e-3 if self.dtype == numpy.float32
                                      else 1e-9, atol=1e-4)

    def test_sample(self):
        n = 10000
        s = self.dist.sample(n).array
        assert s.shape == (n,) + self.shape + (self.k,) and s.dtype == self.dtype
        numpy.testing.assert_allclose(s.sum(axis=-1), 1, rtol=1e-5)
        mean = self.alpha / self.alpha.sum(-1, keepdims=True)
        std = numpy.sqrt(self.dist.variance.array)
        assert (numpy.abs(s.mean(axis=0) - mean) < 5 * std / numpy.sqrt(n)).all()


def test_negative_component():
    d = distributions.Dirichlet(numpy.array([1.0, 2.0, 3.0]))
    assert d.log_prob(numpy.array([-0.1, 0.6, 0.5])).array == -numpy.inf


@pytest.mark.parametrize('what', ['log_prob', 'entropy', 'mean', 'variance'])
def test_gradients(check_grads, what):
    x = numpy.random.dirichlet(numpy.ones(3), (2, 2))
    fn = {'log_prob': lambda d: d.log_prob(x), 'entropy': lambda d: d.entropy,
          'mean': lambda d: d.mean, 'variance': lambda d: d.variance}[what]
    check_grads(distributions.Dirichlet,
                {'alpha': numpy.random.uniform(0.5, 3, (2, 3))}, fn)


def test_arguments_errors():
    with pytest.raises(ValueError, match='alpha must have at least one axis'):
        distributions.Dirichlet(numpy.array(1.0))
    with pytest.raises(ValueError, match=r'\(3,\), got shape \(2,\)'):
        distributions.Dirichlet(numpy.ones(3)).log_prob(numpy.ones(2))
