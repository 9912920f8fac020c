"""ExponentialShift: multiply an optimizer attribute by a rate at each call."""
from chainer.training.extensions import _shift


class ExponentialShift(_shift._ClippedShift):
    """Extension that changes an optimizer attribute exponentially.

    After ``t`` calls the attribute is ``init * rate ** t``, stopped at
    ``target`` if given. Typically used to decay the learning rate::

        trainer.extend(ExponentialShift('lr', 0.5), trigger=(10, 'epoch'))

    Args:
        attr (str): the attribute of the optimizer (``'lr'``, ``'alpha'``, ...).
        rate (float): the factor applied at each call.
        init (float): the initial value (default: the attribute's value before
            training).
        target (float): the value at which the shift stops.
        optimizer: the optimizer (default: the updater's ``'main'`` one).
    """

    def __init__(self, attr, rate, init=None, target=None, optimizer=None):
        _shift._check(rate >= 0, 'ExponentialShift', 'rate', 'non-negative', rate)
        super(ExponentialShift, self).__init__(attr, init, target, optimizer)
        self._rate = rate

    def _value(self, t):
        return self._init * (self._rate ** t)

    def _growing(self):
        return self._rate > 1
