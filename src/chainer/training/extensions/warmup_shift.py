"""WarmupShift: raise an optimizer attribute linearly at the start of training."""
from chainer.training.extensions import _shift


class WarmupShift(_shift._Shift):
    """Extension that warms an optimizer attribute up linearly.

    During the first ``warmup_iter`` calls the attribute goes linearly from
    ``warmup_start`` to ``init``; then it stays at ``init``.

    Args:
        attr (str): the attribute of the optimizer.
        warmup_start (float): the value at the start.
        warmup_iter (int): the number of calls of the warm-up.
        init (float): the value reached at the end of the warm-up.
        optimizer: the optimizer (default: the updater's ``'main'`` one).
    """

    def __init__(self, attr, warmup_start, warmup_iter, init, optimizer=None):
        _shift._check(warmup_iter > 0, 'WarmupShift', 'warmup_iter', 'positive',
                      warmup_iter)
        super(WarmupShift, self).__init__(attr, optimizer)
        self._warmup_start = warmup_start
        self._warmup_iter = warmup_iter
        self._init = init

    def _compute(self, t):
        if t >= self._warmup_iter:
            return self._init
        rate = t / self._warmup_iter
        return self._warmup_start + (self._init - self._warmup_start) * rate
