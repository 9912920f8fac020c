"""Alex Graves's RMSprop."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=1e-4, alpha=0.95, momentum=0.9, eps=1e-4)


class RMSpropGravesRule(_common.ElementwiseRule):
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

    state_names = ('n', 'g', 'delta')

    def __init__(self, parent_hyperparam=None, lr=None, alpha=None, momentum=None,
                 eps=None):
        super().__init__(_default_hyperparam, parent_hyperparam, lr=lr, alpha=alpha,
                         momentum=momentum, eps=eps)

    def make_kernel(self, xp, dtype):
        hp = self.hyperparam
        lr = float(hp.lr)
        alpha = float(hp.alpha)
        momentum = float(hp.momentum)
        eps = float(_common.check_eps(hp.eps, dtype, 'RMSpropGraves'))

        def kernel(p, grad, n, g, delta, t):
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
        return kernel


class RMSpropGraves(_common.GradientMethod):
    """Alex Graves's RMSprop, with momentum.

    Args:
        lr (float): learning rate.
        alpha (float): decay rate of the moments.
        momentum (float): momentum.
        eps (float): small value for stability.
    """

    _rule_class = RMSpropGravesRule

    def __init__(self, lr=_default_hyperparam.lr, alpha=_default_hyperparam.alpha,
                 momentum=_default_hyperparam.momentum, eps=_default_hyperparam.eps):
        super().__init__(lr=lr, alpha=alpha, momentum=momentum, eps=eps)

    lr, alpha, momentum, eps = _common.proxies('lr', 'alpha', 'momentum', 'eps')
