"""ExponentialShift: multiply an optimizer attribute by a rate at each call."""
from chainer.training.extensions import _shift


class ExponentialShift(_shift._Shift):
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
        super(ExponentialShift, self).__init__(attr, optimizer)
        if rate < 0:
            raise ValueError('ExponentialShift: rate must be non-negative, got '
                             '{}'.format(rate))
        self._rate = rate
        self._init = init
        self._target = target

    def _compute(self, t):
        value = self._init * (self._rate ** t)
        return _shift._clip(value, self._target, self._rate > 1)
