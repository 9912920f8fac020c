"""TimeTrigger: fire every given number of seconds of training."""
from chainer.training import _serialize


class TimeTrigger(object):
    """Trigger that fires once every ``period`` seconds of training time.

    The time is the trainer's :attr:`~chainer.training.Trainer.elapsed_time`,
    which includes the time before a resume.

    Args:
        period (float): the interval in seconds.
    """

    def __init__(self, period):
        if period <= 0:
            raise ValueError('TimeTrigger: period must be positive, got {}'.format(
                period))
        self._period = period
        self._next_time = self._period

    def __call__(self, trainer):
        if self._next_time < trainer.elapsed_time:
            self._next_time += self._period
            return True
        return False

    def serialize(self, serializer):
        """Save or load the time of the next firing."""
        self._next_time = _serialize.serialize_scalar(
            serializer, 'next_time', self._next_time, float)
