"""EarlyStoppingTrigger: stop the training when a value stops improving."""
import operator
import sys
import warnings

from chainer import reporter
from chainer.training import _serialize
from chainer.training import util
from chainer.utils import argument


def _comparison(mode, monitor):
    """The operator by which a new value of ``monitor`` is better than the best
    so far (``mode`` ``'max'``, ``'min'`` or ``'auto'``)."""
    if mode == 'max':
        return operator.gt
    if mode == 'min':
        return operator.lt
    if mode == 'auto':
        return operator.gt if 'accuracy' in monitor else operator.lt
    raise ValueError("mode must be 'max', 'min' or 'auto', got {!r}".format(mode))


def _out_of_patience(trigger, value, trainer, verbose):
    """Record a checked value (a new best resets the count of checks without
    improvement, another value adds one); whether the patience is exhausted,
    which is reported when ``verbose``."""
    if trigger.best is None or trigger._compare(value, trigger.best):
        trigger.best = value
        trigger.count = 0
    else:
        trigger.count += 1
    if trigger.count < trigger.patience:
        return False
    if verbose:
        sys.stdout.write('Epoch {}: early stopping\n'.format(trainer.updater.epoch))
        sys.stdout.flush()
    return True


class EarlyStoppingTrigger(object):
    """Stop trigger that fires when the monitored value stops improving.

    The values of ``observation[monitor]`` are averaged between firings of
    ``check_trigger``; at each check the average is compared with the best so
    far. After ``patience`` checks in a row without improvement, the trigger
    fires (use it as the trainer's ``stop_trigger``). It also fires when
    ``max_trigger`` does.

    Args:
        check_trigger: when to compare (``(1, 'epoch')``).
        monitor (str): the observation key to watch.
        patience (int): how many checks without improvement to tolerate
            (3 by default; ``patients`` is accepted as its old name).
        mode (str): ``'max'``, ``'min'``, or ``'auto'`` (``'max'`` if the key
            names an accuracy, ``'min'`` otherwise).
        verbose (bool): print a message when stopping early.
        max_trigger: a stop trigger for the longest training
            (``(100, 'epoch')``).
    """

    def __init__(self, check_trigger=(1, 'epoch'), monitor='main/loss',
                 patience=None, mode='auto', verbose=False,
                 max_trigger=(100, 'epoch'), **kwargs):
        patients, = argument.parse_kwargs(kwargs, ('patients', None))
        if patients is not None:
            if patience is not None:
                raise TypeError('EarlyStoppingTrigger: give patience or the '
                                'deprecated patients, not both')
            warnings.warn('patients is deprecated; use patience instead',
                          DeprecationWarning)
            patience = patients
        if patience is None:
            patience = 3
        if patience < 0:
            raise ValueError('patience must be non-negative, got {}'.format(patience))

        self.count = 0
        self.patience = patience
        self.monitor = monitor
        self.verbose = verbose
        self.already_warning = False
        self._max_trigger = util.get_trigger(max_trigger)
        self._interval_trigger = util.get_trigger(check_trigger)
        self._init_summary()

        self._compare = _comparison(mode, monitor)
        self.best = None

    def __call__(self, trainer):
        """Whether to stop: after ``patience`` checks without improvement, or when
        ``max_trigger`` fires."""
        observation = trainer.observation
        summary = self._summary
        if self.monitor in observation:
            summary.add({self.monitor: observation[self.monitor]})

        if self._max_trigger(trainer):
            return True

        if not self._interval_trigger(trainer):
            return False

        if self.monitor not in observation and not summary._summaries:
            if not self.already_warning:
                warnings.warn('{} is not in the observation; early stopping cannot '
                              'watch it'.format(self.monitor))
                self.already_warning = True
            return False

        stat = self._summary.compute_mean()
        current_val = float(stat[self.monitor])
        self._init_summary()
        return _out_of_patience(self, current_val, trainer, self.verbose)

    def _init_summary(self):
        self._summary = reporter.DictSummary()

    def get_training_length(self):
        """The training length of ``max_trigger``."""
        return self._max_trigger.get_training_length()

    def serialize(self, serializer):
        """Save or load the checks' state (best value, count, triggers)."""
        if hasattr(self._max_trigger, 'serialize'):
            self._max_trigger.serialize(serializer['max_trigger'])
        if hasattr(self._interval_trigger, 'serialize'):
            self._interval_trigger.serialize(serializer['interval_trigger'])
        self._summary.serialize(serializer['summary'])
        self.best = _serialize.serialize_optional_float(serializer, 'best', self.best)
        self.count = _serialize.serialize_scalar(serializer, 'count', self.count, int)
