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


class Laplace(utils.LocationScale, utils.ScalarDistribution):
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
        super().__init__(loc=loc, scale=scale)

    @property
    def mean(self):
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

    def log_prob(self, x):
        return -F.absolute(self._z(x)) - F.log(self.scale) - _LOG2

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

    _standard_icdf = staticmethod(_laplace_icdf)

    @staticmethod
    def _standard_noise(random, shape):
        return random.laplace(size=shape)


@distribution.register_kl(Laplace, Laplace)
def _kl_laplace_laplace(dist1, dist2):
    ratio = dist1.scale / dist2.scale
    distance = F.absolute(dist1.loc - dist2.loc)
    return (-F.log(ratio) + distance / dist2.scale
            + ratio * F.exp(-distance / dist1.scale) - 1)
