"""Adam and its variants: AdamW, AMSGrad, AdaBound, AMSBound."""
import math
import warnings

import numpy

from chainer import _compiled
from chainer.optimizers import _common

_default_hyperparam = _common.defaults(alpha=0.001, beta1=0.9, beta2=0.999, eps=1e-8,
                                       eta=1.0, weight_decay_rate=0, amsgrad=False,
                                       adabound=False, final_lr=0.1, gamma=1e-3)


_KERNEL_DTYPES = (numpy.dtype(numpy.float32), numpy.dtype(numpy.float64))


def _compiled_update(p, g, m, v, c1, c2, eps, step, decay):
    """The plain Adam step as one compiled pass (the ``fast`` extra), where it
    applies (C-contiguous NumPy arrays of one float32/float64 dtype); returns
    whether it ran."""
    k = _compiled.kernels()
    if k is None:
        return False
    dtype = p.dtype
    for a in (p, g, m, v):
        if type(a) is not numpy.ndarray or a.dtype != dtype or \
                not a.flags.c_contiguous:
            return False
    if dtype not in _KERNEL_DTYPES:
        return False
    t = dtype.type
    scalars = (t(c1), t(c2), t(eps), t(step), t(decay))

    def kernel(p, g, m, v):
        k.adam_update(p.reshape(-1), g.reshape(-1), m.reshape(-1), v.reshape(-1),
                      *scalars)
    _common.elementwise(kernel, p, g, m, v)
    return True


def _learning_rate(hp, t):
    if t == 0:
        raise RuntimeError(
            'the learning rate of Adam (alpha_t) is undefined before the first '
            'update (t == 0)')
    fix1 = 1.0 - math.pow(hp.beta1, t)
    fix2 = 1.0 - math.pow(hp.beta2, t)
    return hp.alpha * math.sqrt(fix2) / fix1


class AdamRule(_common.ElementwiseRule):
    """Update rule of Adam (and AdamW, AMSGrad, AdaBound, AMSBound).

    With ``g`` the gradient and ``t`` the step count::

        m += (1 - beta1) * (g - m)
        v += (1 - beta2) * (g * g - v)
        vhat = max(vhat, v) if amsgrad else v
        alpha_t = alpha * sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        step = alpha_t / (sqrt(vhat) + eps)
        step = clip(step, lower(t), upper(t)) if adabound
        param -= eta * (step * m + weight_decay_rate * param)

    where AdaBound's bounds are ``final * (1 - 1 / (gamma * t + 1))`` and
    ``final * (1 + 1 / (gamma * t))`` with ``final = final_lr * alpha /
    initial_alpha``. The state is ``m`` and ``v`` (and ``vhat`` with amsgrad).

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        alpha, beta1, beta2, eps, eta, weight_decay_rate, amsgrad, adabound,
        final_lr, gamma: as for :class:`Adam`; None keeps the parent's.
    """

    state_names = ('m', 'v')
    initial_alpha = None  # absent from the pickles of Chainer 7.8.1

    def __init__(self, parent_hyperparam=None, alpha=None, beta1=None, beta2=None,
                 eps=None, eta=None, weight_decay_rate=None, amsgrad=None,
                 adabound=None, final_lr=None, gamma=None):
        super().__init__(_default_hyperparam, parent_hyperparam, alpha=alpha,
                         beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         weight_decay_rate=weight_decay_rate, amsgrad=amsgrad,
                         adabound=adabound, final_lr=final_lr, gamma=gamma)
        self.initial_alpha = None

    def init_state(self, param):
        super().init_state(param)
        if self.hyperparam.amsgrad:
            self.state['vhat'] = _common.zeros_like(param)

    def _bounds(self):
        hp = self.hyperparam
        if self.initial_alpha is None:
            self.initial_alpha = hp.alpha
        final_lr = hp.final_lr * hp.alpha / self.initial_alpha
        lower = final_lr * (1.0 - 1.0 / (hp.gamma * self.t + 1))
        upper = final_lr * (1.0 + 1.0 / (hp.gamma * self.t))
        return lower, upper

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        hp = self.hyperparam
        eps = float(_common.check_eps(hp.eps, grad.dtype, 'Adam'))
        c1 = 1.0 - hp.beta1
        c2 = 1.0 - hp.beta2
        alpha_t = self.alpha_t
        eta = float(hp.eta)
        wd = float(hp.weight_decay_rate)
        amsgrad = bool(hp.amsgrad)
        adabound = bool(hp.adabound)
        if adabound:
            lower, upper = self._bounds()
        state = self.state
        if not (amsgrad or adabound) and _compiled_update(
                param.array, grad, state['m'], state['v'], c1, c2, eps,
                alpha_t * eta, 1.0 - eta * wd):
            return
        if amsgrad and 'vhat' not in state:
            state['vhat'] = _common.zeros_like(param)
        arrays = [param.array, grad, state['m'], state['v'], _common.scratch(grad)]
        if amsgrad:
            arrays.append(state['vhat'])

        def kernel(p, g, m, v, t, vhat=None):
            xp = _common.xp_of(p)
            xp.subtract(g, m, out=t)
            t *= c1
            m += t
            xp.multiply(g, g, out=t)
            t -= v
            t *= c2
            v += t
            if vhat is not None:
                xp.maximum(vhat, v, out=vhat)
                xp.sqrt(vhat, out=t)
            else:
                xp.sqrt(v, out=t)
            t += eps
            if adabound:
                xp.divide(alpha_t, t, out=t)
                xp.clip(t, lower, upper, out=t)
                t *= m
                t *= eta
            else:
                xp.divide(m, t, out=t)
                t *= alpha_t * eta
            if wd != 0:
                p *= 1.0 - eta * wd
            p -= t
        _common.elementwise(kernel, *arrays)

    update_core_gpu = update_core_cpu

    @property
    def alpha_t(self):
        """The bias-corrected step size ``alpha * sqrt(1 - beta2**t) / (1 - beta1**t)``."""
        return _learning_rate(self.hyperparam, self.t)

    @property
    def lr(self):
        """Deprecated alias of :attr:`alpha_t`."""
        warnings.warn('AdamRule.lr is deprecated; use AdamRule.alpha_t',
                      DeprecationWarning, stacklevel=2)
        return self.alpha_t


