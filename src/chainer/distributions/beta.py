"""The beta distribution."""
import numpy

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
        x = utils.as_input(x, self.a.dtype, 'Beta')
        xs = x.array
        outside = (xs < 0) | (xs > 1)
        x = utils.safe(x, outside, 0.5)
        value = (utils.xlogy(self.a - 1, x) + utils.xlog1py(self.b - 1, -x)
                 - utils.log_beta(self.a, self.b))
        return utils.safe(value, outside, -float('inf'))

    def sample_n(self, n):
        n = utils.check_n('Beta', n)
        xp = self.a.xp
        shape = (n,) + self.batch_shape
        a = self.a.array.astype(numpy.float64)
        b = self.b.array.astype(numpy.float64)
        ga = xp.random.gamma(xp.broadcast_to(a, shape), size=shape)
        gb = xp.random.gamma(xp.broadcast_to(b, shape), size=shape)
        return utils.constant((ga / (ga + gb)).astype(self.a.dtype))


@distribution.register_kl(Beta, Beta)
def _kl_beta_beta(dist1, dist2):
    a1, b1, a2, b2 = dist1.a, dist1.b, dist2.a, dist2.b
    return (utils.log_beta(a2, b2) - utils.log_beta(a1, b1)
            + (a1 - a2) * F.digamma(a1) + (b1 - b2) * F.digamma(b1)
            + (a2 - a1 + b2 - b1) * F.digamma(a1 + b1))
