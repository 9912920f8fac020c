"""SerialIterator: the simplest dataset iterator."""
from chainer.dataset import iterator
from chainer.iterators import _state
from chainer.iterators import order_samplers


def _make_order_sampler(shuffle, order_sampler):
    if shuffle is not None and order_sampler is not None:
        raise ValueError('`shuffle` is not `None` and a custom `order_sampler` is '
                         'set. Please set `shuffle` to `None` to use the custom order '
                         'sampler.')
    if shuffle is None:
        shuffle = order_sampler is None
    if shuffle:
        return order_samplers.ShuffleOrderSampler()
    return order_sampler


class SerialIterator(iterator.Iterator):
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
        batch_size = _state.check_batch_size(batch_size)
        self.dataset = dataset
        self.batch_size = batch_size
        self._repeat = repeat
        self.order_sampler = _make_order_sampler(shuffle, order_sampler)
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
    def current_position(self):
        """The position of the next example in the current epoch's order."""
        return self._state.current_position

    @property
    def epoch(self):
        """The number of epochs completed."""
        return self._state.epoch

    @property
    def is_new_epoch(self):
        """Whether the last batch completed an epoch."""
        return self._state.is_new_epoch

    @property
    def epoch_detail(self):
        """The number of epochs completed, as a float (``epoch + position / n``,
        ``n`` the length of the epoch's order: the dataset's, unless an order
        sampler returns orders of another length)."""
        return _state.epoch_detail(self._state, len(self.dataset))

    @property
    def previous_epoch_detail(self):
        """``epoch_detail`` before the last :meth:`next` (None before the first)."""
        if self._previous_epoch_detail < 0:
            return None
        return self._previous_epoch_detail

    @property
    def repeat(self):
        """Whether the iterator cycles through the dataset endlessly."""
        return self._repeat

    @property
    def _order(self):
        return self._state.order

    def reset(self):
        """Go back to the start of the first epoch."""
        self._state = _state.IteratorState(
            0, 0, False,
            _state.initial_order(len(self.dataset), self.order_sampler))
        self._previous_epoch_detail = -1.

    def serialize(self, serializer):
        """Save or load the position, the epoch, the order of the current epoch
        (and the state of an order sampler with its own random generator)."""
        self._state, previous = _state.serialize_state(
            serializer, self._state, self.previous_epoch_detail, self.order_sampler,
            self.batch_size, len(self.dataset))
        self._previous_epoch_detail = -1. if previous is None else previous
