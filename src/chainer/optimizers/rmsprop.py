"""RMSprop."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.01, alpha=0.99, eps=1e-8,
                                       eps_inside_sqrt=False)


class RMSpropRule(optimizer.UpdateRule):
    """Update rule of RMSprop::

        ms = alpha * ms + (1 - alpha) * grad**2
        param -= lr * grad / (sqrt(ms) + eps)      # or sqrt(ms + eps)

    The state is ``ms``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
        alpha (float): decay rate of ``ms``.
        eps (float): small value for stability.
        eps_inside_sqrt (bool): add ``eps`` inside the square root.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, alpha=None, eps=None,
                 eps_inside_sqrt=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        for name, value in (('lr', lr), ('alpha', alpha), ('eps', eps),
                            ('eps_inside_sqrt', eps_inside_sqrt)):
            if value is not None:
                setattr(self.hyperparam, name, value)

    def init_state(self, param):
        self.state['ms'] = _common.zeros_like(param)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        lr = float(hp.lr)
        alpha = float(hp.alpha)
        eps = float(_common.check_eps(hp.eps, grad.dtype, 'RMSprop'))
        inside = bool(hp.eps_inside_sqrt)
        tmp = _common.scratch(grad)

        def kernel(p, g, ms, t):
            xp = _common.xp_of(p)
            ms *= alpha
            xp.multiply(g, g, out=t)
            t *= 1.0 - alpha
            ms += t
            if inside:
                xp.add(ms, eps, out=t)
                xp.sqrt(t, out=t)
            else:
                xp.sqrt(ms, out=t)
                t += eps
            xp.divide(g, t, out=t)
            t *= lr
            p -= t
        _common.elementwise(kernel, param.array, grad, self.state['ms'], tmp)

    update_core_gpu = update_core_cpu


class RMSprop(optimizer.GradientMethod):
    """RMSprop (Hinton's lecture notes).

    Args:
        lr (float): learning rate.
        alpha (float): decay rate of the mean square.
        eps (float): small value for stability.
        eps_inside_sqrt (bool): compute ``sqrt(ms + eps)`` instead of
            ``sqrt(ms) + eps``.
    """

    def __init__(self, lr=_default_hyperparam.lr, alpha=_default_hyperparam.alpha,
                 eps=_default_hyperparam.eps,
                 eps_inside_sqrt=_default_hyperparam.eps_inside_sqrt):
        super().__init__()
        _common.set_all(self.hyperparam, lr=lr, alpha=alpha, eps=eps,
                        eps_inside_sqrt=eps_inside_sqrt)

    lr = optimizer.HyperparameterProxy('lr')
    alpha = optimizer.HyperparameterProxy('alpha')
    eps = optimizer.HyperparameterProxy('eps')
    eps_inside_sqrt = optimizer.HyperparameterProxy('eps_inside_sqrt')

    def create_update_rule(self):
        return RMSpropRule(self.hyperparam)
