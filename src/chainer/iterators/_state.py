"""The position bookkeeping shared by the dataset iterators."""
import collections
import numbers

import numpy

from chainer.dataset import iterator
from chainer.iterators import order_samplers

IteratorState = collections.namedtuple(
    'IteratorState', ('current_position', 'epoch', 'is_new_epoch', 'order'))


def check_batch_size(batch_size):
    if not isinstance(batch_size, numbers.Integral) or isinstance(batch_size, bool) \
            or batch_size <= 0:
        raise ValueError('batch_size must be a positive int, got {!r}'.format(
            batch_size))
    return int(batch_size)


def initial_order(n, order_sampler):
    """The order of the first epoch (None without an order sampler).

    The order sampler may return an order of another length than the dataset's
    (visiting some examples several times, or only some of them); an epoch is
    then one pass through the order.
    """
    if order_sampler is None:
        return None
    return order_sampler(numpy.arange(n), 0)


def epoch_size(n, order):
    """The number of examples in an epoch: the order's length, if there is one."""
    return n if order is None else len(order)


def epoch_detail(state, n):
    """``epoch + position / epoch size``."""
    size = epoch_size(n, state.order)
    return state.epoch + (state.current_position / size if size else 0.)


def advance(state, n, batch_size, repeat, order_sampler):
    """The state after one more batch, and the indices of that batch.

    Returns:
        ``(new_state, indices)``, where ``indices`` is a slice (examples in their
        natural order) or an int array; ``indices`` is None at the end of a
        non-repeating iteration.
    """
    position, epoch, _, order = state
    n = epoch_size(n, order)
    if not repeat and epoch > 0:
        return state, None
    if n == 0:
        if repeat:
            raise ValueError('Cannot iterate repeatedly over an empty dataset')
        return IteratorState(0, epoch + 1, True, order), None
    pieces = []
    remaining = batch_size
    is_new_epoch = False
    while remaining > 0:
        end = min(position + remaining, n)
        if order is None:
            pieces.append(slice(position, end))
        else:
            pieces.append(numpy.asarray(order[position:end]))
        remaining -= end - position
        position = end
        if position >= n:
            epoch += 1
            is_new_epoch = True
            if order is not None:
                new_order = order_sampler(order, position)
                if len(new_order) != len(order):
                    raise ValueError(
                        'The size of order does not match the size of the previous '
                        'order: the order sampler returned {} indices for {}'.format(
                            len(new_order), len(order)))
                order = new_order
            position = 0
            if not repeat:
                break
    if len(pieces) == 1:
        indices = pieces[0]
    else:
        indices = numpy.concatenate([
            numpy.arange(p.start, p.stop) if isinstance(p, slice) else p
            for p in pieces])
    return IteratorState(position, epoch, is_new_epoch, order), indices


def fetch(dataset, indices):
    """The examples of ``dataset`` at ``indices`` (a slice or an index array)."""
    if isinstance(indices, slice):
        batch = dataset[indices]
        return list(batch) if not isinstance(batch, list) else batch
    return [dataset[int(i)] for i in indices]


def indices_as_list(indices):
    if isinstance(indices, slice):
        return list(range(indices.start, indices.stop))
    return [int(i) for i in indices]


def serialize_state(serializer, state, previous_epoch_detail, order_sampler,
                    batch_size, n):
    """Save or load an iterator's state; returns the (loaded) state and
    previous_epoch_detail.

    A snapshot without ``previous_epoch_detail`` (written by an old version)
    gets it from the loaded position: one batch before it, or None at the very
    start.
    """
    position = serializer('current_position', state.current_position)
    epoch = serializer('epoch', state.epoch)
    is_new_epoch = serializer('is_new_epoch', state.is_new_epoch)
    order = state.order
    if order is not None:
        loaded = serializer('order', order)
        if loaded is not None and loaded is not order:
            order = numpy.asarray(loaded)
    missing = False
    try:
        previous = serializer(
            'previous_epoch_detail',
            -1. if previous_epoch_detail is None else float(previous_epoch_detail))
    except KeyError:  # snapshots of old versions lack it
        previous = None
        missing = True
    if previous is not None:
        previous = float(previous)
        if previous < 0:
            previous = None
    if order_sampler is not None and hasattr(order_sampler, 'serialize'):
        try:
            order_sampler.serialize(serializer['order_sampler'])
        except (KeyError, NotImplementedError):
            # KeyError: a snapshot without the sampler's state; NotImplementedError:
            # a flat serializer that cannot open a child (it keeps the iterator's
            # own values, which are all that Chainer 7.8.1 saved).
            pass
    state = IteratorState(int(position), int(epoch), bool(is_new_epoch), order)
    if missing:
        detail = epoch_detail(state, n)
        size = epoch_size(n, order)
        if detail > 0 and size:
            previous = max(detail - batch_size / size, 0.)
    return state, previous


def is_deserializer(serializer):
    from chainer import serializer as serializer_module
    return isinstance(serializer, serializer_module.Deserializer)


def make_order_sampler(shuffle, order_sampler):
    if shuffle is not None and order_sampler is not None:
        raise ValueError('`shuffle` is not `None` and a custom `order_sampler` is '
                         'set. Please set `shuffle` to `None` to use the custom order '
                         'sampler.')
    if shuffle is None:
        shuffle = order_sampler is None
    if shuffle:
        return order_samplers.ShuffleOrderSampler()
    return order_sampler


class StatefulIterator(iterator.Iterator):
    """An iterator whose position is an :class:`IteratorState` in ``_state``
    (SerialIterator and the prefetching iterators): the arguments every one
    takes, the properties read from the state, and its reset and
    serialization."""

    def _set_up(self, dataset, batch_size, repeat, shuffle, order_sampler):
        self.dataset = dataset
        self.batch_size = check_batch_size(batch_size)
        self._repeat = repeat
        self.order_sampler = make_order_sampler(shuffle, order_sampler)

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
        return epoch_detail(self._state, len(self.dataset))

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

    def _reset_state(self):
        self._state = IteratorState(
            0, 0, False, initial_order(len(self.dataset), self.order_sampler))
        self._previous_epoch_detail = -1.

    def _serialize_state(self, serializer):
        self._state, previous = serialize_state(
            serializer, self._state, self.previous_epoch_detail, self.order_sampler,
            self.batch_size, len(self.dataset))
        self._previous_epoch_detail = -1. if previous is None else previous
