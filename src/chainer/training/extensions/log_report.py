"""LogReport: average the observations and keep (and write) a log of them."""
import json
import warnings

from chainer import reporter
from chainer.training import _serialize
from chainer.training import extension
from chainer.training import trigger as trigger_module
from chainer.training.extensions import util
from chainer.utils import argument


def _to_float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


class LogReport(extension.Extension):
    """Extension that averages the reported values and logs the averages.

    Every iteration it adds the observation (the entries ``keys``, or all) to a
    :class:`~chainer.DictSummary`. When ``trigger`` fires it appends to
    :attr:`log` a dict of the means, with ``epoch``, ``iteration`` and
    ``elapsed_time``, writes the whole log to ``trainer.out/filename`` and starts
    a new summary. :class:`PrintReport` and :class:`PlotReport` read this log.
    Registered with ``trainer.extend(..., call_before_training=True)`` it also
    makes an entry before the first iteration (epoch 0).

    Args:
        keys (list of str): the observation keys to log (None: all).
        trigger: when to make an entry (``(1, 'epoch')``).
        postprocess (callable): called with each entry (a dict) before it is
            stored, to add or change values.
        filename (str): the log file in the output directory; a format string
            receiving the entry (``'log_{iteration}'``). ``'log'`` by default;
            ``log_name`` is its old name, and ``log_name=None`` writes no file.
        format (str): ``'json'`` (a JSON list, the default), ``'json-lines'`` (one
            JSON object per line) or ``'yaml'`` (needs PyYAML); by default guessed
            from the file name's extension.
    """

    def __init__(self, keys=None, trigger=(1, 'epoch'), postprocess=None,
                 filename=None, **kwargs):
        self._keys = keys
        self._trigger = trigger_module.get_trigger(trigger)
        self._postprocess = postprocess
        self._log = []

        if 'log_name' in kwargs:
            log_name = kwargs.pop('log_name')
            if filename is None:
                filename = log_name
        elif filename is None:
            filename = 'log'
        log_format, = argument.parse_kwargs(kwargs, ('format', None))
        if log_format is None and filename is not None:
            if filename.endswith('.jsonl'):
                log_format = 'json-lines'
            elif filename.endswith('.yaml') or filename.endswith('.yml'):
                log_format = 'yaml'
            else:
                log_format = 'json'
        if log_format not in (None, 'json', 'json-lines', 'yaml'):
            raise ValueError("LogReport: format must be 'json', 'json-lines' or "
                             "'yaml', got {!r}".format(log_format))
        self._log_name = filename
        self._format = log_format
        self._init_summary()

    def __call__(self, trainer):
        observation = trainer.observation
        if self._keys is None:
            self._summary.add(observation)
        else:
            self._summary.add({k: observation[k] for k in self._keys
                               if k in observation})

        # Registered with call_before_training, the extension writes a row (a
        # point) before the first iteration too: epoch 0 with what was observed
        # then (say, the validation of the initial model).
        if not (getattr(trainer, 'is_before_training', False) or
                self._trigger(trainer)):
            return

        stats = self._summary.compute_mean()
        entry = {name: _to_float(value) for name, value in stats.items()}
        updater = trainer.updater
        entry['epoch'] = updater.epoch
        entry['iteration'] = updater.iteration
        entry['elapsed_time'] = trainer.elapsed_time

        if self._postprocess is not None:
            self._postprocess(entry)
        self._log.append(entry)

        if self._log_name is not None:
            log_name = self._log_name.format(**entry)
            util.atomic_write_text(trainer.out, log_name, self._dumps())

        self._init_summary()

    def _dumps(self):
        if self._format == 'json-lines':
            return ''.join(json.dumps(entry) + '\n' for entry in self._log)
        if self._format == 'yaml':
            try:
                import yaml
            except ImportError as e:
                raise ImportError('LogReport(format="yaml") needs PyYAML; install it '
                                  'with: pip install pyyaml') from e
            return yaml.dump(self._log)
        return json.dumps(self._log, indent=4)

    @property
    def log(self):
        """The list of logged entries (dicts), oldest first."""
        return self._log

    def serialize(self, serializer):
        """Save or load the trigger, the pending summary and the log."""
        if hasattr(self._trigger, 'serialize'):
            self._trigger.serialize(serializer['_trigger'])
        try:
            self._summary.serialize(serializer['_summary'])
        except KeyError:
            warnings.warn('The statistics of LogReport are not saved in the snapshot')
        self._log = _serialize.serialize_json(serializer, '_log', self._log)

    def _init_summary(self):
        self._summary = reporter.DictSummary()
