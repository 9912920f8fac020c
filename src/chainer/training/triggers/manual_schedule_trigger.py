"""ManualScheduleTrigger: fire at given iterations or epochs."""
import numpy

from chainer.training import _serialize
from chainer.training.triggers import interval_trigger


class ManualScheduleTrigger(object):
    """Trigger that fires when the training reaches given points.

    It fires when one of the points lies between the position of the previous
    call (the start of the training at the first call) and the current one, so
    a trigger that is not called at every iteration still fires for the points
    passed meanwhile.

    Args:
        points (int, float or list of them): the iterations or epochs at which
            to fire (epochs may be fractional).
        unit (str): ``'epoch'`` or ``'iteration'``.

    Attributes:
        finished (bool): whether all the points have been passed.
    """

    def __init__(self, points, unit):
        interval_trigger._check_unit(unit)
        if isinstance(points, (int, float, numpy.integer, numpy.floating)):
            points = [points]
        self.points = sorted(points)
        if not self.points:
            raise ValueError('ManualScheduleTrigger: points must not be empty')
        self.unit = unit
        self.finished = False
        # as in IntervalTrigger: the start of the training at first, -1 when
        # unknown
        self._previous_iteration = 0
        self._previous_epoch_detail = 0.

    def __call__(self, trainer):
        """Whether a point was reached since the previous call."""
        current, previous = interval_trigger._advance(self, trainer.updater)
        self.finished = current >= self.points[-1]
        return current > 0 and any(previous < point <= current for point in self.points)

    def serialize(self, serializer):
        """Save or load the position seen at the last call and ``finished``
        (a snapshot of an old version, without them, loads with a UserWarning, as
        for :class:`IntervalTrigger`)."""
        self._previous_iteration, self._previous_epoch_detail = \
            interval_trigger._serialize_previous(self, serializer)
        if self._previous_iteration < 0:
            return
        self.finished = _serialize.serialize_scalar(
            serializer, 'finished', self.finished, bool)
