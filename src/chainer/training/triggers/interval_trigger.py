"""IntervalTrigger: fire every N iterations or every N epochs."""
from chainer.training import _serialize


def _check_unit(unit):
    if unit not in ('epoch', 'iteration'):
        raise ValueError("Trigger unit must be either 'epoch' or 'iteration', got "
                         "{!r}".format(unit))


class IntervalTrigger(object):
    """Trigger that fires at a regular interval of iterations or epochs.

    It fires when the trainer's iteration count (or epoch count, which may be
    fractional: ``epoch_detail``) crosses a multiple of ``period`` since the
    previous call (since the start of the training at the first call), so a
    trigger that is not called at every iteration still fires once for the
    multiples passed meanwhile. ``(1, 'epoch')`` therefore fires at the end of
    every epoch and ``(100, 'iteration')`` every 100 iterations.

    Args:
        period (int or float): the interval.
        unit (str): ``'epoch'`` or ``'iteration'``.
    """

    def __init__(self, period, unit):
        _check_unit(unit)
        if period <= 0:
            raise ValueError('Trigger period must be positive, got {}'.format(period))
        self.period = period
        self.unit = unit
        # Where the previous call saw the training (the start at first); -1
        # when unknown (a snapshot of an old version): then the updater's
        # previous position is used, as if the trigger were called every
        # iteration.
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.
        self.count = 0  # kept for compatibility

    def __call__(self, trainer):
        """Whether the trigger fires now.

        Args:
            trainer (~chainer.training.Trainer): the trainer (only its updater's
                ``iteration``, ``epoch_detail`` and ``previous_epoch_detail`` are
                read).
        """
        current, previous = _advance(self, trainer.updater)
        if self.unit == 'epoch':
            self.count = int(current // self.period)
        return current > 0 and previous // self.period != current // self.period

    def get_training_length(self):
        """``(period, unit)``: the length of a training this trigger stops."""
        return self.period, self.unit

    def serialize(self, serializer):
        """Save or load the iteration and epoch seen at the last call.

        A snapshot without them (an old version's) loads with a UserWarning; the
        trigger then guesses them from the updater, which is right when it is
        called at every iteration.
        """
        self._previous_iteration, self._previous_epoch_detail = \
            _serialize_previous(self, serializer)

    def __str__(self):
        return '{}({}, {!r})'.format(type(self).__name__, self.period, self.unit)


def _advance(trigger, updater):
    """``(current, previous)``: the position of the training in the trigger's
    unit now and at the trigger's previous call, which becomes the current one
    (shared by IntervalTrigger and ManualScheduleTrigger). The previous
    position is guessed from the updater when unknown (-1, an old snapshot)."""
    if trigger.unit == 'epoch':
        current = updater.epoch_detail
        previous = trigger._previous_epoch_detail
        if previous < 0:
            previous = getattr(updater, 'previous_epoch_detail', None)
            if previous is None:
                previous = 0.
    else:
        current = updater.iteration
        previous = trigger._previous_iteration
        if previous < 0:
            previous = max(current - 1, 0)
    trigger._previous_iteration = updater.iteration
    if hasattr(updater, 'epoch_detail'):
        trigger._previous_epoch_detail = updater.epoch_detail
    return current, previous


def _serialize_previous(trigger, serializer):
    # The position seen at the last call, shared by IntervalTrigger and
    # ManualScheduleTrigger.
    message = ('{}: the snapshot does not have the position of the previous call '
               '(it was written by an old version); it is guessed from the '
               'current one, which is right only if the trigger is called at '
               'every iteration'.format(type(trigger).__name__))
    iteration, found = _serialize.load_scalar_or_warn(
        serializer, 'previous_iteration', trigger._previous_iteration, int, message)
    if not found:
        return -1, -1.
    epoch_detail = _serialize.serialize_scalar(
        serializer, 'previous_epoch_detail', trigger._previous_epoch_detail, float)
    return iteration, epoch_detail
