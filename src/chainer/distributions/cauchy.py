"""The Cauchy distribution."""
import math
import warnings

from chainer.distributions import utils
import chainer.functions as F


class Cauchy(utils.LocationScale, utils.ScalarDistribution):
    """Cauchy distribution.

    Its density is

    .. math::
        p(x; x_0, \\gamma) = \\frac{1}{\\pi\\gamma
            \\left[1 + \\left(\\frac{x - x_0}{\\gamma}\\right)^2\\right]}.

    Args:
        loc (Variable or array): the location :math:`x_0`.
        scale (Variable or array): the scale :math:`\\gamma > 0`.

    The mean and the variance do not exist: :attr:`mean` and :attr:`variance`
    are NaN (with a warning). Samples are reparameterized (:math:`x_0 + \\gamma
    C` with :math:`C` standard Cauchy), so they are differentiable with respect
    to the parameters.
    """

    def __init__(self, loc, scale):
        super().__init__(loc=loc, scale=scale)

    def _nan(self, what):
        warnings.warn('The {} of the Cauchy distribution is undefined; it is '
                      'returned as NaN.'.format(what), RuntimeWarning)
        xp = self.loc.xp
        return utils.constant(xp.full(self.batch_shape, xp.nan, self.loc.dtype))

    @property
    def mean(self):
        return self._nan('mean')

    @property
    def variance(self):
        return self._nan('variance')

    @property
    def entropy(self):
        return F.log(self.scale) + math.log(4 * math.pi)

    def log_prob(self, x):
        return -F.log1p(F.square(self._z(x))) - F.log(self.scale) - math.log(math.pi)

    def cdf(self, x):
        return 0.5 + F.arctan(self._z(x)) / math.pi

    def survival_function(self, x):
        return 0.5 - F.arctan(self._z(x)) / math.pi

    @staticmethod
    def _standard_icdf(p):
        return F.tan(math.pi * (p - 0.5))

    @staticmethod
    def _standard_noise(random, shape):
        return random.standard_cauchy(shape)
