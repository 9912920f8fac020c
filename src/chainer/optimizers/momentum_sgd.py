"""Momentum SGD."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.01, momentum=0.9)


class MomentumSGDRule(optimizer.UpdateRule):
    """Update rule of momentum SGD.

    ``v = momentum * v - lr * grad; param += v``; the state is ``v``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
        momentum (float): momentum (decay of ``v``).
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
        hp = self.hyperparam
        lr = float(hp.lr)
        momentum = float(hp.momentum)
        tmp = _common.scratch(grad)

        def kernel(p, g, v, t):
            xp = _common.xp_of(p)
            v *= momentum
            xp.multiply(g, lr, out=t)
            v -= t
            p += v
        _common.elementwise(kernel, param.array, grad, self.state['v'], tmp)

    update_core_gpu = update_core_cpu


class MomentumSGD(optimizer.GradientMethod):
    """Momentum SGD: ``v = momentum * v - lr * grad; param += v``.

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
        return MomentumSGDRule(self.hyperparam)
