"""M-SVAG (Balles and Hennig, "Dissecting Adam", 2018)."""
from chainer import optimizer
from chainer.optimizers import _common

_default_hyperparam = optimizer.Hyperparameter()
_default_hyperparam.lr = 0.1
_default_hyperparam.beta = 0.9
_default_hyperparam.eta = 1.0
_default_hyperparam.weight_decay_rate = 0


class MSVAGRule(optimizer.UpdateRule):
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

    is_elementwise = True

    def __init__(self, parent_hyperparam=None, lr=None, beta=None, eta=None,
                 weight_decay_rate=None):
        super().__init__(parent_hyperparam or _default_hyperparam)
        for name, value in (('lr', lr), ('beta', beta), ('eta', eta),
                            ('weight_decay_rate', weight_decay_rate)):
            if value is not None:
                setattr(self.hyperparam, name, value)

    def init_state(self, param):
        self.state['m'] = _common.zeros_like(param)
        self.state['v'] = _common.zeros_like(param)

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
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
        tmp = _common.scratch(grad)
        tmp2 = _common.scratch(grad, 1)

        def kernel(p, g, m, v, mt, t):
            xp = _common.xp_of(p)
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
        _common.elementwise(kernel, param.array, grad, self.state['m'],
                            self.state['v'], tmp2, tmp)

    update_core_gpu = update_core_cpu


class MSVAG(optimizer.GradientMethod):
    """M-SVAG optimizer: momentum SGD whose step is scaled per element by the
    estimated signal-to-variance ratio of the gradient.

    Args:
        lr (float): learning rate.
        beta (float): decay rate of the first and second moments.
        eta (float): schedule multiplier.
        weight_decay_rate (float): decoupled weight decay rate.
    """

    def __init__(self, lr=_default_hyperparam.lr, beta=_default_hyperparam.beta,
                 eta=_default_hyperparam.eta,
                 weight_decay_rate=_default_hyperparam.weight_decay_rate):
        super().__init__()
        self.hyperparam.lr = lr
        self.hyperparam.beta = beta
        self.hyperparam.eta = eta
        self.hyperparam.weight_decay_rate = weight_decay_rate

    lr = optimizer.HyperparameterProxy('lr')
    beta = optimizer.HyperparameterProxy('beta')
    eta = optimizer.HyperparameterProxy('eta')
    weight_decay_rate = optimizer.HyperparameterProxy('weight_decay_rate')

    def create_update_rule(self):
        return MSVAGRule(self.hyperparam)
