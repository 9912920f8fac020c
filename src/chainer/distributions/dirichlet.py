"""The Dirichlet distribution."""

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


class Dirichlet(utils.ParametricDistribution):
    """Dirichlet distribution on the probability simplex of dimension :math:`K`.

    Its density is

    .. math::
        p(x; \\alpha) = \\frac{\\Gamma(\\alpha_0)}{\\prod_i \\Gamma(\\alpha_i)}
            \\prod_{i=1}^K x_i^{\\alpha_i - 1}, \\quad
        \\alpha_0 = \\sum_i \\alpha_i,

    for :math:`x_i \\ge 0`, :math:`\\sum_i x_i = 1`.

    Args:
        alpha (Variable or array): the concentrations :math:`\\alpha_i > 0`, of
            shape ``batch_shape + (K,)``.

    ``event_shape`` is ``(K,)``. :meth:`log_prob` evaluates the formula at the
    given points (which should lie on the simplex) and is :math:`-\\infty` where a
    component is negative. Samples (normalized gamma variables) are not
    differentiable. The special functions need SciPy.
    """

    _param_names = ('alpha',)
    _event_ndim = 1

    def __init__(self, alpha):
        super(Dirichlet, self).__init__()
        self.alpha, = utils.prepare_params('Dirichlet', [('alpha', alpha)])
        if self.alpha.ndim < 1:
            raise ValueError(
                'Dirichlet: alpha must have at least one axis, the last one '
                'indexing the components, got shape {}'.format(self.alpha.shape))

    @property
    def alpha0(self):
        """:math:`\\alpha_0 = \\sum_i \\alpha_i`, of shape ``batch_shape``."""
        return F.sum(self.alpha, axis=-1)

    @property
    def support(self):
        return '[0, 1]'

    @property
    def mean(self):
        return self.alpha / F.expand_dims(self.alpha0, -1)

    @property
    def variance(self):
        alpha0 = F.expand_dims(self.alpha0, -1)
        return self.alpha * (alpha0 - self.alpha) / (F.square(alpha0) * (alpha0 + 1))

    @property
    def covariance(self):
        alpha = self.alpha
        alpha0 = F.expand_dims(F.expand_dims(self.alpha0, -1), -1)
        eye = alpha.xp.eye(alpha.shape[-1], dtype=alpha.dtype)
        mean = alpha / alpha0[..., 0]
        outer = F.expand_dims(mean, -1) * F.expand_dims(mean, -2)
        return (F.expand_dims(mean, -1) * eye - outer) / (alpha0 + 1)

    @property
    def entropy(self):
        alpha = self.alpha
        alpha0 = self.alpha0
        k = alpha.shape[-1]
        return (F.sum(F.lgamma(alpha), axis=-1) - F.lgamma(alpha0)
                + (alpha0 - k) * F.digamma(alpha0)
                - F.sum((alpha - 1) * F.digamma(alpha), axis=-1))

    def log_prob(self, x):
        x = self._vector_input(x)
        xs = x.array
        outside = (xs < 0).any(axis=-1)
        x = utils.safe(x, xs < 0, 0.5)
        shape = utils.broadcast_shape(x.shape, self.alpha.shape)
        alpha = self.alpha if self.alpha.shape == shape else F.broadcast_to(
            self.alpha, shape)
        if x.shape != shape:
            x = F.broadcast_to(x, shape)
        value = (F.sum(utils.xlogy(alpha - 1, x), axis=-1)
                 + F.lgamma(self.alpha0) - F.sum(F.lgamma(self.alpha), axis=-1))
        return utils.safe(value, outside, -float('inf'))

    def sample_n(self, n):
        def draw(random, alpha, shape):
            gamma = random.gamma(alpha, size=shape)
            return gamma / gamma.sum(axis=-1, keepdims=True)
        return self._draw(n, draw, self.alpha)


@distribution.register_kl(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(dist1, dist2):
    alpha1, alpha2 = dist1.alpha, dist2.alpha
    alpha01, alpha02 = dist1.alpha0, dist2.alpha0
    digamma_diff = F.digamma(alpha1) - F.expand_dims(F.digamma(alpha01), -1)
    return (F.lgamma(alpha01) - F.sum(F.lgamma(alpha1), axis=-1)
            - F.lgamma(alpha02) + F.sum(F.lgamma(alpha2), axis=-1)
            + F.sum((alpha1 - alpha2) * digamma_diff, axis=-1))
