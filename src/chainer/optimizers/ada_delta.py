"""Zeiler's AdaDelta."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(rho=0.95, eps=1e-6)


class AdaDeltaRule(_common.ElementwiseRule):
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

    state_names = ('msg', 'msdx')
    n_scratch = 2

    def __init__(self, parent_hyperparam=None, rho=None, eps=None):
        super().__init__(_default_hyperparam, parent_hyperparam, rho=rho, eps=eps)

    def make_kernel(self, xp, dtype):
        rho = float(self.hyperparam.rho)
        eps = float(_common.check_eps(self.hyperparam.eps, dtype, 'AdaDelta'))

        def kernel(p, g, msg, msdx, t, t2):
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
        return kernel


class AdaDelta(_common.GradientMethod):
    """AdaDelta (Zeiler 2012).

    Args:
        rho (float): decay rate of the running averages.
        eps (float): small value for stability.
    """

    _rule_class = AdaDeltaRule

    def __init__(self, rho=_default_hyperparam.rho, eps=_default_hyperparam.eps):
        super().__init__(rho=rho, eps=eps)

    rho, eps = _common.proxies('rho', 'eps')
