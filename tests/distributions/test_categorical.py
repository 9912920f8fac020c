import numpy
import pytest

import chainer
from chainer import distributions
from chainer import testing


def _probs(shape, k, dtype=numpy.float64):
    p = numpy.random.uniform(0.1, 1, shape + (k,))
    return (p / p.sum(axis=-1, keepdims=True)).astype(dtype)


@testing.parameterize(*testing.product({
    'shape': [(), (3, 2)],
    'use_logit': [False, True],
    'is_variable': [True, False],
    'dtype': [numpy.float32, numpy.float64],
}))
class TestCategorical(object):

    def setup_method(self):
        self.k = 4
        self.p = _probs(self.shape, self.k, self.dtype)
        if self.use_logit:
            value = numpy.log(self.p) + 1.5  # unnormalized
            kwargs = {'logit': value}
        else:
            value = self.p
            kwargs = {'p': value}
        if self.is_variable:
            kwargs = {key: chainer.Variable(v) for key, v in kwargs.items()}
        self.dist = distributions.Categorical(**kwargs)

    def _rtol(self):
        return 1e-5 if self.dtype == numpy.float32 else 1e-10

    def test_shapes_and_attributes(self):
        d = self.dist
        assert d.batch_shape == self.shape and d.event_shape == ()
        numpy.testing.assert_allclose(d.p.array, self.p, rtol=self._rtol())
        numpy.testing.assert_allclose(d.log_p.array, numpy.log(self.p), rtol=self._rtol())
        assert d.log_p.dtype == self.dtype

    def test_log_prob(self):
        x = numpy.random.randint(0, self.k, (5,) + self.shape)
        expected = numpy.empty(x.shape)
        for index in numpy.ndindex(*x.shape):
            expected[index] = numpy.log(self.p[index[1:] + (x[index],)])
        value = self.dist.log_prob(x)
        assert value.dtype == self.dtype and value.shape == x.shape
        numpy.testing.assert_allclose(value.array, expected, rtol=self._rtol())
        numpy.testing.assert_allclose(self.dist.prob(x).array, numpy.exp(expected),
                                      rtol=self._rtol())

    def test_log_prob_outside_the_support(self):
        x = numpy.full(self.shape, -1)
        assert (self.dist.log_prob(x).array == -numpy.inf).all()
        x = numpy.full(self.shape, self.k)
        assert (self.dist.log_prob(x).array == -numpy.inf).all()
        x = numpy.full(self.shape, 1.5, self.dtype)
        assert (self.dist.log_prob(x).array == -numpy.inf).all()
        x = numpy.full(self.shape, 2.0, self.dtype)
        numpy.testing.assert_allclose(self.dist.log_prob(x).array,
                                      numpy.log(self.p[..., 2]), rtol=self._rtol())

    def test_entropy(self):
        expected = -(self.p * numpy.log(self.p)).sum(axis=-1)
        numpy.testing.assert_allclose(self.dist.entropy.array, expected,
                                      rtol=self._rtol() * 10)

    def test_sample(self):
        n = 20000
        s = self.dist.sample(n).array
        assert s.shape == (n,) + self.shape and s.dtype == numpy.int32
        assert ((s >= 0) & (s < self.k)).all()
        for i in range(self.k):
            freq = (s == i).mean(axis=0)
            # five standard errors of a frequency (at most 0.5 / sqrt(n))
            assert (numpy.abs(freq - self.p[..., i]) < 5 * 0.5 / numpy.sqrt(n)).all()


def test_gradients(check_grads):
    x = numpy.array([[0, 2, 1], [3, 3, 0]])
    p = _probs((3,), 4)
    check_grads(distributions.Categorical, {'p': p}, lambda d: d.log_prob(x))
    check_grads(distributions.Categorical, {'p': p}, lambda d: d.entropy)
    logit = numpy.random.normal(size=(3, 4))
    check_grads(lambda logit: distributions.Categorical(logit=logit),
                {'logit': logit}, lambda d: d.log_prob(x))
    check_grads(lambda logit: distributions.Categorical(logit=logit),
                {'logit': logit}, lambda d: d.entropy)


def test_zero_probabilities():
    d = distributions.Categorical(numpy.array([[0.0, 0.25, 0.75], [1.0, 0.0, 0.0]]))
    numpy.testing.assert_allclose(
        d.entropy.array, [-(0.25 * numpy.log(0.25) + 0.75 * numpy.log(0.75)), 0])
    numpy.testing.assert_array_equal(d.log_prob(numpy.array([0, 1])).array,
                                     [-numpy.inf, -numpy.inf])
    s = d.sample(200).array
    assert (s[:, 0] != 0).all() and (s[:, 1] == 0).all()


def test_arguments_errors():
    p = numpy.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match='exactly one of p and logit.*both'):
        distributions.Categorical(p, logit=p)
    with pytest.raises(ValueError, match='exactly one of p and logit.*neither'):
        distributions.Categorical()
    with pytest.raises(ValueError, match=r'last one indexing the categories.*shape \(\)'):
        distributions.Categorical(numpy.array(1.0))
    with pytest.raises(TypeError, match='unexpected keyword arguments: probs'):
        distributions.Categorical(probs=p)
    with pytest.raises(TypeError, match='category indices'):
        distributions.Categorical(p).log_prob(numpy.array(['a', 'b']))
