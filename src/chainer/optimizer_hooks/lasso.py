"""Lasso (L1 regularization)."""
from chainer import backend
from chainer.optimizer_hooks import _per_param


class Lasso(_per_param.Regularization):
    """Hook that adds ``rate * sign(param)`` to each gradient (L1 regularization).

    Args:
        rate (float): the coefficient.

    Attributes:
        name (str): ``'Lasso'``.
    """

    name = 'Lasso'

    def _update_grad(self, rule, p, g):
        xp = backend.get_array_module(p)
        g += self.rate * xp.sign(p)
