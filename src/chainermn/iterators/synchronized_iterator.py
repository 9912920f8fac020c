"""Iterators that shuffle in the same order on every process."""
import numpy

from chainer.iterators import order_samplers

from chainermn.iterators import _wrapper


class _SynchronizedIterator(_wrapper.IteratorWrapper):
    """Wraps an iterator whose order sampler draws from a generator seeded
    identically on every process (see :func:`create_synchronized_iterator`)."""

    def __init__(self, actual_iterator, communicator):
        object.__setattr__(self, 'actual_iterator', actual_iterator)
        object.__setattr__(self, 'communicator', communicator)
        seed = None
        if communicator.rank == 0:
            seed = int(numpy.random.randint(0, 2 ** 31 - 1))
        seed = communicator.bcast_obj(seed, root=0)
        if getattr(actual_iterator, 'order_sampler', None) is not None:
            if not isinstance(actual_iterator.order_sampler,
                              order_samplers.ShuffleOrderSampler):
                raise ValueError(
                    'create_synchronized_iterator: the iterator has a custom order '
                    'sampler ({}); give every process the same sampler instead'
                    .format(type(actual_iterator.order_sampler).__name__))
            actual_iterator.order_sampler = order_samplers.ShuffleOrderSampler(
                numpy.random.RandomState(seed))
            actual_iterator.reset()

    def __next__(self):
        return self.actual_iterator.next()

    next = __next__

    def serialize(self, serializer):
        self.actual_iterator.serialize(serializer)


def create_synchronized_iterator(actual_iterator, communicator):
    """Make every process draw its batches in the same order.

    Each process keeps iterating its own ``actual_iterator`` (so its own
    dataset), but the shuffling generator is seeded with a seed broadcast from
    rank 0 and the iterator restarts, so all processes visit the same indices
    in the same order, epoch after epoch. Use it when every process holds the
    same dataset and the examples must match (model parallelism) without
    broadcasting them. All processes must call it together.

    Args:
        actual_iterator: a SerialIterator, MultiprocessIterator or
            MultithreadIterator (shuffling or not).
        communicator: the ChainerMN communicator.

    Returns:
        The synchronized iterator (it behaves as ``actual_iterator``).
    """
    return _SynchronizedIterator(actual_iterator, communicator)
