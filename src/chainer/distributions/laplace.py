"""The Laplace distribution."""
import math

import chainer
from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F

_LOG2 = math.log(2)


def _laplace_cdf(z):
    """The CDF of the standard Laplace distribution at ``z`` (differentiable):
    ``0.5 exp(z)`` below 0 and ``1 - 0.5 exp(-z)`` above."""
    z = chainer.as_variable(z)
    below = 0.5 * F.exp(-F.absolute(z))
    return F.where(z.array <= 0, below, 1 - below)


def _laplace_icdf(q):
    """The inverse CDF of the standard Laplace distribution at ``q`` in (0, 1):
    ``-sign(q - 1/2) log(1 - 2 |q - 1/2|)`` (differentiable)."""
    q = chainer.as_variable(q)
    centered = q - 0.5
    sign = q.xp.sign(centered.array)
    return -sign * F.log1p(-2 * F.absolute(centered))


class Laplace(distribution.Distribution):
    """Laplace (double exponential) distribution.

    Its density is

    .. math::
        p(x; \\mu, b) = \\frac{1}{2b} \\exp\\left(-\\frac{|x - \\mu|}{b}\\right).

    Args:
        loc (Variable or array): the location :math:`\\mu`.
        scale (Variable or array): the scale :math:`b > 0`.

    Samples are reparameterized (:math:`\\mu + b L` with :math:`L` standard
    Laplace), so they are differentiable with respect to the parameters.
    """

    def __init__(self, loc, scale):
        super(Laplace, self).__init__()
        self.loc, self.scale = utils.prepare_params(
            'Laplace', [('loc', loc), ('scale', scale)])

    @property
    def batch_shape(self):
        return self.loc.shape

    @property
    def event_shape(self):
        return ()

    @property
    def params(self):
        return {'loc': self.loc, 'scale': self.scale}

    @property
    def support(self):
        return 'real'

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        return 2 * F.square(self.scale)

    @property
    def stddev(self):
        return math.sqrt(2) * self.scale

    @property
    def entropy(self):
        return F.log(self.scale) + (_LOG2 + 1)

    def _z(self, x):
        x = utils.as_input(x, self.loc.dtype, 'Laplace')
        return (x - self.loc) / self.scale

    def log_prob(self, x):
        return -F.absolute(self._z(x)) - F.log(self.scale) - _LOG2

    def prob(self, x):
        return F.exp(self.log_prob(x))

    def cdf(self, x):
        return _laplace_cdf(self._z(x))

    def log_cdf(self, x):
        z = self._z(x)
        half = 0.5 * F.exp(-F.absolute(z))
        return F.where(z.array <= 0, F.log(half), F.log1p(-half))

    def survival_function(self, x):
        z = self._z(x)
        half = 0.5 * F.exp(-F.absolute(z))
        return F.where(z.array <= 0, 1 - half, half)

    def log_survival_function(self, x):
        z = self._z(x)
        half = 0.5 * F.exp(-F.absolute(z))
        return F.where(z.array <= 0, F.log1p(-half), F.log(half))

    def icdf(self, x):
        x = utils.as_input(x, self.loc.dtype, 'Laplace')
        return self.loc + self.scale * _laplace_icdf(x)

    def sample_n(self, n):
        n = utils.check_n('Laplace', n)
        eps = utils.random_like(self.loc.xp, (n,) + self.batch_shape, self.loc.dtype,
                                lambda r, s: r.laplace(size=s))
        return self.loc + self.scale * eps


@distribution.register_kl(Laplace, Laplace)
def _kl_laplace_laplace(dist1, dist2):
    ratio = dist1.scale / dist2.scale
    distance = F.absolute(dist1.loc - dist2.loc)
    return (-F.log(ratio) + distance / dist2.scale
            + ratio * F.exp(-distance / dist1.scale) - 1)
