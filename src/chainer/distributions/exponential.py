"""The exponential distribution."""
from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


class Exponential(utils.ScalarDistribution):
    """Exponential distribution with rate :math:`\\lambda`.

    Its density is :math:`p(x; \\lambda) = \\lambda e^{-\\lambda x}` for
    :math:`x \\ge 0`.

    Args:
        lam (Variable or array): the rate :math:`\\lambda > 0`.

    ``log_prob`` is :math:`-\\infty` and ``cdf`` 0 for :math:`x < 0`. Samples are
    :math:`E / \\lambda` with :math:`E` standard exponential, differentiable with
    respect to ``lam``.
    """

    support = 'positive'

    def __init__(self, lam):
        super().__init__(lam=lam)

    @property
    def mean(self):
        return 1 / self.lam

    @property
    def mode(self):
        return utils.constant(self.lam.xp.zeros_like(self.lam.array))

    @property
    def variance(self):
        return 1 / F.square(self.lam)

    @property
    def stddev(self):
        return 1 / self.lam

    @property
    def entropy(self):
        return 1 - F.log(self.lam)

    def _clipped(self, x):
        x = self._input(x)
        negative = x.array < 0
        return utils.safe(x, negative, 0), negative

    def log_prob(self, x):
        x, negative = self._clipped(x)
        value = F.log(self.lam) - self.lam * x
        return utils.safe(value, negative, -float('inf'))

    def cdf(self, x):
        x, _ = self._clipped(x)
        return -F.expm1(-self.lam * x)

    def survival_function(self, x):
        x, _ = self._clipped(x)
        return F.exp(-self.lam * x)

    def log_survival_function(self, x):
        x, _ = self._clipped(x)
        return -self.lam * x

    def icdf(self, x):
        return -F.log1p(-self._input(x)) / self.lam

    def sample_n(self, n):
        return self._noise(n, lambda r, s: r.standard_exponential(s)) / self.lam


@distribution.register_kl(Exponential, Exponential)
def _kl_exponential_exponential(dist1, dist2):
    ratio = dist2.lam / dist1.lam
    return ratio - F.log(ratio) - 1
