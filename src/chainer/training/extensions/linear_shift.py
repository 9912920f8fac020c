"""LinearShift: move an optimizer attribute linearly between two values."""
from chainer.training.extensions import _shift


class LinearShift(_shift._Shift):
    """Extension that changes an optimizer attribute linearly.

    With ``value_range = (v0, v1)`` and ``time_range = (t0, t1)``, after ``t``
    calls the attribute is ``v0`` until ``t0``, then moves linearly to reach
    ``v1`` at ``t1``, and stays there.

    Args:
        attr (str): the attribute of the optimizer.
        value_range (tuple of float): the first and last values.
        time_range (tuple of int): the numbers of calls where the change starts
            and ends.
        optimizer: the optimizer (default: the updater's ``'main'`` one).
    """

    def __init__(self, attr, value_range, time_range, optimizer=None):
        super(LinearShift, self).__init__(attr, optimizer)
        if len(value_range) != 2 or len(time_range) != 2:
            raise ValueError('LinearShift: value_range and time_range must be pairs, '
                             'got {!r} and {!r}'.format(value_range, time_range))
        if time_range[1] < time_range[0]:
            raise ValueError('LinearShift: time_range must be increasing, got '
                             '{!r}'.format(time_range))
        self._value_range = value_range
        self._time_range = time_range

    def _compute(self, t):
        t0, t1 = self._time_range
        v0, v1 = self._value_range
        if t <= t0:
            return v0
        if t >= t1:
            return v1
        rate = (t - t0) / (t1 - t0)
        return v0 * (1 - rate) + v1 * rate
