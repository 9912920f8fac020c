"""The log-normal distribution."""
import math

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


class LogNormal(utils.ScalarDistribution):
    """Log-normal distribution: :math:`\\log X` is normal with mean :math:`\\mu`
    and standard deviation :math:`\\sigma`.

    Its density is

    .. math::
        p(x; \\mu, \\sigma) = \\frac{1}{x\\sqrt{2\\pi\\sigma^2}}
            \\exp\\left(-\\frac{(\\log x - \\mu)^2}{2\\sigma^2}\\right), \\quad x > 0.

    Args:
        mu (Variable or array): the mean :math:`\\mu` of :math:`\\log X`.
        sigma (Variable or array): the standard deviation :math:`\\sigma` of
            :math:`\\log X`.

    Samples are reparameterized (:math:`\\exp(\\mu + \\sigma\\epsilon)`);
    ``log_prob`` is :math:`-\\infty` and ``cdf`` 0 for :math:`x \\le 0`.
    """

    support = 'positive'

    def __init__(self, mu, sigma):
        super().__init__(mu=mu, sigma=sigma)

    @property
    def mean(self):
        return F.exp(self.mu + 0.5 * F.square(self.sigma))

    @property
    def mode(self):
        return F.exp(self.mu - F.square(self.sigma))

    @property
    def variance(self):
        sigma2 = F.square(self.sigma)
        return F.expm1(sigma2) * F.exp(2 * self.mu + sigma2)

    @property
    def entropy(self):
        return self.mu + F.log(self.sigma) + (0.5 + _LOG_SQRT_2PI)

    def log_prob(self, x):
        x = self._input(x)
        mu, sigma = self.mu, self.sigma

        def formula(x):
            logx = F.log(x)
            return (-0.5 * F.square((logx - mu) / sigma) - logx - F.log(sigma)
                    - _LOG_SQRT_2PI)
        return utils.restricted(x, x.array <= 0, 1, formula)

    def _z(self, x):
        x = self._input(x)
        nonpositive = x.array <= 0
        z = utils.restricted(x, nonpositive, 1,
                             lambda x: (F.log(x) - self.mu) / self.sigma)
        return z, nonpositive

    def cdf(self, x):
        z, _ = self._z(x)
        return F.ndtr(z)

    def log_cdf(self, x):
        z, _ = self._z(x)
        return F.log_ndtr(z)

    def survival_function(self, x):
        z, _ = self._z(x)
        return F.ndtr(-z)

    def log_survival_function(self, x):
        z, _ = self._z(x)
        return F.log_ndtr(-z)

    def icdf(self, x):
        return F.exp(self.mu + self.sigma * F.ndtri(self._input(x)))

    def sample_n(self, n):
        eps = self._noise(n, lambda r, s: r.standard_normal(s))
        return F.exp(self.mu + self.sigma * eps)


@distribution.register_kl(LogNormal, LogNormal)
def _kl_log_normal_log_normal(dist1, dist2):
    ratio = F.square(dist1.sigma / dist2.sigma)
    diff = F.square((dist1.mu - dist2.mu) / dist2.sigma)
    return F.log(dist2.sigma) - F.log(dist1.sigma) + 0.5 * (ratio + diff - 1)