class Adam(_common.GradientMethod):
    """Adam (Kingma and Ba, 2015), with the AMSGrad, AdaBound and decoupled weight
    decay (AdamW) variants.

    Args:
        alpha (float): step size.
        beta1 (float): decay rate of the first moment ``m``.
        beta2 (float): decay rate of the second moment ``v``.
        eps (float): added to ``sqrt(v)`` for stability.
        eta (float): schedule multiplier of the whole update (for AdamW).
        weight_decay_rate (float): decoupled weight decay rate.
        amsgrad (bool): use AMSGrad (the running maximum of ``v``).
        adabound (bool): use AdaBound (clip the step between bounds that converge
            to ``final_lr``).
        final_lr (float): AdaBound's final (SGD) learning rate.
        gamma (float): AdaBound's convergence speed of the bounds.

    See :class:`AdamRule` for the formula.
    """

    _rule_class = AdamRule

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta,
                 weight_decay_rate=_default_hyperparam.weight_decay_rate,
                 amsgrad=_default_hyperparam.amsgrad,
                 adabound=_default_hyperparam.adabound,
                 final_lr=_default_hyperparam.final_lr, gamma=_default_hyperparam.gamma):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         weight_decay_rate=weight_decay_rate, amsgrad=amsgrad,
                         adabound=adabound, final_lr=final_lr, gamma=gamma)

    (alpha, beta1, beta2, eps, eta, weight_decay_rate, amsgrad, adabound, final_lr,
     gamma) = _common.proxies('alpha', 'beta1', 'beta2', 'eps', 'eta',
                              'weight_decay_rate', 'amsgrad', 'adabound', 'final_lr',
                              'gamma')

    @property
    def alpha_t(self):
        """The bias-corrected step size at the optimizer's step ``t``."""
        return _learning_rate(self.hyperparam, self.t)

    @property
    def lr(self):
        """Deprecated alias of :attr:`alpha_t`."""
        warnings.warn('Adam.lr is deprecated; use Adam.alpha_t',
                      DeprecationWarning, stacklevel=2)
        return self.alpha_t


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter).

    ``param -= eta * (step * m + weight_decay_rate * param)``; ``eta`` is the
    schedule multiplier. Args as for :class:`Adam`.
    """

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta,
                 weight_decay_rate=_default_hyperparam.weight_decay_rate):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         weight_decay_rate=weight_decay_rate)


class AMSGrad(Adam):
    """AMSGrad: Adam with the running maximum of the second moment (amsgrad=True)."""

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         amsgrad=True)


class AdaBound(Adam):
    """AdaBound: Adam with the step clipped to bounds converging to ``final_lr``."""

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, final_lr=_default_hyperparam.final_lr,
                 gamma=_default_hyperparam.gamma, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         adabound=True, final_lr=final_lr, gamma=gamma)


class AMSBound(Adam):
    """AMSBound: AdaBound with AMSGrad's running maximum."""

    def __init__(self, alpha=_default_hyperparam.alpha, beta1=_default_hyperparam.beta1,
                 beta2=_default_hyperparam.beta2, final_lr=_default_hyperparam.final_lr,
                 gamma=_default_hyperparam.gamma, eps=_default_hyperparam.eps,
                 eta=_default_hyperparam.eta):
        super().__init__(alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, eta=eta,
                         amsgrad=True, adabound=True, final_lr=final_lr, gamma=gamma)


_ = numpy
