"""SerialIterator: the simplest dataset iterator."""
from chainer.iterators import _state


class SerialIterator(_state.StatefulIterator):
    """Dataset iterator that reads the examples one by one, in this process.

    Each call of :meth:`next` returns a list of ``batch_size`` examples. With
    ``repeat=True`` the iterator cycles through the dataset forever, and a batch
    that reaches the end of an epoch is completed from the start of the next one
    (in the next epoch's order); with ``repeat=False`` it stops after one epoch,
    whose last batch may be shorter.

    Args:
        dataset: the dataset (``__len__`` and ``__getitem__``).
        batch_size (int): the number of examples per batch.
        repeat (bool): cycle through the dataset endlessly.
        shuffle (bool): visit the examples in a new random order every epoch.
            None (default) means True unless ``order_sampler`` is given.
        order_sampler (callable): an :class:`~chainer.iterators.OrderSampler`
            deciding the order of each epoch; it must not be given with
            ``shuffle``.
    """

    def __init__(self, dataset, batch_size, repeat=True, shuffle=None,
                 order_sampler=None):
        self._set_up(dataset, batch_size, repeat, shuffle, order_sampler)
        self.reset()

    def __next__(self):
        self._previous_epoch_detail = self.epoch_detail
        state, indices = _state.advance(
            self._state, len(self.dataset), self.batch_size, self._repeat,
            self.order_sampler)
        if indices is None:
            self._state = state
            raise StopIteration
        batch = _state.fetch(self.dataset, indices)
        self._state = state
        return batch

    next = __next__

    @property
    def _order(self):
        return self._state.order

    def reset(self):
        """Go back to the start of the first epoch."""
        self._reset_state()

    def serialize(self, serializer):
        """Save or load the position, the epoch, the order of the current epoch
        (and the state of an order sampler with its own random generator)."""
        self._serialize_state(serializer)
