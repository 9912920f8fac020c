"""Evaluators for data-parallel and generic multi-process evaluation."""
import copy
import types

import chainer
from chainer import configuration
from chainer.dataset import convert
from chainer import function
from chainer import reporter as reporter_module
from chainer.training import extension


def create_multi_node_evaluator(actual_evaluator, communicator):
    """Make an evaluator report the mean of the results of all processes.

    Each process evaluates its own part of the validation data (see
    :func:`~chainermn.scatter_dataset`); the returned evaluator (the same
    object, with its ``evaluate`` method replaced) then averages every reported
    value over the processes, so all of them report the same numbers. All
    processes must run it together.

    Args:
        actual_evaluator (chainer.training.extensions.Evaluator): the evaluator.
        communicator: the ChainerMN communicator.

    Returns:
        The evaluator.
    """
    local_evaluate = actual_evaluator.evaluate

    def evaluate(self):
        local = local_evaluate()
        keys = sorted(local)
        all_keys = communicator.mpi_comm.allgather(keys)
        if any(k != keys for k in all_keys):
            raise RuntimeError(
                'multi-node evaluator: the processes reported different values '
                '({}); every process must evaluate the same model'.format(
                    ' / '.join(str(k) for k in all_keys)))
        result = {}
        for key in keys:
            value = local[key]
            if isinstance(value, chainer.Variable):
                value = value.array
            host = chainer.backend.CpuDevice().send(value) \
                if hasattr(value, 'shape') else value
            total = communicator.allreduce_obj(host)
            result[key] = total / communicator.size
        return result

    actual_evaluator.evaluate = types.MethodType(evaluate, actual_evaluator)
    actual_evaluator._mn_communicator = communicator
    return actual_evaluator


class GenericMultiNodeEvaluator(extension.Extension):
    """An evaluator whose per-batch results are gathered on one process.

    Every process iterates its own ``iterator`` in step with the others; for
    each batch :meth:`calc_local` computes a result (by default, the output of
    ``target`` on the converted batch). The results of all processes are
    gathered on ``root``, interleaved batch by batch (batch 0 of every rank,
    then batch 1, ...), and :meth:`aggregate` turns the list into the return
    value (by default the list itself). Processes may have different numbers
    of batches. On the other processes ``__call__`` returns None.

    Override :meth:`calc_local` and :meth:`aggregate` to compute metrics that
    are not means of per-batch values (precision over the whole set, ...).

    Args:
        comm: the ChainerMN communicator.
        iterator: the iterator of this process's data (``repeat=False``).
        target: the model (a callable).
        device: where to send the batches (see ``chainer.dataset.convert``).
        converter: the batch converter (``concat_examples``).
        root (int): the process that aggregates.
        progress_bar (bool): accepted for compatibility; no progress is shown.
    """

    trigger = 1, 'epoch'
    default_name = 'validation'
    priority = extension.PRIORITY_WRITER
    name = None

    def __init__(self, comm, iterator, target, device=None,
                 converter=convert.concat_examples, root=0, **kwargs):
        self.progress_bar = kwargs.pop('progress_bar', False)
        if kwargs:
            raise TypeError('GenericMultiNodeEvaluator got unexpected keyword '
                            'arguments: {}'.format(', '.join(sorted(kwargs))))
        self.comm = comm
        self.iterator = iterator
        self._targets = {'main': target}
        self.converter = converter
        self.device = None if device is None else chainer.get_device(device)
        self.root = root

    def __call__(self, trainer):
        """Evaluate; returns the aggregated result on ``root``, None elsewhere.
        A dict result is also reported (with the evaluator's name as prefix)."""
        it = self.iterator
        if hasattr(it, 'reset'):
            it.reset()
        else:
            it = copy.copy(it)
        gathered = []
        with configuration.using_config('train', False), \
                function.no_backprop_mode():
            while True:
                try:
                    batch = it.next()
                except StopIteration:
                    batch = None
                local = None
                if batch is not None:
                    in_arrays = convert._call_converter(
                        self.converter, batch, self.device)
                    if isinstance(in_arrays, tuple):
                        local = (self.calc_local(*in_arrays),)
                    elif isinstance(in_arrays, dict):
                        local = (self.calc_local(**in_arrays),)
                    else:
                        local = (self.calc_local(in_arrays),)
                results = self.comm.gather_obj(local, root=self.root)
                if self.comm.rank == self.root:
                    active = [r[0] for r in results if r is not None]
                    gathered.extend(active)
                    more = len(active) > 0
                else:
                    more = None
                more = self.comm.bcast_obj(more, root=self.root)
                if not more:
                    break
        if self.comm.rank != self.root:
            return None
        result = self.aggregate(gathered)
        if isinstance(result, dict) and reporter_module._reporters.stack:
            prefix = (self.name or self.default_name) + '/'
            reporter_module.report({prefix + k: v for k, v in result.items()})
        return result

    def calc_local(self, *args, **kwargs):
        """The result of one batch on this process: ``target(*args, **kwargs)``
        (moved to the CPU, so it can be sent)."""
        out = self._targets['main'](*args, **kwargs)
        if isinstance(out, chainer.Variable):
            out = out.array
        if hasattr(out, 'shape') and hasattr(out, 'dtype'):
            out = chainer.backend.CpuDevice().send(out)
        return out

    def aggregate(self, results):
        """Combine the per-batch results of all processes (on ``root``); the
        default returns the list as it is."""
        return results
