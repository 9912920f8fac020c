"""The Pareto distribution."""
from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


class Pareto(utils.ScalarDistribution):
    """Pareto distribution (type I).

    Its density is

    .. math::
        p(x; x_m, \\alpha) = \\frac{\\alpha x_m^\\alpha}{x^{\\alpha + 1}}, \\quad
        x \\ge x_m.

    Args:
        scale (Variable or array): the scale :math:`x_m > 0` (the least value).
        alpha (Variable or array): the shape :math:`\\alpha > 0`.

    ``log_prob`` is :math:`-\\infty` below ``scale``. The mean is infinite for
    :math:`\\alpha \\le 1` and the variance for :math:`\\alpha \\le 2`. Samples are
    reparameterized (:math:`x_m e^{E/\\alpha}` with :math:`E` standard
    exponential), so they are differentiable with respect to both parameters.
    """

    support = '[scale, inf]'

    def __init__(self, scale, alpha):
        super().__init__(scale=scale, alpha=alpha)

    @property
    def mean(self):
        alpha = self.alpha
        undefined = alpha.array <= 1
        alpha = utils.safe(alpha, undefined, 2)
        value = alpha * self.scale / (alpha - 1)
        return utils.safe(value, undefined, float('inf'))

    @property
    def mode(self):
        return self.scale

    @property
    def variance(self):
        alpha = self.alpha
        undefined = alpha.array <= 2
        alpha = utils.safe(alpha, undefined, 3)
        value = F.square(self.scale / (alpha - 1)) * alpha / (alpha - 2)
        return utils.safe(value, undefined, float('inf'))

    @property
    def entropy(self):
        return F.log(self.scale / self.alpha) + 1 / self.alpha + 1

    def log_prob(self, x):
        x = self._input(x)
        scale, alpha = self.scale, self.alpha
        return utils.restricted(
            x, x.array < scale.array, scale,
            lambda x: F.log(alpha) + alpha * F.log(scale) - (alpha + 1) * F.log(x))

    def cdf(self, x):
        x = self._input(x)
        scale, alpha = self.scale, self.alpha
        return utils.restricted(
            x, x.array < scale.array, scale,
            lambda x: 1 - F.exp(alpha * (F.log(scale) - F.log(x))), 0)

    def icdf(self, x):
        return self.scale * F.exp(-F.log1p(-self._input(x)) / self.alpha)

    def sample_n(self, n):
        eps = self._noise(n, lambda r, s: r.standard_exponential(s))
        return self.scale * F.exp(eps / self.alpha)


@distribution.register_kl(Pareto, Pareto)
def _kl_pareto_pareto(dist1, dist2):
    s1, a1, s2, a2 = dist1.scale, dist1.alpha, dist2.scale, dist2.alpha
    value = F.log(a1 / a2) + a2 * (F.log(s1) - F.log(s2)) + (a2 - a1) / a1
    # Where the support of dist1 reaches below that of dist2 the divergence is
    # infinite.
    return utils.safe(value, s1.array < s2.array, float('inf'))
