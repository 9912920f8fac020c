"""An iterator whose batches are read by one process and sent to all."""
import numbers

import numpy

import chainer

from chainermn.iterators import _wrapper

_CTRL_FIELDS = 7


def _build_ctrl_msg(stop, is_valid_data_type, is_paired_dataset, is_new_epoch,
                    current_position, epoch=0, order_follows=False):
    """The control message the master sends before each batch (int64 array)."""
    return numpy.array([int(bool(stop)), int(bool(is_valid_data_type)),
                        int(bool(is_paired_dataset)), int(bool(is_new_epoch)),
                        int(current_position), int(epoch), int(bool(order_follows))],
                       dtype=numpy.int64)


def _parse_ctrl_msg(msg):
    """The fields of a control message, in the order :func:`_build_ctrl_msg`
    takes them."""
    msg = numpy.asarray(msg)
    if msg.shape != (_CTRL_FIELDS,):
        raise ValueError('a control message has {} fields, got shape {}'.format(
            _CTRL_FIELDS, msg.shape))
    return (bool(msg[0]), bool(msg[1]), bool(msg[2]), bool(msg[3]), int(msg[4]),
            int(msg[5]), bool(msg[6]))


def _is_numeric(x):
    if isinstance(x, numpy.ndarray):
        return x.dtype.kind in 'biufc'
    if isinstance(x, numpy.generic):
        return numpy.dtype(type(x)).kind in 'biufc'
    return isinstance(x, numbers.Number)


def _inspect_batch(batch):
    """(is valid, is paired): whether the examples can be broadcast as arrays."""
    if not batch:
        return True, False
    paired = isinstance(batch[0], tuple)
    for example in batch:
        if paired != isinstance(example, tuple):
            return False, paired
        items = example if paired else (example,)
        if paired and len(items) != len(batch[0]):
            return False, paired
        if not all(_is_numeric(item) for item in items):
            return False, paired
    return True, paired


def _order_of(iterator):
    state = getattr(iterator, '_state', None)
    if state is not None and hasattr(state, 'order'):
        return state.order
    return getattr(iterator, 'order', None)


class _MultiNodeIteratorMaster(_wrapper.IteratorWrapper):
    """The process that reads: it iterates and broadcasts every batch."""

    def __init__(self, actual_iterator, communicator, rank_master):
        object.__setattr__(self, 'communicator', communicator)
        object.__setattr__(self, 'actual_iterator', actual_iterator)
        object.__setattr__(self, 'rank_master', rank_master)
        object.__setattr__(self, '_sent_order', None)
        self._send_initial_state()

    def _send_initial_state(self):
        it = self.actual_iterator
        order = _order_of(it)
        object.__setattr__(self, '_sent_order', order)
        self.communicator.bcast_obj(
            (len(it.dataset), it.batch_size, it.epoch, it.current_position,
             it.is_new_epoch, order), root=self.rank_master)

    def __next__(self):
        it = self.actual_iterator
        comm = self.communicator
        try:
            batch = it.next()
            stop = False
        except StopIteration:
            batch = None
            stop = True
        valid, paired = (True, False) if stop else _inspect_batch(batch)
        order = _order_of(it)
        order_follows = order is not self._sent_order
        msg = _build_ctrl_msg(stop, valid, paired, it.is_new_epoch,
                              it.current_position, it.epoch, order_follows)
        comm.mpi_comm.Bcast(msg, root=self.rank_master)
        if order_follows:
            comm.bcast_obj(order, root=self.rank_master)
            object.__setattr__(self, '_sent_order', order)
        if stop:
            raise StopIteration
        if not valid:
            raise TypeError(
                'create_multi_node_iterator broadcasts numeric examples only (NumPy '
                'arrays or numbers, or tuples of them), got an example of type {}'
                .format(type(batch[0]).__name__))
        arrays = _stack(batch, paired)
        comm.bcast_obj((len(batch), arrays), root=self.rank_master)
        return batch

    next = __next__

    def serialize(self, serializer):
        self.actual_iterator.serialize(serializer)


def _stack(batch, paired):
    if not paired:
        return numpy.asarray(batch) if _same_shapes(batch) else list(batch)
    columns = list(zip(*batch))
    return tuple(numpy.asarray(c) if _same_shapes(c) else list(c) for c in columns)


