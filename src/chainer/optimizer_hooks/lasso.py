"""Lasso (L1 regularization)."""
from chainer import backend
from chainer.optimizer_hooks import _per_param


class Lasso(_per_param.PerParameterHook):
    """Hook that adds ``rate * sign(param)`` to each gradient (L1 regularization).

    Args:
        rate (float): the coefficient.

    Attributes:
        name (str): ``'Lasso'``.
    """

    name = 'Lasso'
    _uses_param = True

    def __init__(self, rate):
        self.rate = rate

    def _update_grad(self, rule, p, g):
        xp = backend.get_array_module(p)
        g += self.rate * xp.sign(p)
