"""AdaGrad."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.001, eps=1e-8)


class AdaGradRule(_common.ElementwiseRule):
    """Update rule of AdaGrad: ``h += grad**2; param -= lr * grad / (sqrt(h) + eps)``.

    The state is ``h``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
        eps (float): added to the denominator for stability.
    """

    state_names = ('h',)

    def __init__(self, parent_hyperparam=None, lr=None, eps=None):
        super().__init__(_default_hyperparam, parent_hyperparam, lr=lr, eps=eps)

    def make_kernel(self, xp, dtype):
        lr = float(self.hyperparam.lr)
        eps = float(_common.check_eps(self.hyperparam.eps, dtype, 'AdaGrad'))

        def kernel(p, g, h, t):
            xp.multiply(g, g, out=t)
            h += t
            xp.sqrt(h, out=t)
            t += eps
            xp.divide(g, t, out=t)
            t *= lr
            p -= t
        return kernel


class AdaGrad(_common.GradientMethod):
    """AdaGrad (Duchi et al. 2011).

    Args:
        lr (float): learning rate.
        eps (float): added to the denominator for stability.
    """

    _rule_class = AdaGradRule

    def __init__(self, lr=_default_hyperparam.lr, eps=_default_hyperparam.eps):
        super().__init__(lr=lr, eps=eps)

    lr, eps = _common.proxies('lr', 'eps')
