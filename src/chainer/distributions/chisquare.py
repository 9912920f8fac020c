"""The chi-square distribution."""
import math


from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F

_LOG2 = math.log(2)


class Chisquare(utils.ScalarDistribution):
    """Chi-square distribution with :math:`k` degrees of freedom.

    Its density is

    .. math::
        p(x; k) = \\frac{x^{k/2 - 1} e^{-x/2}}{2^{k/2}\\Gamma(k/2)}, \\quad x > 0.

    Args:
        k (Variable or array): the degrees of freedom :math:`k > 0`.

    ``log_prob`` is :math:`-\\infty` for :math:`x < 0`. Samples are not
    differentiable. The special functions need SciPy.
    """

    support = 'positive'

    def __init__(self, k):
        super().__init__(k=k)

    @property
    def mean(self):
        return self.k

    @property
    def mode(self):
        return F.relu(self.k - 2)

    @property
    def variance(self):
        return 2 * self.k

    @property
    def entropy(self):
        half = 0.5 * self.k
        return half + _LOG2 + F.lgamma(half) + (1 - half) * F.digamma(half)

    def log_prob(self, x):
        x = self._input(x)
        half = 0.5 * self.k
        return utils.restricted(
            x, x.array < 0, 1,
            lambda x: utils.xlogy(half - 1, x) - 0.5 * x - half * _LOG2 - F.lgamma(half))

    def sample_n(self, n):
        return self._draw(n, lambda r, k, s: r.chisquare(k, size=s), self.k)


@distribution.register_kl(Chisquare, Chisquare)
def _kl_chisquare_chisquare(dist1, dist2):
    # Chisquare(k) is Gamma(k / 2, 2); the scales cancel.
    h1, h2 = 0.5 * dist1.k, 0.5 * dist2.k
    return (h1 - h2) * F.digamma(h1) - F.lgamma(h1) + F.lgamma(h2)
