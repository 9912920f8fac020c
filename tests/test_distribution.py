"""The Distribution interface: derived methods, sampling shapes, KL registry."""
import numpy
import pytest

import chainer
from chainer import distribution
import chainer.functions as F


class _Exponential(chainer.Distribution):
    """Only log_prob, the shapes, params and sample_n: the rest is derived."""

    def __init__(self, lam):
        self.lam = chainer.as_variable(lam)

    batch_shape = property(lambda self: self.lam.shape)
    event_shape = property(lambda self: ())
    params = property(lambda self: {'lam': self.lam})

    def log_prob(self, x):
        return F.log(self.lam) - self.lam * x

    def sample_n(self, n):
        eps = numpy.random.standard_exponential((n,) + self.lam.shape)
        return eps / self.lam


class _ByCdf(_Exponential):
    def cdf(self, x):
        return 1 - F.exp(-self.lam * x)


class _ByLogSurvival(_Exponential):
    def log_survival_function(self, x):
        return -self.lam * x


class _ByVariance(_Exponential):
    variance = property(lambda self: 1 / self.lam ** 2)


class _ByStddev(_Exponential):
    stddev = property(lambda self: 1 / self.lam)


class _ByProb(chainer.Distribution):
    def __init__(self, lam):
        self.lam = chainer.as_variable(lam)

    def prob(self, x):
        return self.lam * F.exp(-self.lam * x)


LAM = numpy.array([0.5, 2.0])
X = numpy.array([[0.3, 1.2], [2.0, 0.1]])


def _check(actual, expected):
    assert isinstance(actual, chainer.Variable)
    numpy.testing.assert_allclose(actual.array, expected, rtol=1e-12)


def test_prob_and_perplexity_from_log_prob():
    d = _Exponential(LAM)
    _check(d.prob(X), LAM * numpy.exp(-LAM * X))
    _check(d.perplexity(X), 1 / (LAM * numpy.exp(-LAM * X)))


def test_log_prob_from_prob():
    _check(_ByProb(LAM).log_prob(X), numpy.log(LAM) - LAM * X)


@pytest.mark.parametrize('cls', [_ByCdf, _ByLogSurvival])
def test_distribution_functions_derived_from_one_another(cls):
    d = cls(LAM)
    cdf = 1 - numpy.exp(-LAM * X)
    _check(d.cdf(X), cdf)
    _check(d.log_cdf(X), numpy.log(cdf))
    _check(d.survival_function(X), 1 - cdf)
    _check(d.log_survival_function(X), numpy.log(1 - cdf))


@pytest.mark.parametrize('cls', [_ByVariance, _ByStddev])
def test_variance_and_stddev_derived_from_each_other(cls):
    d = cls(LAM)
    _check(d.variance, 1 / LAM ** 2)
    _check(d.stddev, 1 / LAM)


@pytest.mark.parametrize('what', ['mean', 'mode', 'variance', 'stddev', 'covariance',
                                  'entropy', 'support'])
def test_missing_properties(what):
    with pytest.raises(NotImplementedError, match='_Exponential does not implement '
                       + what):
        getattr(_Exponential(LAM), what)


@pytest.mark.parametrize('what', ['cdf', 'log_cdf', 'survival_function',
                                  'log_survival_function', 'icdf'])
def test_missing_functions(what):
    with pytest.raises(NotImplementedError, match='_Exponential does not implement '
                       + what + '$'):
        getattr(_Exponential(LAM), what)(X)


def test_the_bare_interface():
    d = chainer.Distribution()
    for what in ('batch_shape', 'event_shape', 'params'):
        with pytest.raises(NotImplementedError, match='Distribution does not implement '
                           + what):
            getattr(d, what)
    for what in ('log_prob', 'prob'):
        with pytest.raises(NotImplementedError, match=what):
            getattr(d, what)(X)
    with pytest.raises(NotImplementedError, match='sample_n'):
        d.sample(3)
    assert repr(d) == '<Distribution>'


