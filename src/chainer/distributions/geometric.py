"""The geometric distribution."""

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


class Geometric(utils.ScalarDistribution):
    """Geometric distribution: the number of Bernoulli trials up to and including
    the first success.

    Its probability mass function is :math:`P(x; p) = p (1 - p)^{x - 1}` for
    :math:`x = 1, 2, \\ldots`.

    Args:
        p (Variable or array): the success probability :math:`0 < p \\le 1`.

    ``log_prob`` is :math:`-\\infty` at points that are not positive integers.
    Samples have the dtype of ``p`` and are not differentiable.
    """

    support = 'positive integer'

    def __init__(self, p):
        super().__init__(p=p)

    @property
    def mean(self):
        return 1 / self.p

    @property
    def mode(self):
        return utils.constant(self.p.xp.ones_like(self.p.array))

    @property
    def variance(self):
        return (1 - self.p) / F.square(self.p)

    @property
    def entropy(self):
        p = self.p
        return -(utils.xlog1py(1 - p, -p) + F.log(p) * p) / p

    def _outside(self, xs):
        return (xs < 1) | (xs != self.p.xp.floor(xs))

    def log_prob(self, x):
        x = self._input(x)
        return utils.restricted(x, self._outside(x.array), 1,
                                lambda x: utils.xlog1py(x - 1, -self.p) + F.log(self.p))

    def cdf(self, x):
        x = self._input(x)
        xp = self.p.xp
        xs = xp.floor(x.array)
        below = xs < 1
        xs = xp.where(below, 1, xs).astype(x.dtype)
        value = -F.expm1(utils.xlog1py(xs, -self.p))
        return utils.safe(value, below, 0)

    def sample_n(self, n):
        return self._draw(n, lambda r, p, s: r.geometric(p, size=s), self.p)


@distribution.register_kl(Geometric, Geometric)
def _kl_geometric_geometric(dist1, dist2):
    p1, p2 = dist1.p, dist2.p
    return (F.log(p1) - F.log(p2)
            + (1 / p1 - 1) * (F.log1p(-p1) - F.log1p(-p2)))
