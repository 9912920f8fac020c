"""The categorical distribution over class indices."""
import numpy

from chainer import backend
from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


def _check_categories(owner, name, param):
    if param.ndim < 1 or param.shape[-1] < 1:
        raise ValueError(
            '{}: {} must have at least one axis, the last one indexing the '
            'categories (of length >= 1), got shape {}'.format(
                owner, name, param.shape))


def sample_indices(p, n):
    """Draw ``n`` category indices per distribution from probabilities ``p``
    (an array of shape ``batch_shape + (K,)``, normalized along the last axis up
    to rounding): an int32 array of shape ``(n,) + batch_shape``."""
    xp = backend.get_array_module(p)
    cumulative = xp.cumsum(p.astype(numpy.float64), axis=-1)
    batch_shape = p.shape[:-1]
    u = xp.random.random_sample((n,) + batch_shape + (1,))
    u = u * cumulative[..., -1:]
    index = (cumulative <= u).sum(axis=-1)
    return xp.minimum(index, p.shape[-1] - 1).astype(numpy.int32)


class Categorical(utils.ProbOrLogit):
    """Categorical distribution over the indices :math:`0, \\ldots, K-1`.

    Its probability mass function is :math:`P(x = i; p) = p_i`.

    Args:
        p (Variable or array): the probabilities of the categories, of shape
            ``batch_shape + (K,)``; they should sum to 1 along the last axis.
        logit (Variable or array): :math:`\\log p + C` (unnormalized log
            probabilities), given instead of ``p`` as a keyword argument; the
            probabilities are ``softmax(logit, axis=-1)``. Exactly one of ``p``
            and ``logit`` must be given.

    Values are integer indices, of shape ``sample_shape + batch_shape``;
    :meth:`log_prob` is :math:`-\\infty` at indices outside ``[0, K)`` and at
    non-integers. Samples are int32 arrays (in a Variable) and are not
    differentiable.
    """

    def __init__(self, p=None, **kwargs):
        logit = kwargs.pop('logit', None)
        utils.check_no_kwargs('Categorical', kwargs)
        super(Categorical, self).__init__()
        self._set_p_or_logit(p, logit)
        _check_categories('Categorical', self._param_names[0], self._first)

    @property
    def p(self):
        """The probabilities of the categories, of shape ``batch_shape + (K,)``."""
        if self._p is not None:
            return self._p
        return F.softmax(self._logit, axis=-1)

    @property
    def log_p(self):
        """The log probabilities of the categories, of shape ``batch_shape +
        (K,)``."""
        if self._logit is not None:
            return F.log_softmax(self._logit, axis=-1)
        return F.log(self._p)

    @property
    def batch_shape(self):
        return self._first.shape[:-1]

    @property
    def event_shape(self):
        return ()

    @property
    def support(self):
        return '{0, 1, ..., K-1}'

    @property
    def entropy(self):
        if self._logit is not None:
            return -F.sum(self.p * self.log_p, axis=-1)
        return -F.sum(utils.xlogy(self._p, self._p), axis=-1)

    def log_prob(self, x):
        xs = utils.array_of(x)
        xp = self._first.xp
        if not isinstance(xs, tuple(utils._array_types())):
            xs = numpy.asarray(xs)
        xs = xp.asarray(xs)
        if xs.dtype.kind not in 'iubf':
            raise TypeError('Categorical.log_prob: x must hold category indices '
                            '(integers), got dtype {}'.format(xs.dtype))
        n_categories = self._first.shape[-1]
        shape = utils.broadcast_shape(xs.shape, self.batch_shape)
        xs = xp.broadcast_to(xs, shape)
        valid = (xs >= 0) & (xs < n_categories)
        if xs.dtype.kind == 'f':
            valid &= xs == xp.floor(xs)
        index = xp.where(valid, xs, 0).astype(numpy.int32).ravel()
        log_p = F.broadcast_to(self.log_p, shape + (n_categories,))
        log_p = F.reshape(log_p, (-1, n_categories))
        value = F.reshape(F.select_item(log_p, index), shape)
        return utils.safe(value, ~valid, -float('inf'))

    def sample_n(self, n):
        n = utils.check_n('Categorical', n)
        return utils.constant(sample_indices(self.p.array, n))


def kl_from_probs(dist1, dist2):
    """:math:`\\sum_i p_i (\\log p_i - \\log q_i)` over the last axis, with the
    terms where :math:`p_i = 0` taken as 0 (for Categorical and
    OneHotCategorical)."""
    if dist1._logit is not None:
        return F.sum(dist1.p * (dist1.log_p - dist2.log_p), axis=-1)
    p1 = dist1._p
    mask = utils.zero_mask(p1)
    if not mask.any():
        return F.sum(p1 * (F.log(p1) - dist2.log_p), axis=-1)
    log_p1 = F.log(F.where(mask, 1, p1))
    if dist2._logit is not None:
        log_p2 = dist2.log_p
    else:
        log_p2 = F.log(F.where(mask, 1, dist2._p))
    return F.sum(F.where(mask, 0, p1 * (log_p1 - log_p2)), axis=-1)


@distribution.register_kl(Categorical, Categorical)
def _kl_categorical_categorical(dist1, dist2):
    return kl_from_probs(dist1, dist2)
