"""Simon Funk's SMORMS3."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.001, eps=1e-16)


class SMORMS3Rule(optimizer.UpdateRule):
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

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, eps=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        _common.set_given(self.hyperparam, lr=lr, eps=eps)

    def init_state(self, param):
        xp = _common.xp_of(param.array)
        self.state['mem'] = xp.ones_like(param.array)
        self.state['g'] = xp.zeros_like(param.array)
        self.state['g2'] = xp.zeros_like(param.array)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        lr = float(self.hyperparam.lr)
        eps = float(_common.check_eps(self.hyperparam.eps, grad.dtype, 'SMORMS3'))
        state = self.state
        tmp = _common.scratch(grad)
        tmp2 = _common.scratch(grad, 1)

        def kernel(p, grad, mem, g, g2, r, t):
            xp = _common.xp_of(p)
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
        _common.elementwise(kernel, param.array, grad, state['mem'], state['g'],
                            state['g2'], tmp, tmp2)

    update_core_gpu = update_core_cpu


class SMORMS3(optimizer.GradientMethod):
    """Simon Funk's SMORMS3.

    Args:
        lr (float): learning rate.
        eps (float): small value for stability.
    """

    def __init__(self, lr=_default_hyperparam.lr, eps=_default_hyperparam.eps):
        super().__init__()
        _common.set_all(self.hyperparam, lr=lr, eps=eps)

    lr = optimizer.HyperparameterProxy('lr')
    eps = optimizer.HyperparameterProxy('eps')

    def create_update_rule(self):
        return SMORMS3Rule(self.hyperparam)
