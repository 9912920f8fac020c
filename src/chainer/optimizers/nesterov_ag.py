"""Nesterov's accelerated gradient."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.01, momentum=0.9)


class NesterovAGRule(optimizer.UpdateRule):
    """Update rule of Nesterov's accelerated gradient (the reformulation of
    Bengio et al. 2013, on the look-ahead parameters)::

        v = momentum * v - lr * grad
        param += momentum * momentum * v - (1 + momentum) * lr * grad

    The state is ``v``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
        momentum (float): momentum.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, momentum=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        _common.set_given(self.hyperparam, lr=lr, momentum=momentum)

    def init_state(self, param):
        self.state['v'] = _common.zeros_like(param)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        lr = float(self.hyperparam.lr)
        mu = float(self.hyperparam.momentum)
        tmp = _common.scratch(grad)

        def kernel(p, g, v, t):
            xp = _common.xp_of(p)
            v *= mu
            xp.multiply(g, lr, out=t)
            v -= t
            t *= 1.0 + mu
            p -= t
            xp.multiply(v, mu * mu, out=t)
            p += t
        _common.elementwise(kernel, param.array, grad, self.state['v'], tmp)

    update_core_gpu = update_core_cpu


class NesterovAG(optimizer.GradientMethod):
    """Nesterov's accelerated gradient.

    Args:
        lr (float): learning rate.
        momentum (float): momentum.
    """

    def __init__(self, lr=_default_hyperparam.lr, momentum=_default_hyperparam.momentum):
        super().__init__()
        _common.set_all(self.hyperparam, lr=lr, momentum=momentum)

    lr = optimizer.HyperparameterProxy('lr')
    momentum = optimizer.HyperparameterProxy('momentum')

    def create_update_rule(self):
        return NesterovAGRule(self.hyperparam)
