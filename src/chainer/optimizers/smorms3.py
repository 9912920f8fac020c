"""Simon Funk's SMORMS3."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.001, eps=1e-16)


class SMORMS3Rule(_common.ElementwiseRule):
    """Update rule of SMORMS3::

        r = 1 / (mem + 1)
        g = (1 - r) * g + r * grad
        g2 = (1 - r) * g2 + r * grad**2
        x = g**2 / (g2 + eps)
        param -= grad * min(lr, x) / (sqrt(g2) + eps)
        mem = 1 + mem * (1 - x)

    The state is ``mem`` (starting at ones), ``g`` and ``g2``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
        eps (float): small value for stability.
    """

    state_names = ('mem', 'g', 'g2')
    n_scratch = 2

    def __init__(self, parent_hyperparam=None, lr=None, eps=None):
        super().__init__(_default_hyperparam, parent_hyperparam, lr=lr, eps=eps)

    def init_state(self, param):
        super().init_state(param)
        self.state['mem'].fill(1)

    def make_kernel(self, xp, dtype):
        lr = float(self.hyperparam.lr)
        eps = float(_common.check_eps(self.hyperparam.eps, dtype, 'SMORMS3'))

        def kernel(p, grad, mem, g, g2, r, t):
            xp.add(mem, 1.0, out=r)
            xp.reciprocal(r, out=r)
            xp.subtract(grad, g, out=t)
            t *= r
            g += t
            xp.multiply(grad, grad, out=t)
            t -= g2
            t *= r
            g2 += t
            xp.add(g2, eps, out=r)
            xp.multiply(g, g, out=t)
            t /= r                                # t = x
            xp.subtract(1.0, t, out=r)
            mem *= r
            mem += 1.0                            # mem = 1 + mem * (1 - x)
            xp.minimum(t, lr, out=t)
            t *= grad
            xp.sqrt(g2, out=r)
            r += eps
            t /= r
            p -= t
        return kernel


class SMORMS3(_common.GradientMethod):
    """Simon Funk's SMORMS3.

    Args:
        lr (float): learning rate.
        eps (float): small value for stability.
    """

    _rule_class = SMORMS3Rule

    def __init__(self, lr=_default_hyperparam.lr, eps=_default_hyperparam.eps):
        super().__init__(lr=lr, eps=eps)

    lr, eps = _common.proxies('lr', 'eps')
