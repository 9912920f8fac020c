"""MicroAverage: the ratio of two accumulated observations."""
from chainer.training import _serialize
from chainer.training import extension
from chainer.training import trigger as trigger_module


class MicroAverage(extension.Extension):
    """Extension that reports a micro-average: a ratio of accumulated sums.

    Each call adds ``observation[numerator_key]`` and
    ``observation[denominator_key]`` to two sums; when ``trigger`` fires it puts
    ``numerator_sum / denominator_sum`` into the observation as ``result_key``
    and starts again. With the number of correct answers and the number of
    examples reported per batch, this is the accuracy over all examples rather
    than the mean of per-batch accuracies.

    Args:
        numerator_key (str): the key of the numerator.
        denominator_key (str): the key of the denominator.
        result_key (str): the key the ratio is stored under.
        trigger: when to report (``(1, 'epoch')``).
    """

    priority = extension.PRIORITY_EDITOR

    def __init__(self, numerator_key, denominator_key, result_key,
                 trigger=(1, 'epoch')):
        self._trigger = trigger_module.get_trigger(trigger)
        self._numerator_key = numerator_key
        self._denominator_key = denominator_key
        self._result_key = result_key
        self._numerator = 0
        self._denominator = 0

    def __call__(self, trainer):
        observation = trainer.observation
        if not (self._numerator_key in observation and
                self._denominator_key in observation):
            return

        self._numerator += _value(observation[self._numerator_key])
        self._denominator += _value(observation[self._denominator_key])

        if self._trigger(trainer):
            result = float(self._numerator) / float(self._denominator)
            observation[self._result_key] = result
            self._numerator = 0
            self._denominator = 0

    def serialize(self, serializer):
        """Save or load the trigger and the two sums."""
        if hasattr(self._trigger, 'serialize'):
            self._trigger.serialize(serializer['_trigger'])
        self._numerator = _serialize.serialize_scalar(
            serializer, '_numerator', float(self._numerator), float)
        self._denominator = _serialize.serialize_scalar(
            serializer, '_denominator', float(self._denominator), float)


def _value(value):
    array = getattr(value, 'array', value)
    return float(array)
