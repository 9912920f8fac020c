"""The multivariate normal distribution."""
import math

import chainer
from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F

_LOG_2PI = math.log(2 * math.pi)


def _triangular_inv(matrix, lower=True):
    """The inverse of each triangular matrix of a batch of any shape.

    ``matrix`` is lower (``lower=True``) or upper triangular; the inverse is
    triangular the same way, and its other triangle is exactly 0. Differentiable
    (twice) with respect to ``matrix``.
    """
    matrix = chainer.as_variable(matrix)
    shape = matrix.shape
    d = shape[-1]
    if matrix.size == 0:
        # nothing to invert (0 x 0 matrices, or an empty batch)
        return matrix * 1
    flat = F.reshape(matrix, (matrix.size // (d * d), d, d))
    inverse = F.reshape(F.batch_inv(flat), shape)
    xp = matrix.xp
    ones = xp.ones((d, d), dtype=matrix.dtype)
    triangle = xp.tril(ones) if lower else xp.triu(ones)
    return inverse * F.broadcast_to(triangle, shape)


def _log_abs_det_tril(tril):
    """:math:`\\log|\\det L|` of triangular matrices: the sum of the logs of the
    absolute diagonal."""
    diagonal = F.diagonal(tril, 0, -2, -1)
    return F.sum(F.log(F.absolute(diagonal)), axis=-1)


def _matvec(matrix, vector):
    """``matrix @ vector`` over the last axes, broadcasting the batch axes."""
    return F.squeeze(F.matmul(matrix, F.expand_dims(vector, -1)), -1)


class MultivariateNormal(utils.ParametricDistribution):
    """Multivariate normal distribution of dimension :math:`d`.

    Its density is

    .. math::
        p(x; \\mu, \\Sigma) = \\frac{1}{\\sqrt{(2\\pi)^d |\\Sigma|}}
            \\exp\\left(-\\frac{1}{2}(x - \\mu)^\\top \\Sigma^{-1} (x - \\mu)\\right),
        \\quad \\Sigma = L L^\\top.

    Args:
        loc (Variable or array): the mean :math:`\\mu`, of shape ``batch_shape +
            (d,)``.
        scale_tril (Variable or array): the lower triangular factor :math:`L` of
            the covariance (a keyword argument, required), of shape
            ``batch_shape + (d, d)``; only its lower triangle is used, and its
            diagonal must not be zero.

    ``event_shape`` is ``(d,)``; the batch shapes of ``loc`` and ``scale_tril``
    broadcast together. Samples are reparameterized (:math:`\\mu + L\\epsilon`), so
    they are differentiable with respect to the parameters.
    """

    _param_names = ('loc', 'scale_tril')
    _event_ndim = 1

    def __init__(self, loc, **kwargs):
        scale_tril = kwargs.pop('scale_tril', None)
        utils.check_no_kwargs('MultivariateNormal', kwargs)
        if scale_tril is None:
            raise ValueError('MultivariateNormal: scale_tril must be given (the lower '
                             'triangular factor of the covariance)')
        super(MultivariateNormal, self).__init__()
        loc, scale_tril = utils.prepare_params(
            'MultivariateNormal', [('loc', loc), ('scale_tril', scale_tril)],
            broadcast=False)
        if loc.ndim < 1:
            raise ValueError('MultivariateNormal: loc must have at least one axis '
                             '(the event of size d), got shape {}'.format(loc.shape))
        d = loc.shape[-1]
        if scale_tril.ndim < 2 or scale_tril.shape[-2:] != (d, d):
            raise ValueError(
                'MultivariateNormal: scale_tril must have shape batch_shape + '
                '({0}, {0}) to match loc of shape {1}, got shape {2}'.format(
                    d, loc.shape, scale_tril.shape))
        try:
            batch = utils.broadcast_shape(loc.shape[:-1], scale_tril.shape[:-2])
        except ValueError:
            raise ValueError(
                'MultivariateNormal: the batch shapes of loc {} and scale_tril {} do '
                'not broadcast together'.format(loc.shape, scale_tril.shape)) from None
        if loc.shape != batch + (d,):
            loc = F.broadcast_to(loc, batch + (d,))
        if scale_tril.shape != batch + (d, d):
            scale_tril = F.broadcast_to(scale_tril, batch + (d, d))
        # Only the lower triangle is used (always masked, so that the gradient of
        # the upper triangle is zero, as the function's).
        scale_tril = F.where(loc.xp.tri(d, dtype=bool), scale_tril, 0)
        self.loc = loc
        self.scale_tril = scale_tril

    @property
    def d(self):
        """The dimension :math:`d` of an event."""
        return self.loc.shape[-1]

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
    def covariance(self):
        return F.matmul(self.scale_tril, self.scale_tril, transb=True)

    @property
    def variance(self):
        return F.sum(F.square(self.scale_tril), axis=-1)

    @property
    def entropy(self):
        return (_log_abs_det_tril(self.scale_tril)
                + 0.5 * self.d * (1 + _LOG_2PI))

    def log_prob(self, x):
        x = self._vector_input(x)
        whitened = _matvec(_triangular_inv(self.scale_tril), x - self.loc)
        return (-0.5 * F.sum(F.square(whitened), axis=-1)
                - _log_abs_det_tril(self.scale_tril) - 0.5 * self.d * _LOG_2PI)

    def sample_n(self, n):
        eps = self._noise(n, lambda r, s: r.standard_normal(s))
        return self.loc + _matvec(self.scale_tril, eps)


@distribution.register_kl(MultivariateNormal, MultivariateNormal)
def _kl_multivariate_normal_multivariate_normal(dist1, dist2):
    inv2 = _triangular_inv(dist2.scale_tril)
    trace = F.sum(F.square(F.matmul(inv2, dist1.scale_tril)), axis=(-2, -1))
    whitened = _matvec(inv2, dist2.loc - dist1.loc)
    quadratic = F.sum(F.square(whitened), axis=-1)
    return (0.5 * (trace + quadratic - dist1.d)
            + _log_abs_det_tril(dist2.scale_tril) - _log_abs_det_tril(dist1.scale_tril))
