"""M-SVAG (Balles and Hennig, "Dissecting Adam", 2018)."""
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(lr=0.1, beta=0.9, eta=1.0, weight_decay_rate=0)


class MSVAGRule(_common.ElementwiseRule):
    """Update rule of M-SVAG (momentum with stochastic variance-adapted gradient)::

        m += (1 - beta) * (grad - m)
        v += (1 - beta) * (grad**2 - v)
        mt = m / (1 - beta**t);  vt = v / (1 - beta**t)
        rho = (1 - beta) * (1 + beta**t) / ((1 + beta) * (1 - beta**t))
        s = (vt - mt**2) / (1 - rho)               # variance estimate (0 at t = 1)
        factor = mt**2 / (mt**2 + rho * s)         # 0 where the denominator is 0
        param -= eta * (lr * factor * mt + weight_decay_rate * param)

    The state is ``m`` and ``v``.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr, beta, eta, weight_decay_rate: as for :class:`MSVAG`.
    """

    state_names = ('m', 'v')
    n_scratch = 2

    def __init__(self, parent_hyperparam=None, lr=None, beta=None, eta=None,
                 weight_decay_rate=None):
        super().__init__(_default_hyperparam, parent_hyperparam, lr=lr, beta=beta,
                         eta=eta, weight_decay_rate=weight_decay_rate)

    def make_kernel(self, xp, dtype):
        hp = self.hyperparam
        beta = float(hp.beta)
        lr = float(hp.lr)
        eta = float(hp.eta)
        wd = float(hp.weight_decay_rate)
        bt = beta ** self.t
        correction = 1.0 / (1.0 - bt)
        rho = (1.0 - beta) * (1.0 + bt) / ((1.0 + beta) * (1.0 - bt))
        # rho * s = rho / (1 - rho) * (vt - mt**2); at t = 1 the variance estimate
        # is taken as zero (one sample tells nothing about it).
        rho_ratio = rho / (1.0 - rho) if rho < 1.0 else 0.0

        def kernel(p, g, m, v, t, mt):
            xp.subtract(g, m, out=t)
            t *= 1.0 - beta
            m += t
            xp.multiply(g, g, out=t)
            t -= v
            t *= 1.0 - beta
            v += t
            xp.multiply(m, correction, out=mt)          # mt
            xp.multiply(mt, mt, out=t)                  # mt**2
            # denominator: mt**2 + rho_ratio * (vt - mt**2)
            # (out=: a 0-dimensional parameter must keep giving arrays)
            den = xp.multiply(v, correction * rho_ratio, out=xp.empty_like(v))
            den += t * (1.0 - rho_ratio)
            zero = den == 0
            den[zero] = 1
            t /= den
            t[zero] = 0
            t *= mt
            t *= lr * eta
            if wd != 0:
                p *= 1.0 - eta * wd
            p -= t
        return kernel


class MSVAG(_common.GradientMethod):
    """M-SVAG optimizer: momentum SGD whose step is scaled per element by the
    estimated signal-to-variance ratio of the gradient.

    Args:
        lr (float): learning rate.
        beta (float): decay rate of the first and second moments.
        eta (float): schedule multiplier.
        weight_decay_rate (float): decoupled weight decay rate.
    """

    _rule_class = MSVAGRule

    def __init__(self, lr=_default_hyperparam.lr, beta=_default_hyperparam.beta,
                 eta=_default_hyperparam.eta,
                 weight_decay_rate=_default_hyperparam.weight_decay_rate):
        super().__init__(lr=lr, beta=beta, eta=eta, weight_decay_rate=weight_decay_rate)

    lr, beta, eta, weight_decay_rate = _common.proxies(
        'lr', 'beta', 'eta', 'weight_decay_rate')
