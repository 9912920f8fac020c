"""Weight decay (L2 regularization)."""
from chainer import backend
from chainer.optimizer_hooks import _per_param


class WeightDecay(_per_param.Regularization):
    """Hook that adds ``rate * param`` to each gradient (L2 regularization).

    Register it on an optimizer (``optimizer.add_hook(WeightDecay(1e-4))``) or
    on one parameter's update rule.

    Args:
        rate (float): the coefficient.

    Attributes:
        name (str): ``'WeightDecay'``.
    """

    name = 'WeightDecay'

    def _update_grad(self, rule, p, g):
        rate = self.rate
        xp = backend.get_array_module(p)
        if xp is not backend.get_array_module(g):
            p = backend.get_device_from_array(g).send(p)
        g += rate * p
