"""Lasso (L1 regularization)."""
from chainer import backend


class Lasso(object):
    """Hook that adds ``rate * sign(param)`` to each gradient (L1 regularization).

    Args:
        rate (float): the coefficient.

    Attributes:
        name (str): ``'Lasso'``.
        call_for_each_param (bool): True.
        timing (str): ``'pre'``.
    """

    name = 'Lasso'
    call_for_each_param = True
    timing = 'pre'

    def __init__(self, rate):
        self.rate = rate

    def __call__(self, rule, param):
        p, g = param.array, param.grad
        if p is None or g is None:
            return
        if rule is not None and not getattr(rule, 'enabled', True):
            return
        xp = backend.get_array_module(p)
        g += self.rate * xp.sign(p)
