"""Alex Graves's RMSprop."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=1e-4, alpha=0.95, momentum=0.9, eps=1e-4)


class RMSpropGravesRule(optimizer.UpdateRule):
    """Update rule of Graves's RMSprop (Graves 2013, eq. 38-41)::

        n = alpha * n + (1 - alpha) * grad**2
        g = alpha * g + (1 - alpha) * grad
        delta = momentum * delta - lr * grad / sqrt(n - g**2 + eps)
        param += delta

    The state is ``n``, ``g`` and ``delta``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr, alpha, momentum, eps: as for :class:`RMSpropGraves`.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, alpha=None, momentum=None,
                 eps=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        for name, value in (('lr', lr), ('alpha', alpha), ('momentum', momentum),
                            ('eps', eps)):
            if value is not None:
                setattr(self.hyperparam, name, value)

    def init_state(self, param):
        self.state['n'] = _common.zeros_like(param)
        self.state['g'] = _common.zeros_like(param)
        self.state['delta'] = _common.zeros_like(param)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        lr = float(hp.lr)
        alpha = float(hp.alpha)
        momentum = float(hp.momentum)
        eps = float(_common.check_eps(hp.eps, grad.dtype, 'RMSpropGraves'))
        state = self.state
        tmp = _common.scratch(grad)

        def kernel(p, grad, n, g, delta, t):
            xp = _common.xp_of(p)
            n *= alpha
            xp.multiply(grad, grad, out=t)
            t *= 1.0 - alpha
            n += t
            g *= alpha
            xp.multiply(grad, 1.0 - alpha, out=t)
            g += t
            xp.multiply(g, g, out=t)
            xp.subtract(n, t, out=t)
            t += eps
            xp.sqrt(t, out=t)
            xp.divide(grad, t, out=t)
            t *= lr
            delta *= momentum
            delta -= t
            p += delta
        _common.elementwise(kernel, param.array, grad, state['n'], state['g'],
                            state['delta'], tmp)

    update_core_gpu = update_core_cpu


class RMSpropGraves(optimizer.GradientMethod):
    """Alex Graves's RMSprop, with momentum.

    Args:
        lr (float): learning rate.
        alpha (float): decay rate of the moments.
        momentum (float): momentum.
        eps (float): small value for stability.
    """

    def __init__(self, lr=_default_hyperparam.lr, alpha=_default_hyperparam.alpha,
                 momentum=_default_hyperparam.momentum, eps=_default_hyperparam.eps):
        super().__init__()
        _common.set_all(self.hyperparam, lr=lr, alpha=alpha, momentum=momentum, eps=eps)

    lr = optimizer.HyperparameterProxy('lr')
    alpha = optimizer.HyperparameterProxy('alpha')
    momentum = optimizer.HyperparameterProxy('momentum')
    eps = optimizer.HyperparameterProxy('eps')

    def create_update_rule(self):
        return RMSpropGravesRule(self.hyperparam)
