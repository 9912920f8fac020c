"""Weight decay (L2 regularization)."""
from chainer import backend


class WeightDecay(object):
    """Hook that adds ``rate * param`` to each gradient (L2 regularization).

    Register it on an optimizer (``optimizer.add_hook(WeightDecay(1e-4))``) or
    on one parameter's update rule.

    Args:
        rate (float): the coefficient.

    Attributes:
        name (str): ``'WeightDecay'``.
        call_for_each_param (bool): True: called as ``hook(rule, param)``.
        timing (str): ``'pre'``: before the update.
    """

    name = 'WeightDecay'
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
        rate = self.rate
        xp = backend.get_array_module(p)
        if xp is not backend.get_array_module(g):
            p = backend.get_device_from_array(g).send(p)
        g += rate * p
