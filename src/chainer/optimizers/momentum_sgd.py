"""Momentum SGD."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(**_common.MOMENTUM_DEFAULTS)


class MomentumSGDRule(_common.MomentumRule):
    """Update rule of momentum SGD.

    ``v = momentum * v - lr * grad; param += v``; the state is ``v``.
    """

    _defaults = _default_hyperparam

    def make_momentum_kernel(self, xp, lr, momentum):
        def kernel(p, g, v, t):
            v *= momentum
            xp.multiply(g, lr, out=t)
            v -= t
            p += v
        return kernel


class MomentumSGD(_common.MomentumMethod):
    """Momentum SGD: ``v = momentum * v - lr * grad; param += v``."""

    _rule_class = MomentumSGDRule
