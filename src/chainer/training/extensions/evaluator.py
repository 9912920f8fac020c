"""Evaluator: compute the model's observations on a validation set."""
import copy
import sys
import warnings

from chainer import backend
from chainer import configuration
from chainer.dataset import convert
from chainer.dataset import iterator as iterator_module
from chainer import function
from chainer import reporter as reporter_module
from chainer.training import extension
from chainer.training.extensions import util
from chainer.utils import argument


class Evaluator(extension.Extension):
    """Extension that evaluates a model on a validation dataset.

    Each time it is triggered (every epoch by default) it runs the target link
    (or ``eval_func``) on every batch of the validation iterator, with
    ``chainer.config.train`` False and backpropagation off, collects what it
    reports, and reports the mean over the batches under the prefix of its
    name: ``validation/main/loss``, ``validation/main/accuracy``.

    The iterator must not repeat (``repeat=False``); it is reset before each
    evaluation (or copied, if it has no ``reset``).

    Args:
        iterator: the validation iterator, or a dict of them (``'main'`` is used).
        target: the link to evaluate, or a dict of links (``'main'`` is used).
        converter: turns a batch into arrays (:func:`concat_examples`).
        device: the device the batches are sent to (None: left where the
            converter puts them).
        eval_hook (callable): called with the evaluator before each evaluation.
        eval_func (callable): called on each batch instead of the target link.
        progress_bar (bool): draw the progress of the evaluation on stdout.

    Attributes:
        converter, device, eval_hook, eval_func.
    """

    trigger = 1, 'epoch'
    default_name = 'validation'
    priority = extension.PRIORITY_WRITER
    name = None

    def __init__(self, iterator, target, converter=convert.concat_examples,
                 device=None, eval_hook=None, eval_func=None, **kwargs):
        progress_bar, = argument.parse_kwargs(kwargs, ('progress_bar', False))
        if device is not None:
            device = backend.get_device(device)

        if isinstance(iterator, iterator_module.Iterator) or not isinstance(
                iterator, dict):
            iterator = {'main': iterator}
        self._iterators = iterator

        if not isinstance(target, dict):
            target = {'main': target}
        self._targets = target

        self.converter = converter
        self.device = device
        self.eval_hook = eval_hook
        self.eval_func = eval_func
        self._progress_bar = progress_bar

        # A repeating iterator is only a warning here: a subclass may override
        # evaluate() and draw a fixed number of batches from it. The default
        # evaluate() refuses it, since its loop would never end.
        for key, it in self._iterators.items():
            if getattr(it, 'repeat', False) is True:
                warnings.warn(
                    'The iterator {!r} of the Evaluator repeats (repeat=True): the '
                    'default evaluation loop would never end. Create it with '
                    'repeat=False.'.format(key), RuntimeWarning)

    def get_iterator(self, name):
        """The iterator called ``name``."""
        return self._iterators[name]

    def get_all_iterators(self):
        """A dict of all the iterators by name."""
        return dict(self._iterators)

    def get_target(self, name):
        """The target link called ``name``."""
        return self._targets[name]

    def get_all_targets(self):
        """A dict of all the target links by name."""
        return dict(self._targets)

    def __call__(self, trainer=None):
        """Evaluate and report the results (to the current reporter, if any).

        Returns:
            dict: the mean of each reported value, with the prefix of the
            evaluator's name (``'validation/main/loss'``).
        """
        with self._make_reporter():
            with configuration.using_config('train', False):
                result = self.evaluate()

        reporter_module.report(result)
        return result

    def _make_reporter(self):
        reporter = reporter_module.Reporter()
        prefix = self.name + '/' if self.name is not None else ''
        for name, target in self._targets.items():
            reporter.add_observer(prefix + name, target)
            if hasattr(target, 'namedlinks'):
                reporter.add_observers(prefix + name,
                                       target.namedlinks(skipself=True))
        return reporter

    def evaluate(self):
        """Run the evaluation over the whole iterator.

        Returns:
            dict: the mean (over batches) of each value reported while
            evaluating, under the names the current reporter gives.
        """
        iterator = self._iterators['main']
        eval_func = self.eval_func or self._targets['main']
        if getattr(iterator, 'repeat', False) is True:
            raise ValueError(
                "The iterator 'main' of the Evaluator repeats (repeat=True): the "
                'evaluation would never end. Create it with repeat=False.')

        if self.eval_hook:
            self.eval_hook(self)

        if hasattr(iterator, 'reset'):
            iterator.reset()
            it = iterator
        else:
            warnings.warn(
                'This iterator does not have the reset method. Evaluator copies the '
                'iterator instead of resetting. This behavior is deprecated. Please '
                'implement the reset method.', DeprecationWarning)
            it = copy.copy(iterator)

        if not reporter_module._reporters.stack:
            # Called directly, outside any reporter: observe the targets here.
            with self._make_reporter():
                return self._evaluate(it, eval_func)
        return self._evaluate(it, eval_func)

    def _evaluate(self, it, eval_func):
        summary = reporter_module.DictSummary()
        progress = _EvaluationProgress(it) if self._progress_bar else None
        for batch in it:
            observation = {}
            with reporter_module.report_scope(observation):
                in_arrays = convert._call_converter(self.converter, batch, self.device)
                with function.no_backprop_mode():
                    if isinstance(in_arrays, tuple):
                        eval_func(*in_arrays)
                    elif isinstance(in_arrays, dict):
                        eval_func(**in_arrays)
                    else:
                        eval_func(in_arrays)
            summary.add(observation)
            if progress is not None:
                progress.update(len(batch))
        if progress is not None:
            progress.close()
        return summary.compute_mean()

    def finalize(self):
        """Finalize the iterators."""
        for iterator in self._iterators.values():
            iterator.finalize()


class _EvaluationProgress(object):
    """A one-line progress display of an evaluation."""

    def __init__(self, iterator):
        self._total = None
        dataset = getattr(iterator, 'dataset', None)
        if dataset is not None:
            try:
                self._total = len(dataset)
            except TypeError:
                self._total = None
        self._done = 0
        self._start = util.get_time()

    def update(self, n):
        self._done += n
        elapsed = util.get_time() - self._start
        speed = self._done / elapsed if elapsed > 0 else 0.
        if self._total:
            text = '\rvalidation [{}/{}] {:.1%} {:.5g} examples/sec'.format(
                self._done, self._total, self._done / self._total, speed)
        else:
            text = '\rvalidation {} examples {:.5g} examples/sec'.format(
                self._done, speed)
        sys.stdout.write(text)
        sys.stdout.flush()

    def close(self):
        sys.stdout.write('\n')
        sys.stdout.flush()
