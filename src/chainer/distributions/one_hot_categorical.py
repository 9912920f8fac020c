"""The categorical distribution over one-hot vectors."""
from chainer import distribution
from chainer.distributions import categorical
from chainer.distributions import utils
import chainer.functions as F


class OneHotCategorical(utils.ParametricDistribution):
    """Categorical distribution over one-hot vectors of length :math:`K`.

    Its probability mass function is :math:`P(x; p) = \\prod_i p_i^{x_i}` for a
    one-hot :math:`x`, i.e. :math:`p_i` where :math:`x_i = 1`.

    Args:
        p (Variable or array): the probabilities of the categories, of shape
            ``batch_shape + (K,)``; they should sum to 1 along the last axis.

    ``event_shape`` is ``(K,)``: a value is a vector of shape ``(K,)``.
    :meth:`log_prob` evaluates :math:`\\sum_i x_i \\log p_i` (with
    :math:`0 \\log 0 = 0`) at any ``x``. Samples are one-hot vectors in the dtype
    of ``p`` and are not differentiable.
    """

    _param_names = ('p',)
    _event_ndim = 1

    def __init__(self, p):
        super(OneHotCategorical, self).__init__()
        self.p, = utils.prepare_params('OneHotCategorical', [('p', p)])
        categorical._check_categories('OneHotCategorical', 'p', self.p)
        self._p = self.p
        self._logit = None

    @property
    def log_p(self):
        """The log probabilities of the categories, of shape ``batch_shape +
        (K,)``."""
        return F.log(self.p)

    @property
    def support(self):
        return 'one-hot vectors of length K'

    @property
    def mean(self):
        return self.p

    @property
    def variance(self):
        return self.p * (1 - self.p)

    @property
    def covariance(self):
        p = self.p
        k = p.shape[-1]
        eye = p.xp.eye(k, dtype=p.dtype)
        outer = F.expand_dims(p, -1) * F.expand_dims(p, -2)
        return F.expand_dims(p, -1) * eye - outer

    @property
    def entropy(self):
        return -F.sum(utils.xlogy(self.p, self.p), axis=-1)

    def log_prob(self, x):
        x = self._vector_input(x)
        shape = utils.broadcast_shape(x.shape, self.p.shape)
        p = self.p if self.p.shape == shape else F.broadcast_to(self.p, shape)
        if x.shape != shape:
            x = F.broadcast_to(x, shape)
        return F.sum(utils.xlogy(x, p), axis=-1)

    def sample_n(self, n):
        n = utils.check_n('OneHotCategorical', n)
        p = self.p.array
        index = categorical.sample_indices(p, n)
        eye = self.p.xp.eye(p.shape[-1], dtype=p.dtype)
        return utils.constant(eye[index])


@distribution.register_kl(OneHotCategorical, OneHotCategorical)
def _kl_one_hot_categorical_one_hot_categorical(dist1, dist2):
    return categorical.kl_from_probs(dist1, dist2)
