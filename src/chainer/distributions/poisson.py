"""The Poisson distribution."""

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


class Poisson(utils.ScalarDistribution):
    """Poisson distribution with rate :math:`\\lambda`.

    Its probability mass function is :math:`P(x; \\lambda) = \\lambda^x
    e^{-\\lambda} / x!` for :math:`x = 0, 1, 2, \\ldots`.

    Args:
        lam (Variable or array): the rate :math:`\\lambda > 0`.

    ``log_prob`` is :math:`-\\infty` at points that are not non-negative integers.
    Samples have the dtype of ``lam`` and are not differentiable. ``log_prob``
    needs SciPy (for :math:`\\log x!`).
    """

    support = 'non negative integer'

    def __init__(self, lam):
        super().__init__(lam=lam)

    @property
    def mean(self):
        return self.lam

    @property
    def mode(self):
        return utils.constant(self.lam.xp.floor(self.lam.array))

    @property
    def variance(self):
        return self.lam

    def log_prob(self, x):
        x = self._input(x)
        xs = x.array
        outside = (xs < 0) | (xs != self.lam.xp.floor(xs))
        return utils.restricted(
            x, outside, 0,
            lambda x: utils.xlogy(x, self.lam) - self.lam - F.lgamma(x + 1))

    def sample_n(self, n):
        return self._draw(n, lambda r, lam, s: r.poisson(lam, size=s), self.lam)


@distribution.register_kl(Poisson, Poisson)
def _kl_poisson_poisson(dist1, dist2):
    lam1, lam2 = dist1.lam, dist2.lam
    return lam1 * (F.log(lam1) - F.log(lam2)) - lam1 + lam2
