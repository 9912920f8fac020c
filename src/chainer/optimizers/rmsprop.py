"""RMSprop."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.01, alpha=0.99, eps=1e-8,
                                       eps_inside_sqrt=False)


class RMSpropRule(_common.ElementwiseRule):
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

    state_names = ('ms',)

    def __init__(self, parent_hyperparam=None, lr=None, alpha=None, eps=None,
                 eps_inside_sqrt=None):
        super().__init__(_default_hyperparam, parent_hyperparam, lr=lr, alpha=alpha,
                         eps=eps, eps_inside_sqrt=eps_inside_sqrt)

    def make_kernel(self, xp, dtype):
        hp = self.hyperparam
        lr = float(hp.lr)
        alpha = float(hp.alpha)
        eps = float(_common.check_eps(hp.eps, dtype, 'RMSprop'))
        inside = bool(hp.eps_inside_sqrt)

        def kernel(p, g, ms, t):
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
        return kernel


class RMSprop(_common.GradientMethod):
    """RMSprop (Hinton's lecture notes).

    Args:
        lr (float): learning rate.
        alpha (float): decay rate of the mean square.
        eps (float): small value for stability.
        eps_inside_sqrt (bool): compute ``sqrt(ms + eps)`` instead of
            ``sqrt(ms) + eps``.
    """

    _rule_class = RMSpropRule

    def __init__(self, lr=_default_hyperparam.lr, alpha=_default_hyperparam.alpha,
                 eps=_default_hyperparam.eps,
                 eps_inside_sqrt=_default_hyperparam.eps_inside_sqrt):
        super().__init__(lr=lr, alpha=alpha, eps=eps, eps_inside_sqrt=eps_inside_sqrt)

    lr, alpha, eps, eps_inside_sqrt = _common.proxies(
        'lr', 'alpha', 'eps', 'eps_inside_sqrt')
