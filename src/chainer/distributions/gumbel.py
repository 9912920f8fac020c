"""The Gumbel distribution."""
import math

import numpy

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F

_EULER = float(numpy.euler_gamma)


class Gumbel(utils.LocationScale, utils.ScalarDistribution):
    """Gumbel (type-I extreme value) distribution.

    Its density is

    .. math::
        p(x; \\mu, \\beta) = \\frac{1}{\\beta} \\exp(-z - e^{-z}), \\quad
        z = \\frac{x - \\mu}{\\beta}.

    Args:
        loc (Variable or array): the location :math:`\\mu`.
        scale (Variable or array): the scale :math:`\\beta > 0`.

    Samples are reparameterized (:math:`\\mu + \\beta G` with :math:`G` standard
    Gumbel), so they are differentiable with respect to the parameters.
    """

    def __init__(self, loc, scale):
        super().__init__(loc=loc, scale=scale)

    @property
    def mean(self):
        return self.loc + _EULER * self.scale

    @property
    def variance(self):
        return (math.pi ** 2 / 6) * F.square(self.scale)

    @property
    def entropy(self):
        return F.log(self.scale) + (_EULER + 1)

    def log_prob(self, x):
        z = self._z(x)
        return -z - F.exp(-z) - F.log(self.scale)

    def cdf(self, x):
        return F.exp(-F.exp(-self._z(x)))

    def log_cdf(self, x):
        return -F.exp(-self._z(x))

    @staticmethod
    def _standard_icdf(p):
        return -F.log(-F.log(p))

    @staticmethod
    def _standard_noise(random, shape):
        return random.gumbel(size=shape)


@distribution.register_kl(Gumbel, Gumbel)
def _kl_gumbel_gumbel(dist1, dist2):
    ratio = dist1.scale / dist2.scale
    shift = (dist2.loc - dist1.loc) / dist2.scale
    return (-F.log(ratio) - shift + _EULER * (ratio - 1)
            + F.exp(shift + F.lgamma(ratio + 1)) - 1)
