"""PolynomialShift: a polynomial decay of an optimizer attribute."""
import math
import numbers

from chainer.training.extensions import _shift


class PolynomialShift(_shift._ClippedShift):
    """Extension that decays an optimizer attribute polynomially to zero.

    After ``t`` calls the attribute is ``init * (1 - t / max_count) ** rate``
    (zero after ``max_count`` calls; a negative rate makes it grow instead),
    stopped at ``target`` if given.

    Args:
        attr (str): the attribute of the optimizer.
        rate (float): the exponent.
        max_count (int): the number of calls over which the value goes to zero.
        init (float): the initial value (default: the attribute's value).
        target (float): the value at which the decay stops.
        optimizer: the optimizer (default: the updater's ``'main'`` one).
    """

    def __init__(self, attr, rate, max_count, init=None, target=None,
                 optimizer=None):
        if isinstance(max_count, bool) or not isinstance(max_count, numbers.Real):
            raise TypeError(
                'PolynomialShift: max_count must be a number (how many times the '
                'extension is called), got {!r}'.format(max_count))
        _shift._check(max_count > 0, 'PolynomialShift', 'max_count', 'positive',
                      max_count)
        super(PolynomialShift, self).__init__(attr, init, target, optimizer)
        self._rate = rate
        self._max_count = max_count

    def _value(self, t):
        decay = max(1 - t / self._max_count, 0)
        if decay == 0 and self._rate < 0:
            # a negative rate grows without bound at max_count
            return math.copysign(math.inf, self._init) if self._init else 0.
        return self._init * decay ** self._rate

    def _growing(self):
        # a positive rate decays the value towards 0, a negative one grows it
        return self._rate <= 0
