"""Momentum SGD with the learning rate applied to the whole update."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.01, momentum=0.9)


class CorrectedMomentumSGDRule(optimizer.UpdateRule):
    """Update rule of corrected momentum SGD (Goyal et al. 2017, eq. 9).

    ``v = momentum * v - grad; param += lr * v``; the state is ``v``. Unlike
    :class:`MomentumSGD`, changing ``lr`` does not rescale the momentum already
    accumulated.

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
        momentum = float(self.hyperparam.momentum)
        tmp = _common.scratch(grad)

        def kernel(p, g, v, t):
            xp = _common.xp_of(p)
            v *= momentum
            v -= g
            xp.multiply(v, lr, out=t)
            p += t
        _common.elementwise(kernel, param.array, grad, self.state['v'], tmp)

    update_core_gpu = update_core_cpu


class CorrectedMomentumSGD(optimizer.GradientMethod):
    """Momentum SGD with momentum correction: ``v = momentum * v - grad;
    param += lr * v``.

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
        return CorrectedMomentumSGDRule(self.hyperparam)
