"""Elementwise gradient clipping."""
from chainer import backend


class GradientHardClipping(object):
    """Hook that clips every gradient element into ``[lower_bound, upper_bound]``.

    Args:
        lower_bound (float): the smallest value a gradient element may keep.
        upper_bound (float): the largest.

    Attributes:
        name (str): ``'GradientHardClipping'``.
        call_for_each_param (bool): True.
        timing (str): ``'pre'``.
    """

    name = 'GradientHardClipping'
    call_for_each_param = True
    timing = 'pre'

    def __init__(self, lower_bound, upper_bound):
        if lower_bound > upper_bound:
            raise ValueError('GradientHardClipping: lower_bound ({}) must not exceed '
                             'upper_bound ({})'.format(lower_bound, upper_bound))
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound

    def __call__(self, rule, param):
        g = param.grad
        if g is None:
            return
        if rule is not None and not getattr(rule, 'enabled', True):
            return
        xp = backend.get_array_module(g)
        xp.clip(g, self.lower_bound, self.upper_bound, out=g)
