"""The plumbing shared by the optimizer hooks that run once per parameter."""


class PerParameterHook(object):
    """An optimizer hook called as ``hook(rule, param)`` before each parameter's
    update, which changes the gradient in place.

    It does nothing for a parameter without a gradient (or without an array,
    where ``_uses_param`` is set) or whose update rule is disabled; otherwise it
    calls :meth:`_update_grad`.

    Attributes:
        call_for_each_param (bool): True.
        timing (str): ``'pre'``.
    """

    call_for_each_param = True
    timing = 'pre'
    _uses_param = False

    def __call__(self, rule, param):
        grad = param.grad
        if grad is None or (self._uses_param and param.array is None):
            return
        if rule is not None and not getattr(rule, 'enabled', True):
            return
        self._update_grad(rule, param.array, grad)

    def _update_grad(self, rule, param_array, grad):
        raise NotImplementedError


class Regularization(PerParameterHook):
    """A per-parameter hook that adds ``rate`` times a function of the
    parameter to its gradient (a weight regularization).

    Args:
        rate (float): the coefficient.
    """

    _uses_param = True

    def __init__(self, rate):
        self.rate = rate
