"""Reinterpreting batch axes of a distribution as event axes."""
import numpy

from chainer import distribution
from chainer import distribution as _distribution
from chainer.distributions import utils
import chainer.functions as F


class Independent(distribution.Distribution):
    """A batch of independent distributions seen as one distribution.

    The rightmost ``reinterpreted_batch_ndims`` axes of the batch of
    ``distribution`` become event axes: an event of the new distribution is the
    collection of independent values of those distributions, so its log density
    is the sum of theirs over those axes, its entropy the sum of their entropies,
    and so on.

    Args:
        distribution (~chainer.Distribution): the base distribution.
        reinterpreted_batch_ndims (int): how many of the rightmost batch axes
            become event axes. By default (None) all but the first batch axis do
            (none when the batch has at most one axis).

    For example ``Independent(Normal(loc, scale), 1)`` with ``loc`` of shape
    ``(N, d)`` is a batch of ``N`` normal distributions of dimension ``d`` with
    diagonal covariance: ``batch_shape`` is ``(N,)``, ``event_shape`` is ``(d,)``.
    """

    def __init__(self, distribution, reinterpreted_batch_ndims=None):
        if not isinstance(distribution, _distribution.Distribution):
            raise TypeError('Independent: distribution must be a chainer.Distribution, '
                            'got {}'.format(type(distribution).__name__))
        super(Independent, self).__init__()
        batch_ndim = len(distribution.batch_shape)
        if reinterpreted_batch_ndims is None:
            reinterpreted_batch_ndims = max(batch_ndim - 1, 0)
        if (not isinstance(reinterpreted_batch_ndims, (int, numpy.integer))
                or isinstance(reinterpreted_batch_ndims, bool)
                or not 0 <= reinterpreted_batch_ndims <= batch_ndim):
            raise ValueError(
                'Independent: reinterpreted_batch_ndims must be an int between 0 and '
                'the number of batch axes of the distribution ({}), got {!r}'.format(
                    batch_ndim, reinterpreted_batch_ndims))
        self._distribution = distribution
        self._reinterpreted_batch_ndims = int(reinterpreted_batch_ndims)

    @property
    def distribution(self):
        """The base distribution."""
        return self._distribution

    @property
    def reinterpreted_batch_ndims(self):
        """The number of batch axes of the base distribution that are event axes."""
        return self._reinterpreted_batch_ndims

    @property
    def batch_shape(self):
        shape = tuple(self._distribution.batch_shape)
        return shape[:len(shape) - self._reinterpreted_batch_ndims]

    @property
    def event_shape(self):
        shape = tuple(self._distribution.batch_shape)
        return (shape[len(shape) - self._reinterpreted_batch_ndims:]
                + tuple(self._distribution.event_shape))

    @property
    def params(self):
        return self._distribution.params

    @property
    def support(self):
        return self._distribution.support

    @property
    def xp(self):
        return self._distribution.xp

    @property
    def device(self):
        return self._distribution.device

    def _reduce(self, value):
        return utils.sum_rightmost(value, self._reinterpreted_batch_ndims)

    # statistics of the components keep their shape (batch_shape + event_shape)

    @property
    def mean(self):
        return self._distribution.mean

    @property
    def mode(self):
        return self._distribution.mode

    @property
    def stddev(self):
        return self._distribution.stddev

    @property
    def variance(self):
        return self._distribution.variance

    @property
    def covariance(self):
        """The covariance of a flattened event: block diagonal, one block per
        component, of shape ``batch_shape + (m, m)`` with ``m`` the number of
        elements of ``event_shape``."""
        base = self._distribution
        batch = self.batch_shape
        n = int(numpy.prod(base.batch_shape[len(batch):], dtype=numpy.int64))
        base_event = tuple(base.event_shape)
        if base_event == ():
            blocks = F.reshape(base.variance, batch + (n, 1, 1))
            d = 1
        else:
            d = int(numpy.prod(base_event, dtype=numpy.int64))
            blocks = F.reshape(base.covariance, batch + (n, d, d))
        if n == 1:
            return F.reshape(blocks, batch + (d, d))
        eye = base.xp.eye(n, dtype=blocks.dtype).reshape(n, 1, n, 1)
        spread = F.reshape(blocks, batch + (n, d, 1, d)) * eye
        return F.reshape(spread, batch + (n * d, n * d))

    @property
    def entropy(self):
        return self._reduce(self._distribution.entropy)

    # functions of a value: sums (of logs) or products over the reinterpreted axes

    def log_prob(self, x):
        return self._reduce(self._distribution.log_prob(x))

    def prob(self, x):
        return F.exp(self.log_prob(x))

    def log_cdf(self, x):
        return self._reduce(self._distribution.log_cdf(x))

    def cdf(self, x):
        return F.exp(self.log_cdf(x))

    def log_survival_function(self, x):
        """The logarithm of :math:`P(X > x)` (every component above its value)."""
        return self._reduce(self._distribution.log_survival_function(x))

    def survival_function(self, x):
        """:math:`P(X > x)`: the probability that every component is above its
        value."""
        return F.exp(self.log_survival_function(x))

    def icdf(self, x):
        """The quantile function of each component, at probabilities ``x`` of shape
        ``sample_shape + batch_shape + event_shape``."""
        return self._distribution.icdf(x)

    def perplexity(self, x):
        return F.exp(-self.log_prob(x))

    def sample_n(self, n):
        return self._distribution.sample_n(n)


@distribution.register_kl(Independent, Independent)
def _kl_independent_independent(dist1, dist2):
    if dist1.reinterpreted_batch_ndims != dist2.reinterpreted_batch_ndims:
        raise ValueError(
            'kl_divergence: the Independent distributions reinterpret different '
            'numbers of batch axes ({} and {})'.format(
                dist1.reinterpreted_batch_ndims, dist2.reinterpreted_batch_ndims))
    if tuple(dist1.event_shape) != tuple(dist2.event_shape):
        raise ValueError(
            'kl_divergence: the Independent distributions have different event '
            'shapes ({} and {})'.format(dist1.event_shape, dist2.event_shape))
    kl = distribution.kl_divergence(dist1.distribution, dist2.distribution)
    return utils.sum_rightmost(kl, dist1.reinterpreted_batch_ndims)
