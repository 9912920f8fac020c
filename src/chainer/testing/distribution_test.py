"""``distribution_unittest``: a base test class for probability distributions,
comparing a :class:`chainer.Distribution` with its SciPy counterpart."""
import unittest

import numpy

import chainer
from chainer.backends import cuda
from chainer.testing import array as array_module
from chainer.testing import attr

_TARGETS = ('batch_shape', 'cdf', 'entropy', 'event_shape', 'icdf', 'log_cdf',
            'log_prob', 'log_survival', 'mean', 'prob', 'sample', 'stddev',
            'support', 'survival', 'variance')


def _array(x):
    if isinstance(x, chainer.Variable):
        x = x.array
    return cuda.to_cpu(x)


class distribution_unittest(unittest.TestCase):
    """Base class of tests of a distribution against ``scipy.stats``.

    A subclass (usually parameterized over ``shape``, the batch shape, and
    ``is_variable``, whether parameters are given as Variables) implements
    ``setUp_configure(self)``, which sets

    * ``self.dist``: the distribution class;
    * ``self.scipy_dist``: the ``scipy.stats`` distribution to compare with;
    * ``self.params``: the keyword arguments of ``self.dist`` (NumPy arrays);
    * ``self.scipy_params``: the keyword arguments of ``self.scipy_dist``'s
      methods;
    * ``self.test_targets``: the names of what to check, among ``batch_shape``,
      ``event_shape``, ``mean``, ``variance``, ``stddev``, ``entropy``,
      ``log_prob``, ``prob``, ``cdf``, ``log_cdf``, ``survival``,
      ``log_survival``, ``icdf``, ``sample`` and ``support``;

    and optionally ``self.support`` (default ``'real'``), ``self.event_shape``
    (default ``()``), ``self.continuous`` (default True: densities are
    compared with ``pdf``, else with ``pmf``), ``self.options`` (more keyword
    arguments of ``self.dist``) and ``sample_for_test(self)``, which returns
    points at which to evaluate densities and distribution functions (by
    default standard normal draws of shape ``sample_shape + shape +
    event_shape``). Set the class attribute ``scipy_onebyone`` to True when the
    SciPy distribution must be called once per batch element (multivariate
    distributions).

    Each ``test_<target>_cpu`` runs ``check_<target>(False)`` when the target is
    in ``test_targets`` and is skipped otherwise; the ``_gpu`` tests do the same
    on a GPU and are skipped without CuPy.
    """

    scipy_onebyone = False

    def setUp(self):
        self.support = 'real'
        if not hasattr(self, 'event_shape'):
            self.event_shape = ()
        self.continuous = True
        self.options = {}
        self.test_targets = set()
        if not hasattr(self, 'shape'):
            self.shape = ()
        if not hasattr(self, 'sample_shape'):
            self.sample_shape = (3, 2)
        if not hasattr(self, 'is_variable'):
            self.is_variable = True
        self.setUp_configure()
        unknown = set(self.test_targets) - set(_TARGETS)
        if unknown:
            raise ValueError('distribution_unittest: unknown test targets {}; the '
                             'targets are {}'.format(sorted(unknown), ', '.join(_TARGETS)))

    def setUp_configure(self):
        """Set ``dist``, ``scipy_dist``, ``params``, ``scipy_params`` and
        ``test_targets`` (required)."""
        raise NotImplementedError('{} must implement setUp_configure'.format(
            type(self).__name__))

    # -- the distributions -----------------------------------------------------

    def _make_dist(self, is_gpu):
        params = {}
        for key, value in self.params.items():
            if is_gpu:
                value = cuda.to_gpu(value)
            params[key] = chainer.Variable(value) if self.is_variable else value
        return self.dist(**params, **self.options)

    @property
    def cpu_dist(self):
        """The distribution with its parameters on the CPU."""
        return self._make_dist(False)

    @property
    def gpu_dist(self):
        """The distribution with its parameters on the GPU (needs CuPy)."""
        cuda.check_cuda_available()
        return self._make_dist(True)

    def _dist(self, is_gpu):
        return self.gpu_dist if is_gpu else self.cpu_dist

    def sample_for_test(self):
        """Points at which densities and distribution functions are compared."""
        return numpy.random.normal(
            size=tuple(self.sample_shape) + tuple(self.shape) +
            tuple(self.event_shape)).astype(numpy.float32)

    def scipy_onebyone_params_iter(self):
        """Yield, for each batch element in row-major order, ``scipy_params``
        restricted to that element (a dict to pass as ``scipy_dist(**params)``)."""
        for _, params in self._scipy_params_by_index():
            yield params

    def _scipy_params_by_index(self):
        for index in numpy.ndindex(*self.shape):
            one = {}
            for key, value in self.scipy_params.items():
                value = numpy.asarray(value)
                one[key] = value[index] if value.ndim >= len(self.shape) else value
            yield index, one

    # -- comparisons -----------------------------------------------------------

    def _scipy_statistic(self, name):
        """SciPy's ``name`` (``'mean'``, ``'entropy'``, ...) for the whole batch."""
        if not self.scipy_onebyone:
            return numpy.asarray(getattr(self.scipy_dist, name)(**self.scipy_params))
        out = None
        for index, params in self._scipy_params_by_index():
            value = numpy.asarray(getattr(self.scipy_dist(**params), name)())
            if out is None:
                # one value per batch element: a scalar (entropy) or an
                # event-shaped array (mean)
                out = numpy.empty(tuple(self.shape) + value.shape)
            out[index] = value
        return out

    def _scipy_std(self):
        """SciPy's standard deviation, from ``std``, ``var`` or the covariance's
        diagonal, whichever the SciPy distribution has."""
        probe = self.scipy_dist
        if self.scipy_onebyone:
            probe = self.scipy_dist(**next(self.scipy_onebyone_params_iter()))
        if hasattr(probe, 'std'):
            return self._scipy_statistic('std')
        if hasattr(probe, 'var'):
            return numpy.sqrt(self._scipy_statistic('var'))
        cov = self._scipy_statistic('cov')
        return numpy.sqrt(numpy.diagonal(cov, axis1=-2, axis2=-1))

    def _scipy_at(self, method, points):
        """``scipy_dist.<method>`` at ``points`` of shape ``sample_shape + shape +
        event_shape``."""
        if not self.scipy_onebyone:
            return numpy.asarray(getattr(self.scipy_dist, method)(
                points, **self.scipy_params))
        n_sample = len(self.sample_shape)
        n_event = len(self.event_shape)
        out = numpy.empty(points.shape[:points.ndim - n_event])
        for index, params in self._scipy_params_by_index():
            where = (slice(None),) * n_sample + index
            out[where] = getattr(self.scipy_dist(**params), method)(points[where])
        return out

    def _compare(self, actual, expected, **options):
        array_module.assert_allclose(_array(actual), expected, **options)

    def _check_statistic(self, is_gpu, attribute, scipy_name):
        value = getattr(self._dist(is_gpu), attribute)
        self._compare(value, self._scipy_statistic(scipy_name), atol=1e-4, rtol=1e-3)

    def _check_function(self, is_gpu, method, scipy_method, points=None):
        if points is None:
            points = self.sample_for_test()
        expected = self._scipy_at(scipy_method, points)
        device_points = cuda.to_gpu(points) if is_gpu else points
        actual = getattr(self._dist(is_gpu), method)(device_points)
        self._compare(actual, expected, atol=1e-4, rtol=1e-3)

    # -- the checks ------------------------------------------------------------

    def check_batch_shape(self, is_gpu):
        self.assertEqual(tuple(self._dist(is_gpu).batch_shape), tuple(self.shape))

    def check_event_shape(self, is_gpu):
        self.assertEqual(tuple(self._dist(is_gpu).event_shape),
                         tuple(self.event_shape))

    def check_support(self, is_gpu):
        self.assertEqual(self._dist(is_gpu).support, self.support)

    def check_mean(self, is_gpu):
        self._check_statistic(is_gpu, 'mean', 'mean')

    def check_variance(self, is_gpu):
        self._check_statistic(is_gpu, 'variance', 'var')

    def check_stddev(self, is_gpu):
        self._check_statistic(is_gpu, 'stddev', 'std')

    def check_entropy(self, is_gpu):
        self._check_statistic(is_gpu, 'entropy', 'entropy')

    def check_log_prob(self, is_gpu):
        self._check_function(is_gpu, 'log_prob',
                             'logpdf' if self.continuous else 'logpmf')

    def check_prob(self, is_gpu):
        self._check_function(is_gpu, 'prob', 'pdf' if self.continuous else 'pmf')

    def check_cdf(self, is_gpu):
        self._check_function(is_gpu, 'cdf', 'cdf')

    def check_log_cdf(self, is_gpu):
        self._check_function(is_gpu, 'log_cdf', 'logcdf')

    def check_survival(self, is_gpu):
        self._check_function(is_gpu, 'survival_function', 'sf')

    def check_log_survival(self, is_gpu):
        self._check_function(is_gpu, 'log_survival_function', 'logsf')

    def check_icdf(self, is_gpu):
        points = numpy.random.uniform(
            0.01, 0.99, tuple(self.sample_shape) + tuple(self.shape)).astype(
                numpy.float32)
        self._check_function(is_gpu, 'icdf', 'ppf', points)

    def check_sample(self, is_gpu):
        """Moments of many samples agree with SciPy's mean and standard deviation
        (within five standard errors)."""
        n = 10000
        samples = _array(self._dist(is_gpu).sample((n,)))
        self.assertEqual(samples.shape,
                         (n,) + tuple(self.shape) + tuple(self.event_shape))
        mean = self._scipy_statistic('mean')
        std = self._scipy_std()
        numpy.testing.assert_allclose(samples.mean(axis=0), mean,
                                      atol=float(5 * std.max() / numpy.sqrt(n)) + 1e-6)
        numpy.testing.assert_allclose(samples.std(axis=0), std, rtol=0.1, atol=1e-6)

    # -- the tests -------------------------------------------------------------

    def _run_check(self, target, is_gpu):
        if target not in self.test_targets:
            raise unittest.SkipTest('{} is not in test_targets'.format(target))
        getattr(self, 'check_' + target)(is_gpu)


