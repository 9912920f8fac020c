"""distribution_unittest compares a distribution with scipy.stats; here with a small
exponential distribution written for the test."""
import sys
import types
import unittest

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing

stats = pytest.importorskip('scipy.stats')


class _Exponential(object):
    """Exponential distribution with rate ``lam`` (batch shape = lam's shape)."""

    def __init__(self, lam, variance_factor=1.0):
        self.lam = chainer.as_variable(lam)
        self.variance_factor = variance_factor

    batch_shape = property(lambda self: self.lam.shape)
    event_shape = ()
    support = 'positive'
    mean = property(lambda self: 1 / self.lam)
    variance = property(lambda self: self.variance_factor / self.lam ** 2)
    stddev = property(lambda self: 1 / self.lam)
    entropy = property(lambda self: 1 - F.log(self.lam))

    def log_prob(self, x):
        return F.log(self.lam) - self.lam * x

    def prob(self, x):
        return F.exp(self.log_prob(x))

    def cdf(self, x):
        return 1 - F.exp(-self.lam * x)

    def log_cdf(self, x):
        return F.log(self.cdf(x))

    def survival_function(self, x):
        return F.exp(-self.lam * x)

    def log_survival_function(self, x):
        return -self.lam * x

    def icdf(self, p):
        return -F.log(1 - p) / self.lam

    def sample(self, sample_shape):
        xp = chainer.backend.get_array_module(self.lam.array)
        u = xp.random.uniform(size=tuple(sample_shape) + self.batch_shape)
        return chainer.Variable((-xp.log(1 - u) / self.lam.array).astype(
            numpy.float32))


def _case(variance_factor=1.0, targets=None):
    module = types.ModuleType('fake_distribution_module_{}'.format(len(sys.modules)))
    sys.modules[module.__name__] = module

    class TestExponential(testing.distribution_unittest):
        def setUp_configure(self):
            self.dist = lambda lam: _Exponential(lam, variance_factor)
            self.scipy_dist = stats.expon
            lam = numpy.random.uniform(0.5, 2, self.shape).astype(numpy.float32)
            self.params = {'lam': lam}
            self.scipy_params = {'scale': 1 / lam}
            self.support = 'positive'
            self.test_targets = set(targets if targets is not None else [
                'batch_shape', 'event_shape', 'support', 'mean', 'variance',
                'stddev', 'entropy', 'log_prob', 'prob', 'cdf', 'log_cdf',
                'survival', 'log_survival', 'icdf', 'sample'])

        def sample_for_test(self):
            return numpy.random.uniform(
                0.1, 3, self.sample_shape + self.shape).astype(numpy.float32)
    TestExponential.__module__ = module.__name__
    testing.parameterize(*testing.product({
        'shape': [(2, 3), ()], 'is_variable': [True, False]}))(TestExponential)
    return list(TestExponential._chainer_testing_generated_classes)


def _run(classes):
    result = unittest.TestResult()
    for cls in classes:
        unittest.defaultTestLoader.loadTestsFromTestCase(cls).run(result)
    return result


def test_correct_distribution_passes():
    classes = _case()
    result = _run(classes)
    assert result.testsRun == 4 * 30
    assert not result.failures and not result.errors, (result.failures +
                                                       result.errors)[:1]
    # All 15 GPU tests are skipped without CuPy, and run with it.
    expected = 0 if chainer.backends.cuda.available else 4 * 15
    assert len(result.skipped) == expected


def test_wrong_variance_is_found():
    result = _run(_case(variance_factor=1.5))
    failed = {test._testMethodName for test, _ in result.failures}
    expected = {'test_variance_cpu'}
    if chainer.backends.cuda.available:
        expected.add('test_variance_gpu')
    assert failed == expected


def test_targets_not_listed_are_skipped():
    result = _run(_case(targets=['mean']))
    skipped = [message for _, message in result.skipped]
    assert 'variance is not in test_targets' in skipped
    assert not result.failures


def test_unknown_target():
    result = _run(_case(targets=['median'])[:1])
    assert result.errors and 'unknown test targets' in result.errors[0][1]


def test_onebyone_iteration():
    # one dict of SciPy parameters per batch element, in row-major order
    class Case(testing.distribution_unittest):
        shape = (2,)
        scipy_onebyone = True

        def setUp_configure(self):
            self.scipy_params = {'scale': numpy.array([1.0, 2.0]), 'k': 3}
    case = Case('test_mean_cpu')
    case.setUp()
    items = list(case.scipy_onebyone_params_iter())
    assert items == [{'scale': 1.0, 'k': 3}, {'scale': 2.0, 'k': 3}]


class _Dirichlet(object):
    """Dirichlet distribution, event shape (k,), written for the test."""

    def __init__(self, alpha):
        self.alpha = chainer.as_variable(alpha)

    batch_shape = property(lambda self: self.alpha.shape[:-1])
    event_shape = property(lambda self: self.alpha.shape[-1:])
    support = '[0, 1]'

    @property
    def mean(self):
        return self.alpha / F.broadcast_to(
            F.sum(self.alpha, axis=-1, keepdims=True), self.alpha.shape)

    @property
    def entropy(self):
        from scipy import special
        a = self.alpha.array.astype(numpy.float64)
        a0 = a.sum(axis=-1)
        k = a.shape[-1]
        value = (special.gammaln(a).sum(-1) - special.gammaln(a0) +
                 (a0 - k) * special.digamma(a0) -
                 ((a - 1) * special.digamma(a)).sum(-1))
        return chainer.Variable(numpy.asarray(value, numpy.float32))

    def sample(self, sample_shape):
        shape = tuple(sample_shape) + self.alpha.shape
        return chainer.Variable(_dirichlet_samples(self.alpha.array, shape))


def _dirichlet_samples(alpha, shape):
    g = numpy.random.gamma(numpy.broadcast_to(alpha, shape))
    return (g / g.sum(axis=-1, keepdims=True)).astype(numpy.float32)


def test_onebyone_statistics_with_an_event_shape():
    # entropy has one value per batch element, the mean one per event element;
    # SciPy's frozen dirichlet has no std, so samples are checked with var
    module = types.ModuleType('fake_distribution_module_{}'.format(len(sys.modules)))
    sys.modules[module.__name__] = module

    class TestDirichletLike(testing.distribution_unittest):
        scipy_onebyone = True

        def setUp_configure(self):
            self.dist = _Dirichlet
            self.scipy_dist = stats.dirichlet
            alpha = numpy.random.uniform(1, 5, self.shape + (3,)).astype(numpy.float32)
            self.params = {'alpha': alpha}
            self.scipy_params = {'alpha': alpha}
            self.event_shape = (3,)
            self.support = '[0, 1]'
            self.test_targets = set(['batch_shape', 'event_shape', 'mean',
                                     'entropy', 'sample'])
    TestDirichletLike.__module__ = module.__name__
    testing.parameterize(*testing.product({
        'shape': [(2,), ()], 'is_variable': [False]}))(TestDirichletLike)
    result = _run(TestDirichletLike._chainer_testing_generated_classes)
    assert not result.failures and not result.errors, (result.failures +
                                                       result.errors)[:1]
    ran = result.testsRun - len(result.skipped)
    assert ran == 2 * 5
