"""Probability distributions: the :class:`Distribution` interface and KL divergences.

A distribution describes random values laid out in three nested shapes:

* ``sample_shape``: independent draws from the same distribution;
* ``batch_shape``: independent but differently parameterized distributions, set by
  the shapes of the parameters;
* ``event_shape``: the shape of one value (``()`` for scalar distributions, ``(d,)``
  for a ``d``-variate one), whose components are in general not independent.

A sample therefore has the shape ``sample_shape + batch_shape + event_shape``, and
functions of a value (``log_prob``, ``cdf``, ...) return one number per event, of
shape ``sample_shape + batch_shape``. The parameters are Variables, and everything
computed from them (densities, moments, entropies, KL divergences and, for the
reparameterized distributions, the samples) is differentiable with respect to them.

The concrete distributions live in :mod:`chainer.distributions`.
"""
import numpy

import chainer
from chainer import backend


def _overrides(obj, name):
    """Whether the class of ``obj`` defines ``name`` itself (not the base's)."""
    return getattr(type(obj), name) is not getattr(Distribution, name)


def _not_implemented(obj, what):
    return NotImplementedError(
        '{} does not implement {}'.format(type(obj).__name__, what))


class Distribution(object):
    """Interface of probability distributions.

    A distribution can draw random points (:meth:`sample`), evaluate functions of a
    value such as the density or the cumulative distribution function
    (:meth:`log_prob`, :meth:`prob`, :meth:`cdf`, ...) and report its properties
    (:attr:`mean`, :attr:`variance`, :attr:`entropy`, ...). Whatever is computed from
    parameters given as :class:`chainer.Variable` can be differentiated.

    The three shapes of a sample, ``sample_shape + batch_shape + event_shape``, are
    explained in :mod:`chainer.distribution`. ``batch_shape`` and ``event_shape``
    follow from the parameters given when the distribution is made.

    A subclass implements what it can (at least :attr:`batch_shape`,
    :attr:`event_shape`, :attr:`params` and usually :meth:`log_prob` and
    :meth:`sample_n`); this class derives the rest where a formula allows it:
    ``prob = exp(log_prob)`` and the reverse, ``cdf``, ``log_cdf``,
    ``survival_function`` and ``log_survival_function`` from one another,
    ``stddev = sqrt(variance)`` and the reverse, and :meth:`sample` from
    :meth:`sample_n`. Whatever is left raises :class:`NotImplementedError` naming
    the distribution.
    """

    def __repr__(self):
        try:
            batch = tuple(self.batch_shape)
            event = tuple(self.event_shape)
        except Exception:  # a broken subclass still gets a repr
            return '<{}>'.format(type(self).__name__)
        return '<{} batch_shape={} event_shape={}>'.format(
            type(self).__name__, batch, event)

    # -- shapes and parameters -------------------------------------------------

    @property
    def batch_shape(self):
        """The shape of the batch of distributions (a tuple)."""
        raise _not_implemented(self, 'batch_shape')

    @property
    def event_shape(self):
        """The shape of one value drawn from one distribution (a tuple)."""
        raise _not_implemented(self, 'event_shape')

    @property
    def params(self):
        """The parameters of the distribution: a dict of name to Variable."""
        raise _not_implemented(self, 'params')

    @property
    def support(self):
        """A string that describes the set of values the distribution takes."""
        raise _not_implemented(self, 'support')

    @property
    def xp(self):
        """The array module (``numpy`` or ``cupy``) of the parameters."""
        for value in self.params.values():
            if isinstance(value, chainer.Variable):
                return value.xp
            return backend.get_array_module(value)
        return numpy

    @property
    def device(self):
        """The :class:`chainer.backend.Device` holding the parameters."""
        for value in self.params.values():
            return backend.get_device_from_array(chainer.as_array(value))
        return backend.CpuDevice()

    # -- statistics ----------------------------------------------------------------

    @property
    def mean(self):
        """The mean, of shape ``batch_shape + event_shape``."""
        raise _not_implemented(self, 'mean')

    @property
    def mode(self):
        """The mode (the most probable value), of shape ``batch_shape +
        event_shape``."""
        raise _not_implemented(self, 'mode')

    @property
    def variance(self):
        """The variance, of shape ``batch_shape + event_shape``."""
        if _overrides(self, 'stddev'):
            return chainer.functions.square(self.stddev)
        raise _not_implemented(self, 'variance')

    @property
    def stddev(self):
        """The standard deviation, of shape ``batch_shape + event_shape``:
        ``sqrt(variance)`` unless the distribution defines it directly."""
        if _overrides(self, 'variance'):
            return chainer.functions.sqrt(self.variance)
        raise _not_implemented(self, 'stddev')

    @property
    def covariance(self):
        """The covariance matrix of an event, of shape ``batch_shape + (d, d)``."""
        raise _not_implemented(self, 'covariance')

    @property
    def entropy(self):
        """The entropy :math:`-E[\\log p(x)]`, of shape ``batch_shape``."""
        raise _not_implemented(self, 'entropy')

    # -- functions of a value --------------------------------------------------

    def log_prob(self, x):
        """The logarithm of the density (or of the probability mass) at ``x``.

        Args:
            x (Variable or array): points of shape ``sample_shape + batch_shape +
                event_shape``.
        Returns:
            Variable of shape ``sample_shape + batch_shape``.
        """
        if _overrides(self, 'prob'):
            return chainer.functions.log(self.prob(x))
        raise _not_implemented(self, 'log_prob')

    def prob(self, x):
        """The density (or the probability mass) at ``x``: ``exp(log_prob(x))``.

        Args:
            x (Variable or array): points of shape ``sample_shape + batch_shape +
                event_shape``.
        Returns:
            Variable of shape ``sample_shape + batch_shape``.
        """
        if _overrides(self, 'log_prob'):
            return chainer.functions.exp(self.log_prob(x))
        raise _not_implemented(self, 'prob')

    def cdf(self, x):
        """The cumulative distribution function :math:`P(X \\le x)` at ``x``.

        Args:
            x (Variable or array): points of shape ``sample_shape + batch_shape +
                event_shape``.
        Returns:
            Variable of shape ``sample_shape + batch_shape``.
        """
        if _overrides(self, 'log_cdf'):
            return chainer.functions.exp(self.log_cdf(x))
        if _overrides(self, 'survival_function') or _overrides(
                self, 'log_survival_function'):
            return 1 - self.survival_function(x)
        raise _not_implemented(self, 'cdf')

    def log_cdf(self, x):
        """The logarithm of the cumulative distribution function at ``x``.

        Args:
            x (Variable or array): points of shape ``sample_shape + batch_shape +
                event_shape``.
        Returns:
            Variable of shape ``sample_shape + batch_shape``.
        """
        if _overrides(self, 'cdf'):
            return chainer.functions.log(self.cdf(x))
        if _overrides(self, 'survival_function') or _overrides(
                self, 'log_survival_function'):
            return chainer.functions.log1p(-self.survival_function(x))
        raise _not_implemented(self, 'log_cdf')

    def survival_function(self, x):
        """The survival function :math:`P(X > x) = 1 - \\mathrm{cdf}(x)` at ``x``.

        Args:
            x (Variable or array): points of shape ``sample_shape + batch_shape +
                event_shape``.
        Returns:
            Variable of shape ``sample_shape + batch_shape``.
        """
        if _overrides(self, 'log_survival_function'):
            return chainer.functions.exp(self.log_survival_function(x))
        if _overrides(self, 'cdf') or _overrides(self, 'log_cdf'):
            return 1 - self.cdf(x)
        raise _not_implemented(self, 'survival_function')

    def log_survival_function(self, x):
        """The logarithm of the survival function at ``x``.

        Args:
            x (Variable or array): points of shape ``sample_shape + batch_shape +
                event_shape``.
        Returns:
            Variable of shape ``sample_shape + batch_shape``.
        """
        if _overrides(self, 'survival_function'):
            return chainer.functions.log(self.survival_function(x))
        if _overrides(self, 'cdf') or _overrides(self, 'log_cdf'):
            return chainer.functions.log1p(-self.cdf(x))
        raise _not_implemented(self, 'log_survival_function')

    def icdf(self, x):
        """The inverse of the cumulative distribution function (the quantile
        function) at probabilities ``x``.

        Args:
            x (Variable or array): probabilities in ``[0, 1]``, of shape
                ``sample_shape + batch_shape``.
        Returns:
            Variable of shape ``sample_shape + batch_shape + event_shape``.
        """
        raise _not_implemented(self, 'icdf')

    def perplexity(self, x):
        """The perplexity of the distribution at ``x``: :math:`\\exp(-\\log p(x))`,
        that is ``1 / prob(x)``.

        Args:
            x (Variable or array): points of shape ``sample_shape + batch_shape +
                event_shape``.
        Returns:
            Variable of shape ``sample_shape + batch_shape``.
        """
        return chainer.functions.exp(-self.log_prob(x))

    # -- sampling --------------------------------------------------------------

    def sample_n(self, n):
        """Draw ``n`` independent samples.

        Args:
            n (int): the number of samples.
        Returns:
            Variable of shape ``(n,) + batch_shape + event_shape``. For the
            reparameterized distributions (Normal, Uniform, ...) it is a
            differentiable function of the parameters.
        """
        raise _not_implemented(self, 'sample_n')

    def sample(self, sample_shape=()):
        """Draw samples of shape ``sample_shape + batch_shape + event_shape``.

        Args:
            sample_shape (int or tuple of ints): the shape of the independent
                draws (``()`` draws one point per distribution of the batch).
        Returns:
            Variable of shape ``sample_shape + batch_shape + event_shape``.
        """
        if isinstance(sample_shape, (int, numpy.integer)) and not isinstance(
                sample_shape, bool):
            sample_shape = (int(sample_shape),)
        try:
            sample_shape = tuple(sample_shape)
            ok = all(isinstance(s, (int, numpy.integer)) and not isinstance(s, bool)
                     and s >= 0 for s in sample_shape)
        except TypeError:
            ok = False
        if not ok:
            raise ValueError(
                '{}.sample: sample_shape must be a non-negative int or a tuple of '
                'non-negative ints, got {!r}'.format(type(self).__name__, sample_shape))
        sample_shape = tuple(int(s) for s in sample_shape)
        n = 1
        for s in sample_shape:
            n *= s
        samples = self.sample_n(n)
        shape = sample_shape + tuple(self.batch_shape) + tuple(self.event_shape)
        if samples.shape == shape:
            return samples
        return chainer.functions.reshape(samples, shape)


