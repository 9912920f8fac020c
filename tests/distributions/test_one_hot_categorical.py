import numpy
import pytest

import chainer
from chainer import distributions
from chainer import testing


@testing.parameterize(*testing.product({
    'shape': [(), (3, 2)],
    'is_variable': [True, False],
    'dtype': [numpy.float32, numpy.float64],
}))
class TestOneHotCategorical(object):

    def setup_method(self):
        self.k = 3
        p = numpy.random.uniform(0.1, 1, self.shape + (self.k,))
        self.p = (p / p.sum(axis=-1, keepdims=True)).astype(self.dtype)
        p = chainer.Variable(self.p) if self.is_variable else self.p
        self.dist = distributions.OneHotCategorical(p)

    def _rtol(self):
        return 1e-5 if self.dtype == numpy.float32 else 1e-10

    def test_shapes(self):
        assert self.dist.batch_shape == self.shape
        assert self.dist.event_shape == (self.k,)

    def test_log_prob(self):
        index = numpy.random.randint(0, self.k, (5,) + self.shape)
        x = numpy.eye(self.k, dtype=self.dtype)[index]
        expected = numpy.empty(index.shape)
        for i in numpy.ndindex(*index.shape):
            expected[i] = numpy.log(self.p[i[1:] + (index[i],)])
        value = self.dist.log_prob(x)
        assert value.shape == index.shape and value.dtype == self.dtype
        numpy.testing.assert_allclose(value.array, expected, rtol=self._rtol())

    def test_moments_and_entropy(self):
        p = self.p
        numpy.testing.assert_allclose(self.dist.mean.array, p)
        numpy.testing.assert_allclose(self.dist.variance.array, p * (1 - p),
                                      rtol=self._rtol())
        numpy.testing.assert_allclose(self.dist.entropy.array,
                                      -(p * numpy.log(p)).sum(-1), rtol=self._rtol())
        cov = self.dist.covariance.array
        assert cov.shape == self.shape + (self.k, self.k)
        for index in numpy.ndindex(*self.shape):
            q = p[index].astype(numpy.float64)
            numpy.testing.assert_allclose(cov[index], numpy.diag(q) - numpy.outer(q, q),
                                          rtol=self._rtol() * 10, atol=1e-7)

    def test_sample(self):
        n = 20000
        s = self.dist.sample(n).array
        assert s.shape == (n,) + self.shape + (self.k,) and s.dtype == self.dtype
        assert (s.sum(axis=-1) == 1).all() and set(numpy.unique(s)) == {0, 1}
        tol = 5 * 0.5 / numpy.sqrt(n)
        assert (numpy.abs(s.mean(axis=0) - self.p) < tol).all()


def test_gradients(check_grads):
    p = numpy.random.uniform(0.1, 1, (3, 4))
    p /= p.sum(axis=-1, keepdims=True)
    x = numpy.eye(4)[[[0, 3, 1], [2, 2, 0]]]
    check_grads(distributions.OneHotCategorical, {'p': p}, lambda d: d.log_prob(x))
    check_grads(distributions.OneHotCategorical, {'p': p}, lambda d: d.entropy)


def test_arguments_errors():
    p = numpy.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match='at least one axis'):
        distributions.OneHotCategorical(numpy.array(1.0))
    with pytest.raises(ValueError, match=r'batch_shape \+ \(3,\), got shape \(2, 4\)'):
        distributions.OneHotCategorical(p).log_prob(numpy.zeros((2, 4)))