def _add_tests():
    for target in _TARGETS:
        def cpu(self, target=target):
            self._run_check(target, False)

        def gpu(self, target=target):
            self._run_check(target, True)
        gpu._chainer_needs_gpu = True
        cpu.__name__ = 'test_{}_cpu'.format(target)
        gpu.__name__ = 'test_{}_gpu'.format(target)
        cpu.__doc__ = 'Check {} on the CPU.'.format(target)
        gpu.__doc__ = 'Check {} on a GPU.'.format(target)
        setattr(distribution_unittest, cpu.__name__, cpu)
        setattr(distribution_unittest, gpu.__name__, gpu)


_add_tests()
# The base class itself is not a test; its subclasses are.
distribution_unittest.__test__ = False


def _init_subclass(cls, **kwargs):
    if '__test__' not in cls.__dict__:
        cls.__test__ = True
    # Mark the GPU tests (skipped without CuPy) in the subclass, which test code
    # defines, rather than at import time, so that importing chainer does not
    # need pytest.
    if not getattr(distribution_unittest, '_gpu_marked', False):
        for target in _TARGETS:
            name = 'test_{}_gpu'.format(target)
            setattr(distribution_unittest, name,
                    attr.gpu(distribution_unittest.__dict__[name]))
        distribution_unittest._gpu_marked = True


distribution_unittest.__init_subclass__ = classmethod(_init_subclass)
