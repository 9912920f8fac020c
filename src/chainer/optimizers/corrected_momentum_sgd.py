"""Momentum SGD with the learning rate applied to the whole update."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(**_common.MOMENTUM_DEFAULTS)


class CorrectedMomentumSGDRule(_common.MomentumRule):
    """Update rule of corrected momentum SGD (Goyal et al. 2017, eq. 9).

    ``v = momentum * v - grad; param += lr * v``; the state is ``v``. Unlike
    :class:`MomentumSGD`, changing ``lr`` does not rescale the momentum already
    accumulated.
    """

    _defaults = _default_hyperparam

    def make_momentum_kernel(self, xp, lr, momentum):
        def kernel(p, g, v, t):
            v *= momentum
            v -= g
            xp.multiply(v, lr, out=t)
            p += t
        return kernel


class CorrectedMomentumSGD(_common.MomentumMethod):
    """Momentum SGD with momentum correction: ``v = momentum * v - grad;
    param += lr * v``."""

    _rule_class = CorrectedMomentumSGDRule
