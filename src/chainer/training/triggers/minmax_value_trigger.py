"""Triggers that fire when an observed value reaches its best so far."""
from chainer import reporter
from chainer.training import _serialize
from chainer.training import util


class BestValueTrigger(object):
    """Trigger that fires when a value improves on the best seen so far.

    Between two firings of ``trigger`` the values of ``observation[key]`` are
    averaged; when ``trigger`` fires the average is compared with the best
    average so far using ``compare(best, new)``, and this trigger fires if the
    new one is better (always for the first one).

    Args:
        key (str): the observation key to watch (``'validation/main/loss'``).
        compare (callable): ``compare(best, new)`` returns True if ``new`` is
            better than ``best``.
        trigger: when to compare (``(1, 'epoch')`` by default).
    """

    def __init__(self, key, compare, trigger=(1, 'epoch')):
        self._key = key
        self._best_value = None
        self._interval_trigger = util.get_trigger(trigger)
        self._init_summary()
        self._compare = compare

    def __call__(self, trainer):
        observation = trainer.observation
        summary = self._summary
        key = self._key
        if key in observation:
            summary.add({key: observation[key]})

        if not self._interval_trigger(trainer):
            return False

        stats = summary.compute_mean()
        if key not in stats:
            raise KeyError('Key "{}" not found in the observation (the keys '
                           'observed are {})'.format(key, sorted(observation)))
        value = float(stats[key])
        self._init_summary()

        if self._best_value is None or self._compare(self._best_value, value):
            self._best_value = value
            return True
        return False

    def _init_summary(self):
        self._summary = reporter.DictSummary()

    def serialize(self, serializer):
        """Save or load the interval trigger, the pending values and the best."""
        if hasattr(self._interval_trigger, 'serialize'):
            self._interval_trigger.serialize(serializer['interval_trigger'])
        self._summary.serialize(serializer['summary'])
        self._best_value = _serialize.serialize_optional_float(
            serializer, 'best_value', self._best_value)


class MaxValueTrigger(BestValueTrigger):
    """Trigger that fires when the averaged ``key`` reaches a new maximum.

    Args:
        key (str): the observation key to watch.
        trigger: when to compare (``(1, 'epoch')`` by default).
    """

    def __init__(self, key, trigger=(1, 'epoch')):
        super(MaxValueTrigger, self).__init__(
            key, lambda max_value, new_value: new_value > max_value, trigger)


class MinValueTrigger(BestValueTrigger):
    """Trigger that fires when the averaged ``key`` reaches a new minimum.

    Args:
        key (str): the observation key to watch.
        trigger: when to compare (``(1, 'epoch')`` by default).
    """

    def __init__(self, key, trigger=(1, 'epoch')):
        super(MinValueTrigger, self).__init__(
            key, lambda min_value, new_value: new_value < min_value, trigger)
