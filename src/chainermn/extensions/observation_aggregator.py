"""ObservationAggregator: average an observed value over all processes."""
import numpy

import chainer
from chainer import backend
from chainer.training import extension
from chainer.training import util


def _mean(values):
    return sum(values) / len(values)


def _to_host(value):
    if isinstance(value, chainer.Variable):
        value = value.array
    if hasattr(value, 'shape') and hasattr(value, 'dtype'):
        return backend.CpuDevice().send(value)
    return value


class ObservationAggregator(extension.Extension):
    """Aggregate an observed value over all processes.

    Every iteration it collects ``trainer.observation[original_key]`` of this
    process; whenever ``comm_trigger`` fires, the mean of the values collected
    since the last time is computed on each process, these means are gathered
    from all processes and ``aggregator`` (the mean by default) combines them.
    The result is stored as ``trainer.observation[aggregated_key]`` (a
    Variable if the observed values were Variables, an array on their device
    otherwise), where reporting extensions (LogReport, PrintReport) see it.

    Args:
        comm: the ChainerMN communicator.
        original_key (str): the observed key (e.g. ``'main/loss'``).
        aggregated_key (str): where to store the result (default:
            ``original_key``, overwritten).
        comm_trigger: when to communicate (``(1, 'iteration')``).
        aggregator (callable): combines the list of per-process values
            (NumPy values) into one.
    """

    trigger = 1, 'iteration'
    priority = extension.PRIORITY_EDITOR
    name = None

    def __init__(self, comm, original_key, aggregated_key=None, *,
                 comm_trigger=(1, 'iteration'), aggregator=None):
        self.comm = comm
        self.original_key = original_key
        self.aggregated_key = original_key if aggregated_key is None \
            else aggregated_key
        self.comm_trigger = util.get_trigger(comm_trigger)
        self.aggregator = _mean if aggregator is None else aggregator
        self.observations = []
        self._template = None

    def __call__(self, trainer):
        observation = trainer.observation
        if self.original_key in observation:
            value = observation[self.original_key]
            self._template = value
            self.observations.append(_to_host(value))
        if not self.comm_trigger(trainer):
            return
        local = self.compute_summary(trainer)
        gathered = self.comm.mpi_comm.allgather(local)
        values = [v for v in gathered if v is not None]
        if not values:
            return
        result = self.aggregator(values)
        observation[self.aggregated_key] = self._wrap(result)

    def compute_summary(self, trainer):
        """The mean of this process's values since the last communication (None
        if there was none); the collected values are then cleared."""
        values, self.observations = self.observations, []
        if not values:
            return None
        return _mean(values)

    def _wrap(self, result):
        template = self._template
        if template is None:
            return result
        raw = template.array if isinstance(template, chainer.Variable) else template
        if hasattr(raw, 'dtype'):
            result = numpy.asarray(result, dtype=raw.dtype)
            result = backend.get_device_from_array(raw).send(result)
        if isinstance(template, chainer.Variable):
            return chainer.Variable(result)
        return result

    def serialize(self, serializer):
        if hasattr(self.comm_trigger, 'serialize'):
            self.comm_trigger.serialize(serializer['comm_trigger'])