# -- KL divergence -------------------------------------------------------------

_KLDIVERGENCE = {}


def register_kl(Dist1, Dist2):
    """Decorator that registers the function computing the KL divergence between
    an instance of ``Dist1`` and one of ``Dist2``.

    :func:`kl_divergence` calls the registered function whose classes match the
    arguments: an exact match first, otherwise the closest pair of base classes.

    Args:
        Dist1 (type): a subclass of :class:`Distribution`, the class of the left
            operand.
        Dist2 (type): a subclass of :class:`Distribution`, the class of the right
            operand.

    The decorated function takes ``(dist1, dist2)`` and returns the divergence, a
    Variable of shape ``batch_shape``::

        @chainer.register_kl(MyDist, MyDist)
        def _kl_mydist_mydist(dist1, dist2):
            return ...
    """
    for name, cls in (('Dist1', Dist1), ('Dist2', Dist2)):
        if not (isinstance(cls, type) and issubclass(cls, Distribution)):
            raise TypeError('register_kl: {} must be a subclass of '
                            'chainer.Distribution, got {!r}'.format(name, cls))

    def register(kl):
        if not callable(kl):
            raise TypeError('register_kl: the decorated object must be callable, '
                            'got {!r}'.format(kl))
        _KLDIVERGENCE[Dist1, Dist2] = kl
        return kl
    return register


