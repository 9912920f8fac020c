"""Zeiler's AdaDelta."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(rho=0.95, eps=1e-6)


class AdaDeltaRule(optimizer.UpdateRule):
    """Update rule of AdaDelta::

        msg = rho * msg + (1 - rho) * grad**2
        dx = sqrt((msdx + eps) / (msg + eps)) * grad
        msdx = rho * msdx + (1 - rho) * dx**2
        param -= dx

    The state is ``msg`` and ``msdx``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        rho (float): decay rate of the running averages.
        eps (float): small value for stability.
    """

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, rho=None, eps=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        _common.set_given(self.hyperparam, rho=rho, eps=eps)

    def init_state(self, param):
        self.state['msg'] = _common.zeros_like(param)
        self.state['msdx'] = _common.zeros_like(param)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        rho = float(self.hyperparam.rho)
        eps = float(_common.check_eps(self.hyperparam.eps, grad.dtype, 'AdaDelta'))
        tmp = _common.scratch(grad)
        tmp2 = _common.scratch(grad, 1)

        def kernel(p, g, msg, msdx, t, t2):
            xp = _common.xp_of(p)
            msg *= rho
            xp.multiply(g, g, out=t)
            t *= 1.0 - rho
            msg += t
            xp.add(msdx, eps, out=t)
            xp.add(msg, eps, out=t2)
            t /= t2
            xp.sqrt(t, out=t)
            t *= g                  # t = dx
            msdx *= rho
            xp.multiply(t, t, out=t2)
            t2 *= 1.0 - rho
            msdx += t2
            p -= t
        _common.elementwise(kernel, param.array, grad, self.state['msg'],
                            self.state['msdx'], tmp, tmp2)

    update_core_gpu = update_core_cpu


class AdaDelta(optimizer.GradientMethod):
    """AdaDelta (Zeiler 2012).

    Args:
        rho (float): decay rate of the running averages.
        eps (float): small value for stability.
    """

    def __init__(self, rho=_default_hyperparam.rho, eps=_default_hyperparam.eps):
        super().__init__()
        _common.set_all(self.hyperparam, rho=rho, eps=eps)

    rho = optimizer.HyperparameterProxy('rho')
    eps = optimizer.HyperparameterProxy('eps')

    def create_update_rule(self):
        return AdaDeltaRule(self.hyperparam)
