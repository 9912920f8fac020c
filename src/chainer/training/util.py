"""Helpers of the training package: turning trigger specifications into triggers."""


def _never_fire_trigger(trainer):
    return False


def get_trigger(trigger):
    """Return a trigger object for a trigger specification.

    Args:
        trigger: a callable (returned as it is), a tuple ``(period, unit)`` with
            unit ``'epoch'`` or ``'iteration'`` (an
            :class:`~chainer.training.triggers.IntervalTrigger`), or None (a
            trigger that never fires).
    """
    if callable(trigger):
        return trigger
    if trigger is None:
        return _never_fire_trigger
    from chainer.training.triggers import interval_trigger
    if not isinstance(trigger, (tuple, list)) or len(trigger) != 2:
        raise TypeError('A trigger must be a callable, None or a (period, unit) pair, '
                        'got {!r}'.format(trigger))
    return interval_trigger.IntervalTrigger(*trigger)
