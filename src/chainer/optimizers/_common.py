"""Helpers shared by the optimizers' update rules."""
import numpy

from chainer import backend
from chainer import optimizer


def xp_of(array):
    if type(array) is numpy.ndarray:
        return numpy
    return backend.get_array_module(array)


def scratch(array, index=0):
    """A temporary array like ``array``: a reused buffer on the CPU, new on a GPU."""
    if type(array) is numpy.ndarray:
        return optimizer._scratch_like(array, index)
    return backend.get_array_module(array).empty_like(array)


def check_eps(eps, dtype, name):
    """``eps`` as a scalar of ``dtype``; ValueError if it underflows to zero there."""
    value = numpy.dtype(dtype).type(eps)
    if eps != 0 and value == 0:
        raise ValueError(
            'eps of {} is too small for {} ({}): it rounds to zero; use a larger '
            'eps or a wider dtype'.format(name, numpy.dtype(dtype).name, eps))
    return value


def defaults(**values):
    """A Hyperparameter holding ``values``: an optimizer's default hyperparameters."""
    hyperparam = optimizer.Hyperparameter()
    set_all(hyperparam, **values)
    return hyperparam


def set_given(hyperparam, **values):
    """Set the hyperparameters given (not None) on ``hyperparam``: an update rule's
    own values over those it inherits from its optimizer."""
    for name, value in values.items():
        if value is not None:
            setattr(hyperparam, name, value)


def set_all(hyperparam, **values):
    """Set every hyperparameter in ``values`` on ``hyperparam`` (an optimizer's)."""
    for name, value in values.items():
        setattr(hyperparam, name, value)


def zeros_like(param):
    xp = xp_of(param.array)
    return xp.zeros_like(param.array)


def proxies(*names):
    """One :class:`~chainer.optimizer.HyperparameterProxy` per name, for an
    optimizer's class attributes (``lr, momentum = proxies('lr', 'momentum')``)."""
    return tuple(optimizer.HyperparameterProxy(name) for name in names)


elementwise = optimizer._elementwise


class ElementwiseRule(optimizer.UpdateRule):
    """An update rule written once for NumPy and CuPy, as in-place array code.

    A subclass names its state arrays in :attr:`state_names` (created as zeros
    like the parameter) and defines :meth:`make_kernel`. At each update the
    kernel is called as ``kernel(param, grad, *state, *scratch)``, with the state
    arrays in the order of :attr:`state_names` and :attr:`n_scratch` temporaries
    like the gradient; it updates the parameter and the state in place, on the
    whole arrays or on chunks of them in threads (:func:`elementwise`).

    Args:
        defaults (Hyperparameter): the optimizer's default hyperparameters, the
            fallback when there is no parent.
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        hyperparams: this rule's own values; those that are None are inherited.
    """

    is_elementwise = True
    state_names = ()
    n_scratch = 1

    def __init__(self, defaults, parent_hyperparam=None, **hyperparams):
        super().__init__(parent_hyperparam or defaults)
        set_given(self.hyperparam, **hyperparams)

    def init_state(self, param):
        for name in self.state_names:
            self.state[name] = zeros_like(param)

    def make_kernel(self, xp, dtype):
        """The update as ``kernel(param, grad, *state, *scratch)`` over arrays
        of module ``xp`` and dtype ``dtype``, with the current hyperparameters."""
        raise NotImplementedError

    def update_core_cpu(self, param):
        grad = param.grad
        if grad is None:
            return
        state = self.state
        arrays = [param.array, grad]
        arrays += [state[name] for name in self.state_names]
        arrays += [scratch(grad, index) for index in range(self.n_scratch)]
        elementwise(self.make_kernel(xp_of(grad), grad.dtype), *arrays)

    update_core_gpu = update_core_cpu


class GradientMethod(optimizer.GradientMethod):
    """A gradient method that gives each parameter a ``_rule_class`` rule
    falling back to the hyperparameters given to ``__init__``."""

    _rule_class = None

    def __init__(self, **hyperparams):
        super().__init__()
        set_all(self.hyperparam, **hyperparams)

    def create_update_rule(self):
        return self._rule_class(self.hyperparam)


MOMENTUM_DEFAULTS = {'lr': 0.01, 'momentum': 0.9}


class MomentumRule(ElementwiseRule):
    """The rule of a momentum method: hyperparameters ``lr`` and ``momentum``,
    one state array ``v`` (the velocity). A subclass sets ``_defaults`` (its
    module's default hyperparameters) and defines :meth:`make_momentum_kernel`.

    Args:
        parent_hyperparam (Hyperparameter): hyperparameters to fall back to.
        lr (float): learning rate.
        momentum (float): momentum (the decay of ``v``).
    """

    state_names = ('v',)
    _defaults = None

    def __init__(self, parent_hyperparam=None, lr=None, momentum=None):
        super().__init__(self._defaults, parent_hyperparam, lr=lr,
                         momentum=momentum)

    def make_kernel(self, xp, dtype):
        return self.make_momentum_kernel(xp, float(self.hyperparam.lr),
                                         float(self.hyperparam.momentum))

    def make_momentum_kernel(self, xp, lr, momentum):
        """The kernel (see :meth:`ElementwiseRule.make_kernel`) for the current
        ``lr`` and ``momentum``."""
        raise NotImplementedError


class MomentumMethod(GradientMethod):
    """A momentum method (``_rule_class`` a :class:`MomentumRule`).

    Args:
        lr (float): learning rate.
        momentum (float): momentum.
    """

    def __init__(self, lr=MOMENTUM_DEFAULTS['lr'], momentum=MOMENTUM_DEFAULTS['momentum']):
        super().__init__(lr=lr, momentum=momentum)

    lr, momentum = proxies('lr', 'momentum')
