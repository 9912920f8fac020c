"""The gamma distribution."""

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


class Gamma(utils.ScalarDistribution):
    """Gamma distribution with shape :math:`k` and scale :math:`\\theta`.

    Its density is

    .. math::
        p(x; k, \\theta) = \\frac{x^{k-1} e^{-x/\\theta}}{\\Gamma(k)\\theta^k},
        \\quad x > 0.

    Args:
        k (Variable or array): the shape :math:`k > 0`.
        theta (Variable or array): the scale :math:`\\theta > 0`.

    ``log_prob`` is :math:`-\\infty` for :math:`x < 0`. Samples are
    :math:`\\theta G` with :math:`G \\sim \\mathrm{Gamma}(k, 1)`: differentiable with
    respect to ``theta`` (not ``k``). The special functions need SciPy.
    """

    support = 'positive'

    def __init__(self, k, theta):
        super().__init__(k=k, theta=theta)

    @property
    def mean(self):
        return self.k * self.theta

    @property
    def mode(self):
        return F.relu(self.k - 1) * self.theta

    @property
    def variance(self):
        return self.k * F.square(self.theta)

    @property
    def entropy(self):
        k = self.k
        return k + F.log(self.theta) + F.lgamma(k) + (1 - k) * F.digamma(k)

    def log_prob(self, x):
        x = self._input(x)
        k, theta = self.k, self.theta
        return utils.restricted(
            x, x.array < 0, 1,
            lambda x: (utils.xlogy(k - 1, x) - x / theta - F.lgamma(k)
                       - k * F.log(theta)))

    def sample_n(self, n):
        return self.theta * self._draw(n, lambda r, k, s: r.gamma(k, size=s), self.k)


@distribution.register_kl(Gamma, Gamma)
def _kl_gamma_gamma(dist1, dist2):
    k1, t1, k2, t2 = dist1.k, dist1.theta, dist2.k, dist2.theta
    return ((k1 - k2) * F.digamma(k1) - F.lgamma(k1) + F.lgamma(k2)
            + k2 * (F.log(t2) - F.log(t1)) + k1 * (t1 / t2 - 1))
