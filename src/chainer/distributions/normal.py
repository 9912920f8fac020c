"""The normal (Gaussian) distribution."""
import math

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


class Normal(utils.LocationScale, utils.ParametricDistribution):
    """Normal distribution.

    Its density is

    .. math::
        p(x; \\mu, \\sigma) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}}
            \\exp\\left(-\\frac{(x - \\mu)^2}{2\\sigma^2}\\right).

    Args:
        loc (Variable or array): the location (mean) :math:`\\mu`.
        scale (Variable or array): the scale (standard deviation) :math:`\\sigma`.
        log_scale (Variable or array): :math:`\\log\\sigma`, given instead of
            ``scale`` (a keyword argument). Exactly one of ``scale`` and
            ``log_scale`` must be given.

    The parameters broadcast together; their common shape is ``batch_shape``.
    Samples are reparameterized (:math:`\\mu + \\sigma\\epsilon`), so they are
    differentiable with respect to the parameters.
    """

    _param_names = ('loc', 'scale')

    def __init__(self, loc, scale=None, **kwargs):
        log_scale = kwargs.pop('log_scale', None)
        utils.check_no_kwargs('Normal', kwargs)
        utils.check_one_of('Normal', 'scale', scale, 'log_scale', log_scale)
        super(Normal, self).__init__()
        if scale is not None:
            self.loc, self.scale = utils.prepare_params(
                'Normal', [('loc', loc), ('scale', scale)])
            self._log_scale = None
        else:
            self.loc, self._log_scale = utils.prepare_params(
                'Normal', [('loc', loc), ('log_scale', log_scale)])
            self.scale = F.exp(self._log_scale)

    @property
    def log_scale(self):
        """:math:`\\log\\sigma`."""
        if self._log_scale is not None:
            return self._log_scale
        return F.log(self.scale)

    @property
    def mean(self):
        return self.loc

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return F.square(self.scale)

    @property
    def entropy(self):
        return self.log_scale + (0.5 + _LOG_SQRT_2PI)

    def log_prob(self, x):
        return -0.5 * F.square(self._z(x)) - self.log_scale - _LOG_SQRT_2PI

    def cdf(self, x):
        return F.ndtr(self._z(x))

    def log_cdf(self, x):
        return F.log_ndtr(self._z(x))

    def survival_function(self, x):
        return F.ndtr(-self._z(x))

    def log_survival_function(self, x):
        return F.log_ndtr(-self._z(x))

    _standard_icdf = staticmethod(F.ndtri)

    @staticmethod
    def _standard_noise(random, shape):
        return random.standard_normal(shape)


@distribution.register_kl(Normal, Normal)
def _kl_normal_normal(dist1, dist2):
    ratio = F.square(dist1.scale / dist2.scale)
    diff = F.square((dist1.loc - dist2.loc) / dist2.scale)
    return dist2.log_scale - dist1.log_scale + 0.5 * (ratio + diff - 1)
