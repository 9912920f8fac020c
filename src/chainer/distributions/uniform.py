"""The continuous uniform distribution."""
import math

from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


class Uniform(utils.ParametricDistribution):
    """Uniform distribution on the interval :math:`[l, h]`.

    Its density is :math:`p(x; l, h) = 1 / (h - l)` for :math:`l \\le x \\le h`
    and 0 elsewhere.

    Keyword Args:
        low (Variable or array): the lower bound :math:`l`.
        high (Variable or array): the upper bound :math:`h`.
        loc (Variable or array): the lower bound, given with ``scale`` instead
            of ``low`` and ``high``.
        scale (Variable or array): the width :math:`h - l`.

    Give either ``low`` and ``high``, or ``loc`` and ``scale``. Samples are
    reparameterized (:math:`l + (h - l) U` with :math:`U` standard uniform), so
    they are differentiable with respect to the parameters.
    """

    _param_names = ('low', 'high')

    def __init__(self, **kwargs):
        low = kwargs.pop('low', None)
        high = kwargs.pop('high', None)
        loc = kwargs.pop('loc', None)
        scale = kwargs.pop('scale', None)
        utils.check_no_kwargs('Uniform', kwargs)
        by_bounds = low is not None or high is not None
        by_loc = loc is not None or scale is not None
        if by_bounds and by_loc:
            raise ValueError('Uniform: give either low and high, or loc and scale, '
                             'not both')
        super(Uniform, self).__init__()
        if by_loc:
            if loc is None or scale is None:
                raise ValueError('Uniform: loc and scale must be given together, got '
                                 'only {}'.format('loc' if scale is None else 'scale'))
            self.loc, self.scale = utils.prepare_params(
                'Uniform', [('loc', loc), ('scale', scale)])
            self.low = self.loc
            self.high = self.loc + self.scale
        else:
            if low is None or high is None:
                raise ValueError(
                    'Uniform: low and high (or loc and scale) must be given, got '
                    '{}'.format('only low' if low is not None else
                                'only high' if high is not None else 'neither'))
            self.low, self.high = utils.prepare_params(
                'Uniform', [('low', low), ('high', high)])
            self.loc = self.low
            self.scale = self.high - self.low

    @property
    def support(self):
        return '[low, high]'

    @property
    def mean(self):
        return self.low + 0.5 * self.scale

    @property
    def variance(self):
        return F.square(self.scale) / 12

    @property
    def stddev(self):
        return self.scale / math.sqrt(12)

    @property
    def entropy(self):
        return F.log(self.scale)

    def log_prob(self, x):
        x = self._input(x)
        xs = x.array
        outside = (xs < self.low.array) | (xs > self.high.array)
        shape = utils.broadcast_shape(xs.shape, self.batch_shape)
        value = F.broadcast_to(-F.log(self.scale), shape)
        return utils.safe(value, outside, -float('inf'))

    def cdf(self, x):
        return F.clip((self._input(x) - self.low) / self.scale, 0.0, 1.0)

    def icdf(self, x):
        return self.low + self.scale * self._input(x)

    def sample_n(self, n):
        return self.low + self.scale * self._noise(n, lambda r, s: r.random_sample(s))


@distribution.register_kl(Uniform, Uniform)
def _kl_uniform_uniform(dist1, dist2):
    value = F.log(dist2.scale) - F.log(dist1.scale)
    outside = ((dist1.low.array < dist2.low.array)
               | (dist1.high.array > dist2.high.array))
    return utils.safe(value, outside, float('inf'))
