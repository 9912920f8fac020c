"""StepShift: multiply an optimizer attribute every ``step`` calls."""
from chainer.training.extensions import _shift


class StepShift(_shift._ClippedShift):
    """Extension that multiplies an optimizer attribute by ``gamma`` periodically.

    After ``t`` calls the attribute is ``init * gamma ** floor(t / step)``,
    stopped at ``target`` if given.

    Args:
        attr (str): the attribute of the optimizer.
        gamma (float): the factor.
        step (int): the number of calls between two multiplications.
        init (float): the initial value (default: the attribute's value).
        target (float): the value at which the shift stops.
        optimizer: the optimizer (default: the updater's ``'main'`` one).
    """

    def __init__(self, attr, gamma, step, init=None, target=None, optimizer=None):
        _shift._check(step > 0, 'StepShift', 'step', 'positive', step)
        super(StepShift, self).__init__(attr, init, target, optimizer)
        self._gamma = gamma
        self._step = step

    def _value(self, t):
        return self._init * self._gamma ** (t // self._step)

    def _growing(self):
        return self._gamma > 1