@pytest.mark.parametrize('sample_shape,expected', [
    ((), (2,)), (3, (3, 2)), ((4, 5), (4, 5, 2)), ((0,), (0, 2)),
    (numpy.int64(2), (2, 2)), ([2, 1], (2, 1, 2))])
def test_sample_shapes(sample_shape, expected):
    assert _Exponential(LAM).sample(sample_shape).shape == expected


def test_sample_follows_sample_n():
    numpy.random.seed(5)
    s = _Exponential(LAM).sample((2, 3)).array
    numpy.random.seed(5)
    n = _Exponential(LAM).sample_n(6).array
    numpy.testing.assert_array_equal(s, n.reshape(2, 3, 2))


@pytest.mark.parametrize('bad', [-1, (2, -1), 1.5, (2.0,), 'a', True])
def test_sample_shape_errors(bad):
    with pytest.raises(ValueError, match=r'_Exponential.sample: sample_shape must be'):
        _Exponential(LAM).sample(bad)


def test_xp_device_and_repr():
    d = _Exponential(LAM)
    assert d.xp is numpy
    assert d.device == chainer.backend.CpuDevice()
    assert repr(d) == '<_Exponential batch_shape=(2,) event_shape=()>'


# -- KL divergence -------------------------------------------------------------

class _Base(chainer.Distribution):
    entropy = property(lambda self: chainer.Variable(numpy.array(1.5)))


class _Derived(_Base):
    pass


class _MoreDerived(_Derived):
    pass


class _Other(chainer.Distribution):
    pass


@pytest.fixture
def registry():
    saved = dict(distribution._KLDIVERGENCE)
    yield
    distribution._KLDIVERGENCE.clear()
    distribution._KLDIVERGENCE.update(saved)


def test_register_and_dispatch(registry):
    @chainer.register_kl(_Base, _Base)
    def kl_base(d1, d2):
        return chainer.Variable(numpy.array(1.0))

    @chainer.distributions.register_kl(_Derived, _Derived)
    def kl_derived(d1, d2):
        return chainer.Variable(numpy.array(2.0))
    assert kl_base.__name__ == 'kl_base'  # the decorator returns the function
    assert chainer.kl_divergence(_Base(), _Base()).array == 1.0
    assert chainer.kl_divergence(_Derived(), _Derived()).array == 2.0
    # the closest registered pair of base classes
    assert chainer.kl_divergence(_MoreDerived(), _Derived()).array == 2.0
    assert chainer.kl_divergence(_MoreDerived(), _Base()).array == 1.0
    assert chainer.cross_entropy(_Derived(), _Derived()).array == 3.5
    with pytest.raises(NotImplementedError, match=r'no KL divergence is registered '
                       r'between _Base and _Other; register one with '
                       r'chainer.register_kl\(_Base, _Other\)'):
        chainer.kl_divergence(_Base(), _Other())


def test_kl_argument_errors():
    with pytest.raises(TypeError, match='dist2 must be a chainer.Distribution, got int'):
        chainer.kl_divergence(_Base(), 3)
    with pytest.raises(TypeError,
                       match='Dist1 must be a subclass of chainer.Distribution'):
        chainer.register_kl(int, _Base)
    with pytest.raises(TypeError, match='must be callable'):
        chainer.register_kl(_Base, _Base)(3)


def test_top_level_names():
    assert chainer.Distribution is distribution.Distribution
    assert chainer.kl_divergence is distribution.kl_divergence
    assert chainer.cross_entropy is distribution.cross_entropy
    assert chainer.register_kl is distribution.register_kl
    assert chainer.distributions.Distribution is distribution.Distribution


def test_registered_pairs():
    d = chainer.distributions
    for cls in (d.Bernoulli, d.Beta, d.Categorical, d.Chisquare, d.Dirichlet,
                d.Exponential, d.Gamma, d.Geometric, d.Gumbel, d.Independent,
                d.Laplace, d.LogNormal, d.MultivariateNormal, d.Normal,
                d.OneHotCategorical, d.Pareto, d.Poisson, d.Uniform):
        assert (cls, cls) in distribution._KLDIVERGENCE, cls.__name__
