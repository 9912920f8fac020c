"""Trainer: the training loop."""
import collections
import os
import sys
import time
import traceback

from chainer import reporter as reporter_module
from chainer.training import _serialize
from chainer.training import extension as extension_module
from chainer.training import util as trigger_module
from chainer.utils import argument


class _ExtensionEntry(object):

    def __init__(self, extension, priority, trigger, call_before_training):
        self.extension = extension
        self.trigger = trigger
        self.priority = priority
        self.call_before_training = call_before_training


def _get_time():
    return time.perf_counter()


class Trainer(object):
    """The standard training loop.

    Each iteration the trainer calls ``updater.update()`` (one step of
    optimization), inside a reporter scope whose observation collects what was
    reported, and then every extension whose trigger fires, in order of
    priority. It stops when ``stop_trigger`` fires.

    The reporter of the trainer knows the target link of each optimizer of the
    updater under the optimizer's name (``'main'``), and its child links, so
    values the model reports appear as ``main/loss`` and so on.

    Args:
        updater (~chainer.training.Updater): makes the training steps.
        stop_trigger: when to stop: a trigger, or ``(length, 'epoch')`` /
            ``(length, 'iteration')``; None trains forever.
        out (str): the output directory of the extensions (logs, snapshots,
            plots); created by :meth:`run`.
        extensions (list): extensions to :meth:`extend` the trainer with.

    Attributes:
        updater, stop_trigger, out, reporter, observation (the observation of
        the current iteration).
    """

    def __init__(self, updater, stop_trigger=None, out='result', extensions=None):
        self.updater = updater
        self.stop_trigger = trigger_module.get_trigger(stop_trigger)
        self.observation = {}
        self.out = out
        if extensions is None:
            extensions = []

        reporter = reporter_module.Reporter()
        for name, optimizer in updater.get_all_optimizers().items():
            target = getattr(optimizer, 'target', None)
            if target is None:
                continue
            reporter.add_observer(name, target)
            if hasattr(target, 'namedlinks'):
                reporter.add_observers(name, target.namedlinks(skipself=True))
        self.reporter = reporter

        self._done = False
        self._extensions = collections.OrderedDict()
        self._start_at = None
        self._snapshot_elapsed_time = 0.0
        self._final_elapsed_time = None

        updater.connect_trainer(self)
        for ext in extensions:
            self.extend(ext)

    @property
    def is_before_training(self):
        """Whether no training step has been made yet."""
        return self.updater.iteration == 0

    @property
    def elapsed_time(self):
        """Seconds of training so far (including the time before a resume).

        Raises:
            RuntimeError: before the training has started.
        """
        if self._done:
            return self._final_elapsed_time
        if self._start_at is None:
            raise RuntimeError('The training has not been started yet: '
                               'elapsed_time is only available inside run()')
        return _get_time() - self._start_at + self._snapshot_elapsed_time

    def extend(self, extension, name=None, trigger=None, priority=None, *,
               call_before_training=False, **kwargs):
        """Register an extension.

        Args:
            extension: an :class:`~chainer.training.Extension` or a callable
                taking the trainer (see :func:`~chainer.training.make_extension`).
            name (str): its name (default: ``extension.name``, its
                ``default_name`` or ``__name__``); a duplicate gets ``_1``,
                ``_2``, ... appended.
            trigger: when to call it: a trigger or ``(period, unit)`` (default:
                the extension's ``trigger`` attribute, else every iteration).
            priority (int): the order among extensions triggered together,
                higher first (default: its ``priority`` attribute, else
                :data:`~chainer.training.extension.PRIORITY_READER`).
            call_before_training (bool): also call it once before the first
                iteration.
        """
        argument.check_unexpected_kwargs(
            kwargs,
            invoke_before_training='invoke_before_training has been removed since '
            'Chainer v2.0.0. Use initializer= instead.')
        argument.assert_kwargs_empty(kwargs)

        if not callable(extension):
            raise TypeError(
                'Trainer.extend: the extension must be callable (an Extension or a '
                'function taking the trainer), got an object of type {}'.format(
                    type(extension).__name__))
        if name is None:
            name = getattr(extension, 'name', None)
            if name is None:
                name = getattr(extension, 'default_name', None)
                if name is None:
                    name = getattr(extension, '__name__', None)
                    if name is None:
                        raise TypeError(
                            'name is not given for the extension {!r} (it has no '
                            'name, default_name or __name__)'.format(extension))
        if name == 'training':
            raise ValueError('the name "training" is prohibited as an extension name')

        if trigger is None:
            trigger = getattr(extension, 'trigger', (1, 'iteration'))
        trigger = trigger_module.get_trigger(trigger)

        if priority is None:
            priority = getattr(extension, 'priority',
                               extension_module.PRIORITY_READER)

        modified_name = name
        ordinal = 0
        while modified_name in self._extensions:
            ordinal += 1
            modified_name = '{}_{}'.format(name, ordinal)

        extension.name = modified_name
        self._extensions[modified_name] = _ExtensionEntry(
            extension, priority, trigger, call_before_training)

    def get_extension(self, name):
        """The extension registered as ``name``.

        Raises:
            ValueError: if there is none.
        """
        entry = self._extensions.get(name)
        if entry is None:
            raise ValueError('extension {} not found (registered: {})'.format(
                name, list(self._extensions)))
        return entry.extension

    def run(self, show_loop_exception_msg=True):
        """Run the training loop until the stop trigger fires.

        Extensions' ``initialize`` is called first (unless their trigger says it
        is finished), then those with ``call_before_training``, then the loop.
        When the loop raises, each extension's ``on_error`` is called and the
        exception re-raised; in every case each extension's ``finalize`` and the
        updater's ``finalize`` are called at the end.

        Args:
            show_loop_exception_msg (bool): print the exception of a failing
                loop (with its traceback) to stderr before re-raising it.

        Raises:
            RuntimeError: if the trainer has already run.
        """
        if self._done:
            raise RuntimeError('cannot run training loop multiple times')

        os.makedirs(self.out, exist_ok=True)

        extension_order = sorted(
            self._extensions.keys(),
            key=lambda name: self._extensions[name].priority, reverse=True)
        extensions = [(name, self._extensions[name]) for name in extension_order]

        self._start_at = _get_time()

        for _, entry in extensions:
            initializer = getattr(entry.extension, 'initialize', None)
            finished = getattr(entry.trigger, 'finished', False)
            if initializer and not finished:
                initializer(self)

        update = self.updater.update
        reporter = self.reporter
        stop_trigger = self.stop_trigger

        try:
            self.observation = {}
            with reporter.scope(self.observation):
                for _, entry in extensions:
                    if entry.call_before_training:
                        entry.extension(self)

            while not stop_trigger(self):
                self.observation = {}
                with reporter.scope(self.observation):
                    update()
                    for _, entry in extensions:
                        if entry.trigger(self):
                            entry.extension(self)
        except Exception as e:
            if show_loop_exception_msg:
                sys.stderr.write('Exception in main training loop: {}\n'.format(e))
                sys.stderr.write('Traceback (most recent call last):\n')
                traceback.print_tb(sys.exc_info()[2])
                sys.stderr.write('Will finalize trainer extensions and updater '
                                 'before reraising the exception.\n')
                sys.stderr.flush()
            tb = sys.exc_info()[2]
            for _, entry in extensions:
                handler = getattr(entry.extension, 'on_error', None)
                if handler:
                    try:
                        handler(self, e, tb)
                    except Exception as he:
                        sys.stderr.write(
                            'A handler of a trainer extension raised an exception: '
                            '{}\n'.format(he))
                        traceback.print_exc()
            raise
        finally:
            for _, entry in extensions:
                finalize = getattr(entry.extension, 'finalize', None)
                if finalize:
                    finalize()
            self.updater.finalize()
            self._final_elapsed_time = self.elapsed_time
            self._done = True

    def serialize(self, serializer):
        """Save or load the state of the training: the updater (iterators,
        optimizers, models, iteration), the stop trigger, every extension and
        its trigger, and the elapsed time."""
        self.updater.serialize(serializer['updater'])
        if hasattr(self.stop_trigger, 'serialize'):
            self.stop_trigger.serialize(serializer['stop_trigger'])

        extensions = serializer['extensions']
        triggers = serializer['extension_triggers']
        for name, entry in self._extensions.items():
            if hasattr(entry.extension, 'serialize'):
                entry.extension.serialize(extensions[name])
            if hasattr(entry.trigger, 'serialize'):
                entry.trigger.serialize(triggers[name])

        if not _serialize.is_deserializer(serializer):
            elapsed = self.elapsed_time if self._start_at is not None or self._done \
                else self._snapshot_elapsed_time
            serializer('_snapshot_elapsed_time', float(elapsed))
        else:
            try:
                loaded = serializer('_snapshot_elapsed_time', 0.0)
            except KeyError:
                loaded = 0.0
            self._snapshot_elapsed_time = float(loaded)
            if self._start_at is not None:
                self._start_at = _get_time()
            # A snapshot taken with numpy_random_state=True also holds NumPy's
            # global random state: restore it, so resuming is reproducible.
            _serialize.load_numpy_random_state(serializer)
