"""The normal (Gaussian) distribution."""
import math

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


class Normal(distribution.Distribution):
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

    def __init__(self, loc, scale=None, **kwargs):
        log_scale = kwargs.pop('log_scale', None)
        utils.check_no_kwargs('Normal', kwargs)
        if (scale is None) == (log_scale is None):
            raise ValueError(
                'Normal: exactly one of scale and log_scale must be given, got '
                '{}'.format('both' if scale is not None else 'neither'))
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
    def batch_shape(self):
        return self.loc.shape

    @property
    def event_shape(self):
        return ()

    @property
    def params(self):
        return {'loc': self.loc, 'scale': self.scale}

    @property
    def support(self):
        return 'real'

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
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

    def _z(self, x):
        x = utils.as_input(x, self.loc.dtype, 'Normal')
        return (x - self.loc) / self.scale

    def log_prob(self, x):
        return -0.5 * F.square(self._z(x)) - self.log_scale - _LOG_SQRT_2PI

    def prob(self, x):
        return F.exp(self.log_prob(x))

    def cdf(self, x):
        return F.ndtr(self._z(x))

    def log_cdf(self, x):
        return F.log_ndtr(self._z(x))

    def survival_function(self, x):
        return F.ndtr(-self._z(x))

    def log_survival_function(self, x):
        return F.log_ndtr(-self._z(x))

    def icdf(self, x):
        x = utils.as_input(x, self.loc.dtype, 'Normal')
        return self.loc + self.scale * F.ndtri(x)

    def sample_n(self, n):
        n = utils.check_n('Normal', n)
        xp = self.loc.xp
        eps = utils.random_like(xp, (n,) + self.batch_shape, self.loc.dtype,
                                lambda r, s: r.standard_normal(s))
        return self.loc + self.scale * eps


@distribution.register_kl(Normal, Normal)
def _kl_normal_normal(dist1, dist2):
    ratio = F.square(dist1.scale / dist2.scale)
    diff = F.square((dist1.loc - dist2.loc) / dist2.scale)
    return dist2.log_scale - dist1.log_scale + 0.5 * (ratio + diff - 1)
