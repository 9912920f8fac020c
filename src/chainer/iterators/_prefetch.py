"""The common part of the iterators that read batches in the background."""
import collections

from chainer.iterators import _state


def _shutdown_pool(pool):
    try:
        pool.terminate()
        pool.join()
    except Exception:
        pass


class PrefetchingIterator(_state.StatefulIterator):
    """An iterator whose batches are read ahead by a pool of workers.

    The bookkeeping (position, epoch, order) is done here, in the calling
    thread, exactly as :class:`SerialIterator` does it, so the batches are the
    same; subclasses say how a batch is read (``_submit``) and received
    (``_receive``). Up to ``n_prefetch`` batches are in flight.
    """

    def __init__(self, dataset, batch_size, repeat, shuffle, order_sampler,
                 n_prefetch):
        self._set_up(dataset, batch_size, repeat, shuffle, order_sampler)
        if n_prefetch < 1:
            raise ValueError('n_prefetch must be at least 1, got {}'.format(n_prefetch))
        self.n_prefetch = n_prefetch
        self._pending = collections.deque()
        self._finalized = False
        self.reset()

    _worker_attributes = ()   # the attributes of the workers, None when there are none

    def _state_without_workers(self):
        """A copy of ``__dict__`` without the workers and the batches read
        ahead: the position, epoch and order only."""
        state = dict(self.__dict__)
        for name in self._worker_attributes:
            state[name] = None
        state['_pending'] = type(self._pending)()
        state['_ahead'] = self._state
        state['_next_slot'] = 0
        return state

    def __copy__(self):
        # A copy shares the dataset and the position, but has its own workers.
        other = type(self).__new__(type(self))
        other.__dict__.update(self._state_without_workers())
        return other

    # -- to be provided by subclasses ---------------------------------------

    def _submit(self, indices, slot):
        raise NotImplementedError

    def _receive(self, handle, slot):
        raise NotImplementedError

    def _shutdown(self):
        raise NotImplementedError

    # -- iteration ------------------------------------------------------------

    def _fill(self):
        while len(self._pending) < self.n_prefetch:
            state, indices = _state.advance(
                self._ahead, len(self.dataset), self.batch_size, self._repeat,
                self.order_sampler)
            if indices is None:
                break
            slot = self._next_slot
            self._next_slot = (self._next_slot + 1) % self.n_prefetch
            handle = self._submit(_state.indices_as_list(indices), slot)
            self._pending.append((handle, slot, state))
            self._ahead = state

    def __next__(self):
        self._fill()
        if not self._pending:
            self._previous_epoch_detail = self.epoch_detail
            self._state, _ = _state.advance(
                self._state, len(self.dataset), self.batch_size, self._repeat,
                self.order_sampler)
            raise StopIteration
        handle, slot, state = self._pending.popleft()
        batch = self._receive(handle, slot)
        self._previous_epoch_detail = self.epoch_detail
        self._state = state
        return batch

    next = __next__

    def _discard_pending(self):
        for handle, slot, _ in self._pending:
            try:
                self._receive(handle, slot)
            except Exception:
                pass
        self._pending.clear()
        self._ahead = self._state
        self._next_slot = 0

    def reset(self):
        """Go back to the start of the first epoch (batches read ahead are
        dropped)."""
        if getattr(self, '_pending', None):
            self._discard_pending()
        self._reset_state()
        self._ahead = self._state
        self._next_slot = 0

    def serialize(self, serializer):
        """Save or load the position, epoch and order (batches read ahead are
        dropped when loading)."""
        loading = _state.is_deserializer(serializer)
        if loading and self._pending:
            self._discard_pending()
        self._serialize_state(serializer)
        if loading:
            self._ahead = self._state

    def finalize(self):
        """Stop the workers and free their resources."""
        self._pending.clear()
        self._ahead = self._state
        self._next_slot = 0
        self._shutdown()
