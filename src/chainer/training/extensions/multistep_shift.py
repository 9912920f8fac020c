"""MultistepShift: multiply an optimizer attribute at given steps."""
from chainer.training.extensions import _shift


class MultistepShift(_shift._Shift):
    """Extension that multiplies an optimizer attribute by ``gamma`` at steps.

    After ``t`` calls the attribute is ``init * gamma ** k``, where ``k`` is the
    number of entries of ``step_value`` that are at most ``t``.

    Args:
        attr (str): the attribute of the optimizer.
        gamma (float): the factor.
        step_value (tuple of int): the call counts at which to multiply.
        init (float): the initial value.
        optimizer: the optimizer (default: the updater's ``'main'`` one).
    """

    def __init__(self, attr, gamma, step_value, init, optimizer=None):
        super(MultistepShift, self).__init__(attr, optimizer)
        self._gamma = gamma
        self._step_value = sorted(step_value)
        self._init = init

    def _compute(self, t):
        k = sum(1 for step in self._step_value if step <= t)
        return self._init * self._gamma ** k
