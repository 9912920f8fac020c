"""Vanilla stochastic gradient descent."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.01)


class SGDRule(optimizer.UpdateRule):
    """Update rule of SGD: ``param -= lr * grad``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        _common.set_given(self.hyperparam, lr=lr)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        lr = float(self.hyperparam.lr)
        tmp = _common.scratch(grad)

        def kernel(p, g, t):
            xp = _common.xp_of(p)
            xp.multiply(g, lr, out=t)
            p -= t
        _common.elementwise(kernel, param.array, grad, tmp)

    update_core_gpu = update_core_cpu


class SGD(optimizer.GradientMethod):
    """Vanilla stochastic gradient descent: ``param -= lr * grad``.

    Args:
        lr (float): learning rate.
    """

    def __init__(self, lr=_default_hyperparam.lr):
        super().__init__()
        _common.set_all(self.hyperparam, lr=lr)

    lr = optimizer.HyperparameterProxy('lr')

    def create_update_rule(self):
        return SGDRule(self.hyperparam)