def _same_shapes(items):
    shapes = {numpy.shape(x) for x in items}
    dtypes = {numpy.asarray(x).dtype for x in items}
    return len(shapes) == 1 and len(dtypes) == 1


def _unstack(n, arrays, paired):
    if not paired:
        return list(arrays)
    return list(zip(*[list(c) for c in arrays]))[:n] if n else []


class _MultiNodeIteratorSlave(chainer.dataset.iterator.Iterator):
    """A process that does not read: it receives the master's batches and
    mirrors its position."""

    def __init__(self, actual_iterator, communicator, rank_master):
        self.communicator = communicator
        self.actual_iterator = actual_iterator
        self.rank_master = rank_master
        (self._dataset_len, self.batch_size, self.epoch, self.current_position,
         self.is_new_epoch, self._order) = communicator.bcast_obj(
            None, root=rank_master)
        self._previous_epoch_detail = -1.

    @property
    def dataset(self):
        return self.actual_iterator.dataset

    @property
    def repeat(self):
        return getattr(self.actual_iterator, 'repeat', True)

    @property
    def epoch_detail(self):
        n = self._dataset_len
        return self.epoch + (self.current_position / n if n else 0.)

    @property
    def previous_epoch_detail(self):
        if self._previous_epoch_detail < 0:
            return None
        return self._previous_epoch_detail

    def __next__(self):
        comm = self.communicator
        msg = numpy.empty(_CTRL_FIELDS, dtype=numpy.int64)
        comm.mpi_comm.Bcast(msg, root=self.rank_master)
        (stop, valid, paired, is_new_epoch, position, epoch,
         order_follows) = _parse_ctrl_msg(msg)
        if order_follows:
            self._order = comm.bcast_obj(None, root=self.rank_master)
        previous = self.epoch_detail
        self.epoch = epoch
        self.current_position = position
        self.is_new_epoch = is_new_epoch
        if stop:
            raise StopIteration
        self._previous_epoch_detail = previous
        if not valid:
            raise TypeError(
                'create_multi_node_iterator broadcasts numeric examples only (NumPy '
                'arrays or numbers, or tuples of them); the master process (rank {}) '
                'read an example of another type'.format(self.rank_master))
        n, arrays = comm.bcast_obj(None, root=self.rank_master)
        return _unstack(n, arrays, paired)

    next = __next__

    def reset(self):
        """Go back to the start (the next batch tells the master's state)."""
        self.epoch = 0
        self.current_position = 0
        self.is_new_epoch = False
        self._previous_epoch_detail = -1.

    def finalize(self):
        if hasattr(self.actual_iterator, 'finalize'):
            self.actual_iterator.finalize()

    def serialize(self, serializer):
        """Save or load the mirrored position; the order is the master's and is
        never overwritten here."""
        self.current_position = int(serializer('current_position',
                                               self.current_position))
        self.epoch = int(serializer('epoch', self.epoch))
        self.is_new_epoch = bool(serializer('is_new_epoch', self.is_new_epoch))
        if self._order is not None:
            serializer('order', numpy.array(self._order))
        try:
            previous = serializer('previous_epoch_detail',
                                  self._previous_epoch_detail)
        except KeyError:
            previous = self._previous_epoch_detail
        self._previous_epoch_detail = float(previous)


def create_multi_node_iterator(actual_iterator, communicator, rank_master=0):
    """An iterator that reads on one process and gives every process the same
    batches.

    For model parallelism, where every process must see the same examples:
    only ``rank_master`` iterates ``actual_iterator``; each batch (and the
    master's position, epoch and order) is broadcast to the others. All
    processes must call ``next()`` together. The examples must be numeric
    (NumPy arrays or numbers, or tuples of them); others raise TypeError on
    every process. On the master the returned object behaves as
    ``actual_iterator`` itself (its attributes are reachable through it).

    Args:
        actual_iterator: the iterator to read (e.g. a SerialIterator), created
            on every process with the same dataset length and batch size.
        communicator: the ChainerMN communicator.
        rank_master (int): the reading process.
    """
    if communicator.rank == rank_master:
        return _MultiNodeIteratorMaster(actual_iterator, communicator, rank_master)
    return _MultiNodeIteratorSlave(actual_iterator, communicator, rank_master)
