"""MultiNodeEarlyStoppingTrigger: early stopping on a value averaged over all
processes."""
import warnings

from chainer import reporter
from chainer.training.triggers import early_stopping_trigger
from chainer.training import util

from chainermn.extensions.observation_aggregator import _to_host


class MultiNodeEarlyStoppingTrigger(object):
    """Stop the training of all processes together when a value stops improving.

    Like :class:`chainer.training.triggers.EarlyStoppingTrigger`, but the
    value compared at each check is ``observation[monitor]`` averaged over the
    iterations since the last check *and over all processes*, so every process
    takes the same decision and they stop at the same iteration. The averaged
    value is also stored as ``observation[monitor + suffix]``.

    Args:
        comm: the ChainerMN communicator.
        check_trigger: when to compare (``(1, 'epoch')``).
        monitor (str): the observation key (``'main/loss'``).
        patience (int): checks without improvement before stopping (3).
        mode (str): ``'max'``, ``'min'`` or ``'auto'`` (max for accuracies).
        verbose (bool): print a message (on rank 0) when stopping early.
        max_trigger: the longest training (``(100, 'epoch')``).
        suffix (str): suffix of the key of the averaged value.
    """

    def __init__(self, comm, *, check_trigger=(1, 'epoch'), monitor='main/loss',
                 patience=None, mode='auto', verbose=False,
                 max_trigger=(100, 'epoch'), suffix='_aggregated', **kwargs):
        patients = kwargs.pop('patients', None)
        if kwargs:
            raise TypeError('MultiNodeEarlyStoppingTrigger got unexpected keyword '
                            'arguments: {}'.format(', '.join(sorted(kwargs))))
        if patients is not None:
            if patience is not None:
                raise TypeError('give patience or the deprecated patients, not both')
            warnings.warn('patients is deprecated; use patience', DeprecationWarning)
            patience = patients
        if patience is None:
            patience = 3
        if patience < 0:
            raise ValueError('patience must be non-negative, got {}'.format(patience))
        self._compare = early_stopping_trigger._comparison(mode, monitor)
        self.comm = comm
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.suffix = suffix
        self.count = 0
        self.best = None
        self._max_trigger = util.get_trigger(max_trigger)
        self._interval_trigger = util.get_trigger(check_trigger)
        self._summary = reporter.DictSummary()

    def __call__(self, trainer):
        """Whether to stop (the same answer on every process)."""
        observation = trainer.observation
        if self.monitor in observation:
            self._summary.add({self.monitor: _to_host(observation[self.monitor])})
        if self._max_trigger(trainer):
            return True
        if not self._interval_trigger(trainer):
            return False
        stat = self._summary.compute_mean()
        self._summary = reporter.DictSummary()
        local = (float(stat[self.monitor]), 1) if self.monitor in stat else (0., 0)
        totals = self.comm.mpi_comm.allgather(local)
        n = sum(c for _, c in totals)
        if n == 0:
            warnings.warn('{} is not in the observation of any process; early '
                          'stopping cannot watch it'.format(self.monitor))
            return False
        current = sum(v for v, c in totals if c) / n
        observation[self.monitor + self.suffix] = current
        return early_stopping_trigger._out_of_patience(
            self, current, trainer, self.verbose and self.comm.rank == 0)

    def get_training_length(self):
        """The training length of ``max_trigger``."""
        return self._max_trigger.get_training_length()
