"""StepShift: multiply an optimizer attribute every ``step`` calls."""
from chainer.training.extensions import _shift


class StepShift(_shift._Shift):
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
        super(StepShift, self).__init__(attr, optimizer)
        if step <= 0:
            raise ValueError('StepShift: step must be positive, got {}'.format(step))
        self._gamma = gamma
        self._step = step
        self._init = init
        self._target = target

    def _compute(self, t):
        value = self._init * self._gamma ** (t // self._step)
        return _shift._clip(value, self._target, self._gamma > 1)
