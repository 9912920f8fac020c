"""AdaGrad."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.001, eps=1e-8)


class AdaGradRule(optimizer.UpdateRule):
    """Update rule of AdaGrad: ``h += grad**2; param -= lr * grad / (sqrt(h) + eps)``.

    The state is ``h``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
        eps (float): added to the denominator for stability.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, eps=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        _common.set_given(self.hyperparam, lr=lr, eps=eps)

    def init_state(self, param):
        self.state['h'] = _common.zeros_like(param)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        lr = float(self.hyperparam.lr)
        eps = float(_common.check_eps(self.hyperparam.eps, grad.dtype, 'AdaGrad'))
        tmp = _common.scratch(grad)

        def kernel(p, g, h, t):
            xp = _common.xp_of(p)
            xp.multiply(g, g, out=t)
            h += t
            xp.sqrt(h, out=t)
            t += eps
            xp.divide(g, t, out=t)
            t *= lr
            p -= t
        _common.elementwise(kernel, param.array, grad, self.state['h'], tmp)

    update_core_gpu = update_core_cpu


class AdaGrad(optimizer.GradientMethod):
    """AdaGrad (Duchi et al. 2011).

    Args:
        lr (float): learning rate.
        eps (float): added to the denominator for stability.
    """

    def __init__(self, lr=_default_hyperparam.lr, eps=_default_hyperparam.eps):
        super().__init__()
        _common.set_all(self.hyperparam, lr=lr, eps=eps)

    lr = optimizer.HyperparameterProxy('lr')
    eps = optimizer.HyperparameterProxy('eps')

    def create_update_rule(self):
        return AdaGradRule(self.hyperparam)
