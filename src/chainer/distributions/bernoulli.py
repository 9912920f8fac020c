"""The Bernoulli distribution."""
import numpy

import chainer
from chainer import backend
from chainer import distribution
from chainer.distributions import utils
import chainer.functions as F


def _bernoulli_log_prob(logit, x, binary_check=False):
    """:math:`\\log P(x)` of a Bernoulli distribution given by its logit.

    ``x * logit - softplus(logit)``, differentiable (twice) in ``logit``. At an
    infinite logit (``p`` exactly 1 or 0) it is ``log(x)`` or ``log(1 - x)``,
    which is right at ``x`` in ``{0, 1}`` and finite between them; the gradient
    there is 0. With ``binary_check``, points other than 0 and 1 give
    :math:`-\\infty`.

    Args:
        logit (Variable or array): the logit, broadcast with ``x``.
        x (Variable or array): the points (their gradient is not computed).
        binary_check (bool): see above.
    """
    logit = chainer.as_variable(logit)
    xs = x.array if isinstance(x, chainer.Variable) else x
    xp = backend.get_array_module(logit.array)
    xs = xp.asarray(xs, dtype=logit.dtype)
    shape = utils.broadcast_shape(xs.shape, logit.shape)
    if logit.shape != shape:
        logit = F.broadcast_to(logit, shape)
    xs = xp.broadcast_to(xs, shape)
    la = logit.array
    plus_inf = xp.asarray(la == numpy.inf)
    minus_inf = xp.asarray(la == -numpy.inf)
    infinite = plus_inf | minus_inf
    logit_finite = utils.safe(logit, infinite, 0)
    value = xs * logit_finite - F.softplus(logit_finite)
    if infinite.any():
        with numpy.errstate(divide='ignore'):
            limit = xp.where(plus_inf, xp.log(xs), xp.log1p(-xs)).astype(
                logit.dtype, copy=False)
        value = F.where(infinite, limit, value)
    if binary_check:
        value = utils.safe(value, xp.asarray((xs != 0) & (xs != 1)),
                           logit.dtype.type(-numpy.inf))
    return value


class Bernoulli(utils.ProbOrLogit):
    """Bernoulli distribution over :math:`\\{0, 1\\}`.

    Its probability mass function is :math:`P(x = 1) = p`, :math:`P(x = 0) = 1 -
    p`, that is :math:`P(x) = p^x (1 - p)^{1 - x}`.

    Args:
        p (Variable or array): the probability :math:`p` of 1.
        logit (Variable or array): :math:`\\log\\{p / (1 - p)\\}`, given instead of
            ``p``. Exactly one of ``p`` and ``logit`` must be given; the formulas
            use whichever is given, so a ``logit`` parameterization stays
            accurate where :math:`p` is very close to 0 or 1.
        binary_check (bool): if True, :meth:`log_prob` (and :meth:`prob`) is
            :math:`-\\infty` (0) at points other than 0 and 1. If False (the
            default) the formula :math:`x\\log p + (1-x)\\log(1-p)` is evaluated
            at any ``x``, which is a useful relaxation (as in a cross entropy
            with soft targets).

    Samples have the dtype of the parameter (0.0 and 1.0) and are not
    differentiable.
    """

    def __init__(self, p=None, logit=None, binary_check=False):
        super(Bernoulli, self).__init__()
        self._set_p_or_logit(p, logit)
        self.binary_check = bool(binary_check)

    @property
    def p(self):
        """The probability of 1."""
        if self._p is not None:
            return self._p
        return F.sigmoid(self._logit)

    @property
    def logit(self):
        """:math:`\\log\\{p / (1 - p)\\}`."""
        if self._logit is not None:
            return self._logit
        return F.log(self._p) - F.log1p(-self._p)

    @property
    def support(self):
        return '{0, 1}'

    @property
    def mean(self):
        return self.p

    @property
    def variance(self):
        p = self.p
        return p * (1 - p)

    @property
    def stddev(self):
        return F.sqrt(self.variance)

    @property
    def entropy(self):
        if self._logit is not None:
            logit = self._logit
            return F.softplus(logit) - F.sigmoid(logit) * logit
        p = self._p
        return -(utils.xlogy(p, p) + utils.xlog1py(1 - p, -p))

    def log_prob(self, x):
        x = self._input(x)
        if self._logit is not None:
            return _bernoulli_log_prob(self._logit, x, self.binary_check)
        value = utils.xlogy(x, self._p) + utils.xlog1py(1 - x, -self._p)
        # p exactly 1 or 0 (an infinite logit): log(x) and log(1 - x), as
        # _bernoulli_log_prob has it, so that points between 0 and 1 stay finite
        p = self._p.array
        xp = backend.get_array_module(p)
        certain = xp.asarray((p == 0) | (p == 1))
        if certain.any():
            xs = x.array
            shape = utils.broadcast_shape(xs.shape, p.shape)
            with numpy.errstate(divide='ignore'):
                limit = xp.where(xp.broadcast_to(p == 1, shape), xp.log(xs),
                                 xp.log1p(-xs)).astype(p.dtype, copy=False)
            value = F.where(xp.broadcast_to(certain, shape), limit,
                            F.broadcast_to(value, shape))
        if self.binary_check:
            xs = x.array
            value = utils.safe(value, (xs != 0) & (xs != 1), -float('inf'))
        return value

    def cdf(self, x):
        x = self._input(x)
        xp = x.xp
        xs = x.array
        one_minus_p = 1 - self.p
        shape = utils.broadcast_shape(xs.shape, self.batch_shape)
        value = F.broadcast_to(one_minus_p, shape)
        value = F.where(xp.asarray(xs < 0), 0, value)
        return F.where(xp.asarray(xs >= 1), 1, value)

    def sample_n(self, n):
        n = utils.check_n('Bernoulli', n)
        p = self.p.array
        xp = self.p.xp
        u = xp.random.random_sample((n,) + self.batch_shape)
        return utils.constant((u < p).astype(p.dtype))


@distribution.register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(dist1, dist2):
    if dist1._logit is not None and dist2._logit is not None:
        l1, l2 = dist1._logit, dist2._logit
        p1 = F.sigmoid(l1)
        # log p = -softplus(-l), log(1 - p) = -softplus(l)
        return (p1 * (F.softplus(-l2) - F.softplus(-l1))
                + (1 - p1) * (F.softplus(l2) - F.softplus(l1)))
    p1, p2 = dist1.p, dist2.p
    q1 = 1 - p1
    return (utils.xlogy(p1, p1) - utils.xlogy(p1, p2)
            + utils.xlog1py(q1, -p1) - utils.xlog1py(q1, -p2))
