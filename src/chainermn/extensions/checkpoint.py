"""Generational checkpoints of every process, for fault tolerance."""
import os
import time

import numpy

from chainer import serializers
from chainer.training import extension


class _CheckpointStats(object):
    """Durations of the checkpoints taken."""

    def __init__(self):
        self.timings = []
        self._begin = None

    def start(self):
        self._begin = time.time()

    def end(self):
        if self._begin is not None:
            self.timings.append(time.time() - self._begin)
            self._begin = None

    def report(self):
        """A one-line summary (a string)."""
        if not self.timings:
            return 'No checkpoint taken yet'
        t = numpy.array(self.timings)
        return ('{} checkpoints: mean {:.6f} s, min {:.6f} s, max {:.6f} s, '
                'total {:.6f} s'.format(len(t), t.mean(), t.min(), t.max(), t.sum()))


class _MultiNodeCheckpointer(extension.Extension):
    """See :func:`create_multi_node_checkpointer`."""

    trigger = 1, 'epoch'
    priority = -100

    def __init__(self, name, comm, cp_interval=5, gc_interval=5, path=None):
        if cp_interval < 1 or gc_interval < 1:
            raise ValueError('cp_interval and gc_interval must be positive, got {} '
                             'and {}'.format(cp_interval, gc_interval))
        self.name = name
        self.comm = comm
        self.cp_interval = cp_interval
        self.gc_interval = gc_interval
        self.path = path
        self.files = []      # iterations of the checkpoints of this process
        self.stats = _CheckpointStats()
        self._dir = path

    # -- file names -------------------------------------------------------------

    def _filenames(self, nums):
        return ['{}.{}.{}'.format(self.name, self.comm.rank, n) for n in nums]

    def _parse_filenames(self, filenames):
        """``(name, rank, iteration)`` of the names that are checkpoints."""
        for filename in filenames:
            parts = filename.rsplit('.', 2)
            if len(parts) != 3:
                continue
            name, rank, iteration = parts
            if not (rank.isdigit() and iteration.isdigit()):
                continue
            yield name, int(rank), int(iteration)

    def _directory(self, target):
        if self.path is not None:
            return self.path
        out = getattr(target, 'out', None)
        if out is None:
            raise ValueError('create_multi_node_checkpointer: give path, or save a '
                             'trainer (whose out directory is used)')
        return out

    # -- saving and loading -----------------------------------------------------

    def __call__(self, trainer):
        self.save(trainer, trainer.updater.iteration)

    def save(self, target, iteration):
        """Save ``target`` (a trainer, updater, ...) as this process's checkpoint
        of ``iteration``, then delete old checkpoints beyond the newest
        ``cp_interval`` (every ``gc_interval`` saves)."""
        directory = self._directory(target)
        os.makedirs(directory, exist_ok=True)
        self._dir = directory
        self.stats.start()
        filename, = self._filenames([iteration])
        tmp = os.path.join(directory, '.tmp-' + filename)
        serializers.save_npz(tmp, target)
        os.replace(tmp, os.path.join(directory, filename))
        self.stats.end()
        if iteration not in self.files:
            self.files.append(iteration)
        if len(self.files) >= self.cp_interval + self.gc_interval:
            self._collect(directory)

    def _collect(self, directory):
        keep = sorted(self.files)[-self.cp_interval:]
        for filename in self._filenames(n for n in self.files if n not in keep):
            try:
                os.remove(os.path.join(directory, filename))
            except FileNotFoundError:
                pass
        self.files = keep

    def maybe_load(self, trainer, optimizer=None, path=None):
        """Load the newest checkpoint that every process has, if any.

        All processes must call it together. The checkpoints of this process
        are looked for in ``path`` (or the checkpointer's path, or
        ``trainer.out``); the newest iteration found on *all* processes is
        loaded into ``trainer`` (a trainer or an updater), so they restart from
        the same point.

        Args:
            trainer: the object saved by :meth:`save`.
            optimizer: the multi-node optimizer; told that its parameters are
                already the same everywhere.
            path (str): the directory to search.

        Returns:
            int or None: the iteration loaded.
        """
        directory = path if path is not None else self._directory(trainer)
        self._dir = directory
        mine = set()
        if os.path.isdir(directory):
            for name, rank, iteration in self._parse_filenames(os.listdir(directory)):
                if name == self.name and rank == self.comm.rank:
                    mine.add(iteration)
        common = set.intersection(*[set(s) for s in
                                    self.comm.mpi_comm.allgather(sorted(mine))])
        self.files = sorted(mine)
        if not common:
            return None
        iteration = max(common)
        filename, = self._filenames([iteration])
        serializers.load_npz(os.path.join(directory, filename), trainer)
        if optimizer is not None and hasattr(optimizer, '_mark_synchronized'):
            optimizer._mark_synchronized()
        return iteration

    def get_stats(self):
        """The durations of the checkpoints taken (a string)."""
        return self.stats.report()

    def finalize(self):
        """Delete this process's checkpoints (the training finished)."""
        directory = self._dir
        if directory is None:
            return
        for filename in self._filenames(self.files):
            try:
                os.remove(os.path.join(directory, filename))
            except FileNotFoundError:
                pass
        self.files = []


def create_multi_node_checkpointer(name, comm, cp_interval=5, gc_interval=5,
                                   path=None):
    """A checkpointer that lets a multi-process training survive failures.

    Every process saves its own state (``<name>.<rank>.<iteration>``) when
    triggered; old checkpoints are deleted, keeping the newest
    ``cp_interval``. After a crash, :meth:`maybe_load` makes all processes
    load the newest iteration that every one of them saved. When the training
    ends normally (``finalize``) the checkpoints are deleted.

    Usage::

        checkpointer = chainermn.create_multi_node_checkpointer(
            name='mnist', comm=comm)
        checkpointer.maybe_load(trainer, optimizer)
        trainer.extend(checkpointer, trigger=(1000, 'iteration'))

    Args:
        name (str): the prefix of the checkpoint files.
        comm: the ChainerMN communicator.
        cp_interval (int): how many of the newest checkpoints to keep.
        gc_interval (int): how many saves between deletions of old ones.
        path (str): the directory (default: the trainer's ``out``).
    """
    return _MultiNodeCheckpointer(name, comm, cp_interval, gc_interval, path)
