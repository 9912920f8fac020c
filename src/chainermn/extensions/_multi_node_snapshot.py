"""multi_node_snapshot: snapshots taken by one process of each replica set."""
import numbers

from chainer import serializers
from chainer.training import extension
from chainer.training.extensions import _snapshot


def _parse_replica_sets(replica_sets, size):
    """The replica sets as a list of sets of ranks.

    Each item of ``replica_sets`` is a rank (a set of its own) or an iterable
    of ranks; the ranks mentioned nowhere form one more set.
    """
    sets = []
    seen = set()
    for item in replica_sets:
        if isinstance(item, numbers.Integral):
            ranks = {int(item)}
        else:
            ranks = {int(r) for r in item}
        for r in ranks:
            if not 0 <= r < size:
                raise ValueError('replica_sets: rank {} is not in [0, {})'.format(
                    r, size))
        if ranks & seen:
            raise ValueError('replica_sets: ranks {} appear in two sets'.format(
                sorted(ranks & seen)))
        seen |= ranks
        if ranks:
            sets.append(ranks)
    rest = set(range(size)) - seen
    if rest:
        sets.append(rest)
    return sets


class _MultiNodeSnapshot(extension.Extension):
    """See :func:`multi_node_snapshot`."""

    def __init__(self, comm, snapshot, replica_sets):
        self.comm = comm
        self.snapshot = snapshot
        sets = _parse_replica_sets(replica_sets, comm.size)
        index = next(i for i, s in enumerate(sets) if comm.rank in s)
        self.master = min(sets[index])
        self.is_master = comm.rank == self.master
        # Each replica set gets a communicator of its own (for autoload).
        self.replica_comm = comm.split(index, comm.rank)
        self.trigger = getattr(snapshot, 'trigger', (1, 'epoch'))
        self.priority = getattr(snapshot, 'priority', -100)
        if self.is_master:
            filename = snapshot.filename
            rank = comm.rank
            if callable(filename):
                def ranked_filename(trainer, _f=filename):
                    return '{}.{}'.format(_f(trainer), rank)
                snapshot.filename = ranked_filename
            else:
                snapshot.filename = '{}.{}'.format(filename, rank)

    def initialize(self, trainer):
        snapshot = self.snapshot
        autoload = getattr(snapshot, 'autoload', False)
        loaded = False
        if self.is_master:
            if autoload and isinstance(snapshot.filename, str):
                loaded = _snapshot._find_latest_snapshot(
                    snapshot.filename, trainer.out) is not None
            snapshot.initialize(trainer)
        if not autoload:
            return
        # The master of each replica set loaded its snapshot; the others of the
        # set receive that state (their own directories need not hold it).
        state = None
        if self.is_master and loaded:
            state = {}
            serializers.DictionarySerializer(state).save(self._target(trainer))
        state = self.replica_comm.bcast_obj(state, root=0)
        if state is not None and not self.is_master:
            serializers.NpzDeserializer(state).load(self._target(trainer))

    def _target(self, trainer):
        target = getattr(self.snapshot, '_target', None)
        return trainer if target is None else target

    def __call__(self, trainer):
        if self.is_master:
            self.snapshot(trainer)

    def on_error(self, trainer, exc, tb):
        if self.is_master and hasattr(self.snapshot, 'on_error'):
            self.snapshot.on_error(trainer, exc, tb)

    def finalize(self):
        if self.is_master and hasattr(self.snapshot, 'finalize'):
            self.snapshot.finalize()


def multi_node_snapshot(comm, snapshot, replica_sets):
    """Take snapshots with one process of each set of identical processes.

    In data-parallel training all processes hold the same model, so one of
    them saving is enough; in model-parallel training each group of processes
    holding the same part needs one. ``replica_sets`` lists those groups: the
    lowest rank of each saves (its file names get ``.<rank>`` appended), the
    others do nothing. With ``autoload``, the saving process loads its latest
    snapshot and sends the state to the others of its set.

    Args:
        comm: the ChainerMN communicator.
        snapshot: a snapshot extension
            (:func:`chainer.training.extensions.snapshot`).
        replica_sets: a list of ranks or lists of ranks; ranks not listed form
            one more set (``[]``: all processes are replicas; ``[[0, 1], [2,
            3]]``: two sets).

    Returns:
        The multi-node snapshot extension (``is_master`` tells whether this
        process saves).
    """
    return _MultiNodeSnapshot(comm, snapshot, replica_sets)
