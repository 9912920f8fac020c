"""InverseShift: an inverse-time schedule of an optimizer attribute."""
from chainer.training.extensions import _shift


class InverseShift(_shift._ClippedShift):
    """Extension that changes an optimizer attribute by an inverse-time law.

    After ``t`` calls the attribute is ``init * (1 + gamma * t) ** (-power)``,
    stopped at ``target`` if given.

    Args:
        attr (str): the attribute of the optimizer.
        gamma (float): the time scale factor.
        power (float): the exponent.
        init (float): the initial value (default: the attribute's value).
        target (float): the value at which the shift stops.
        optimizer: the optimizer (default: the updater's ``'main'`` one).
    """

    def __init__(self, attr, gamma, power, init=None, target=None, optimizer=None):
        _shift._check(gamma >= 0, 'InverseShift', 'gamma', 'non-negative', gamma)
        super(InverseShift, self).__init__(attr, init, target, optimizer)
        self._gamma = gamma
        self._power = power

    def _value(self, t):
        return self._init * (1 + self._gamma * t) ** (-self._power)

    def _growing(self):
        return self._power < 0
