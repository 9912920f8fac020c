"""The beta distribution."""

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


class Beta(utils.ScalarDistribution):
    """Beta distribution on :math:`[0, 1]`.

    Its density is

    .. math::
        p(x; a, b) = \\frac{x^{a-1} (1 - x)^{b-1}}{B(a, b)}, \\quad
        B(a, b) = \\frac{\\Gamma(a)\\Gamma(b)}{\\Gamma(a + b)}.

    Args:
        a (Variable or array): the shape parameter :math:`a > 0`.
        b (Variable or array): the shape parameter :math:`b > 0`.

    ``log_prob`` is :math:`-\\infty` outside :math:`[0, 1]`. Samples (drawn as
    :math:`G_a / (G_a + G_b)` from gamma variables) are not differentiable.
    The special functions need SciPy.
    """

    support = '[0, 1]'

    def __init__(self, a, b):
        super().__init__(a=a, b=b)

    @property
    def mean(self):
        return self.a / (self.a + self.b)

    @property
    def mode(self):
        return (self.a - 1) / (self.a + self.b - 2)

    @property
    def variance(self):
        total = self.a + self.b
        return self.a * self.b / (F.square(total) * (total + 1))

    @property
    def entropy(self):
        a, b = self.a, self.b
        return (utils.log_beta(a, b) - (a - 1) * F.digamma(a)
                - (b - 1) * F.digamma(b) + (a + b - 2) * F.digamma(a + b))

    def log_prob(self, x):
        x = self._input(x)
        a, b = self.a, self.b
        return utils.restricted(
            x, (x.array < 0) | (x.array > 1), 0.5,
            lambda x: (utils.xlogy(a - 1, x) + utils.xlog1py(b - 1, -x)
                       - utils.log_beta(a, b)))

    def sample_n(self, n):
        def draw(random, a, b, shape):
            ga = random.gamma(a, size=shape)
            gb = random.gamma(b, size=shape)
            return ga / (ga + gb)
        return self._draw(n, draw, self.a, self.b)


@distribution.register_kl(Beta, Beta)
def _kl_beta_beta(dist1, dist2):
    a1, b1, a2, b2 = dist1.a, dist1.b, dist2.a, dist2.b
    return (utils.log_beta(a2, b2) - utils.log_beta(a1, b1)
            + (a1 - a2) * F.digamma(a1) + (b1 - b2) * F.digamma(b1)
            + (a2 - a1 + b2 - b1) * F.digamma(a1 + b1))