def _find_kl(type1, type2):
    kl = _KLDIVERGENCE.get((type1, type2))
    if kl is not None:
        return kl
    best = None
    for i, c1 in enumerate(type1.__mro__):
        for j, c2 in enumerate(type2.__mro__):
            kl = _KLDIVERGENCE.get((c1, c2))
            if kl is not None and (best is None or i + j < best[0]):
                best = (i + j, kl)
    return None if best is None else best[1]


def kl_divergence(dist1, dist2):
    """The Kullback-Leibler divergence :math:`D_{KL}(p \\| q)`.

    For continuous distributions it is :math:`\\int p(x) \\log \\frac{p(x)}{q(x)}
    dx`, for discrete ones :math:`\\sum_x p(x) \\log \\frac{p(x)}{q(x)}`. The
    computation is the one registered with :func:`register_kl` for the classes of
    the two distributions.

    Args:
        dist1 (Distribution): :math:`p`, the left operand.
        dist2 (Distribution): :math:`q`, the right operand.
    Returns:
        Variable of shape ``batch_shape``.
    """
    for name, dist in (('dist1', dist1), ('dist2', dist2)):
        if not isinstance(dist, Distribution):
            raise TypeError('kl_divergence: {} must be a chainer.Distribution, got '
                            '{}'.format(name, type(dist).__name__))
    kl = _find_kl(type(dist1), type(dist2))
    if kl is None:
        raise NotImplementedError(
            'kl_divergence: no KL divergence is registered between {0} and {1}; '
            'register one with chainer.register_kl({0}, {1})'.format(
                type(dist1).__name__, type(dist2).__name__))
    return kl(dist1, dist2)


def cross_entropy(dist1, dist2):
    """The cross entropy :math:`H(p, q) = -E_p[\\log q(x)]`.

    Computed as ``dist1.entropy + kl_divergence(dist1, dist2)``.

    Args:
        dist1 (Distribution): :math:`p`, the left operand.
        dist2 (Distribution): :math:`q`, the right operand.
    Returns:
        Variable of shape ``batch_shape``.
    """
    return dist1.entropy + kl_divergence(dist1, dist2)
