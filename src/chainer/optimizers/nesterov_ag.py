"""Nesterov's accelerated gradient."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(**_common.MOMENTUM_DEFAULTS)


class NesterovAGRule(_common.MomentumRule):
    """Update rule of Nesterov's accelerated gradient (the reformulation of
    Bengio et al. 2013, on the look-ahead parameters)::

        v = momentum * v - lr * grad
        param += momentum * momentum * v - (1 + momentum) * lr * grad

    The state is ``v``.
    """

    _defaults = _default_hyperparam

    def make_momentum_kernel(self, xp, lr, mu):
        def kernel(p, g, v, t):
            v *= mu
            xp.multiply(g, lr, out=t)
            v -= t
            t *= 1.0 + mu
            p -= t
            xp.multiply(v, mu * mu, out=t)
            p += t
        return kernel


class NesterovAG(_common.MomentumMethod):
    """Nesterov's accelerated gradient."""

    _rule_class = NesterovAGRule
