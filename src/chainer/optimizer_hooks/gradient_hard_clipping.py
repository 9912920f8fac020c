"""Elementwise gradient clipping."""
from chainer import backend
from chainer.optimizer_hooks import _per_param


class GradientHardClipping(_per_param.PerParameterHook):
    """Hook that clips every gradient element into ``[lower_bound, upper_bound]``.

    Args:
        lower_bound (float): the smallest value a gradient element may keep.
        upper_bound (float): the largest.

    Attributes:
        name (str): ``'GradientHardClipping'``.
    """

    name = 'GradientHardClipping'

    def __init__(self, lower_bound, upper_bound):
        if lower_bound > upper_bound:
            raise ValueError('GradientHardClipping: lower_bound ({}) must not exceed '
                             'upper_bound ({})'.format(lower_bound, upper_bound))
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound

    def _update_grad(self, rule, p, g):
        xp = backend.get_array_module(g)
        xp.clip(g, self.lower_bound, self.upper_bound, out=g)
