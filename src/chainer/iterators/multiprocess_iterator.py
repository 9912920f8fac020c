"""MultiprocessIterator: examples read by a pool of worker processes."""
import multiprocessing
import os
import warnings
import weakref

import numpy

from chainer.iterators import _prefetch


class TimeoutWarning(RuntimeWarning):
    """Warned when reading a batch takes longer than ``dataset_timeout``."""


# -- what runs in the worker processes ------------------------------------------

_worker_dataset = None
_worker_buffer = None


def _init_worker(dataset, buffer, seed):
    global _worker_dataset, _worker_buffer
    _worker_dataset = dataset
    _worker_buffer = buffer
    # Workers forked from one parent would share its random state; give each its
    # own, so that random augmentations differ between workers.
    numpy.random.seed((seed + os.getpid()) % (2 ** 32))


class _SharedArray(object):
    """Where an array of an example was put in the shared buffer."""

    __slots__ = ('offset', 'shape', 'dtype')

    def __init__(self, offset, shape, dtype):
        self.offset = offset
        self.shape = shape
        self.dtype = dtype


def _pack(example, view, offset, end):
    """Copy the arrays of ``example`` into ``view[offset:end]`` where they fit;
    return the example with those arrays replaced by descriptors."""
    if isinstance(example, numpy.ndarray) and example.dtype != object:
        nbytes = example.nbytes
        if offset[0] + nbytes <= end:
            start = offset[0]
            view[start:start + nbytes] = numpy.ascontiguousarray(example).view(
                numpy.uint8).reshape(-1)
            offset[0] += nbytes
            return _SharedArray(start, example.shape, example.dtype.str)
        return example
    if isinstance(example, tuple):
        return tuple(_pack(e, view, offset, end) for e in example)
    if isinstance(example, list):
        return [_pack(e, view, offset, end) for e in example]
    if isinstance(example, dict):
        return {k: _pack(v, view, offset, end) for k, v in example.items()}
    return example


def _unpack(example, view):
    if isinstance(example, _SharedArray):
        dtype = numpy.dtype(example.dtype)
        nbytes = int(numpy.prod(example.shape, dtype=numpy.int64)) * dtype.itemsize
        raw = view[example.offset:example.offset + nbytes].copy()
        return raw.view(dtype).reshape(example.shape)
    if isinstance(example, tuple):
        return tuple(_unpack(e, view) for e in example)
    if isinstance(example, list):
        return [_unpack(e, view) for e in example]
    if isinstance(example, dict):
        return {k: _unpack(v, view) for k, v in example.items()}
    return example


def _fetch_example(task):
    index, start, size = task
    example = _worker_dataset[index]
    if _worker_buffer is None or size <= 0:
        return example
    view = numpy.frombuffer(_worker_buffer, dtype=numpy.uint8)
    return _pack(example, view, [start], start + size)


class MultiprocessIterator(_prefetch.PrefetchingIterator):
    """Dataset iterator that reads examples in parallel in worker processes.

    The batches, their order and the epoch bookkeeping are exactly those of
    :class:`~chainer.iterators.SerialIterator`; the examples of each batch are
    read (``dataset[i]``, including any transformation the dataset does) by a
    pool of ``n_processes`` worker processes, up to ``n_prefetch`` batches ahead.

    The workers are started at the first :meth:`next` and stopped by
    :meth:`finalize` (also at the end of a ``with`` block, when the iterator is
    garbage-collected, and at interpreter exit).

    Args:
        dataset: the dataset; with the ``spawn`` and ``forkserver`` start methods
            it must be picklable.
        batch_size (int): the number of examples per batch.
        repeat (bool): cycle through the dataset endlessly.
        shuffle (bool): a new random order every epoch (default True unless
            ``order_sampler`` is given).
        n_processes (int): the number of worker processes (the number of CPUs
            by default).
        n_prefetch (int): how many batches are read ahead.
        shared_mem (int): the bytes of shared memory reserved per example: the
            arrays of an example that fit are passed through it instead of being
            pickled (faster for large examples). None pickles everything.
        order_sampler (callable): decides the order of each epoch (see
            :class:`~chainer.iterators.OrderSampler`).
        dataset_timeout (float): seconds after which a slow batch triggers a
            :class:`MultiprocessIterator.TimeoutWarning` (None or 0: never).
        maxtasksperchild (int): the number of examples a worker reads before it
            is replaced by a fresh process (None: never).
    """

    TimeoutWarning = TimeoutWarning
    _worker_attributes = ('_pool', '_buffer', '_pool_finalizer')

    def __init__(self, dataset, batch_size, repeat=True, shuffle=None,
                 n_processes=None, n_prefetch=1, shared_mem=None,
                 order_sampler=None, dataset_timeout=30.0, maxtasksperchild=None):
        if n_processes is None:
            n_processes = multiprocessing.cpu_count()
        if n_processes < 1:
            raise ValueError('n_processes must be at least 1, got {}'.format(
                n_processes))
        if shared_mem is not None and shared_mem < 0:
            raise ValueError('shared_mem must be a non-negative number of bytes or '
                             'None, got {}'.format(shared_mem))
        if maxtasksperchild is not None and maxtasksperchild < 1:
            raise ValueError('maxtasksperchild must be a positive int or None, got '
                             '{}'.format(maxtasksperchild))
        self.n_processes = n_processes
        self.shared_mem = shared_mem
        self.dataset_timeout = dataset_timeout
        self.maxtasksperchild = maxtasksperchild
        self._pool = None
        self._buffer = None
        self._pool_finalizer = None
        super(MultiprocessIterator, self).__init__(
            dataset, batch_size, repeat, shuffle, order_sampler, n_prefetch)

    def _ensure_pool(self):
        if self._pool is not None:
            return
        if self.shared_mem:
            slot_bytes = self.batch_size * int(self.shared_mem)
            self._buffer = multiprocessing.RawArray('B', slot_bytes * self.n_prefetch)
        else:
            self._buffer = None
        seed = int(numpy.random.randint(0, 2 ** 31 - 1))
        self._pool = multiprocessing.Pool(
            self.n_processes, initializer=_init_worker,
            initargs=(self.dataset, self._buffer, seed),
            maxtasksperchild=self.maxtasksperchild)
        # Terminate the workers when this iterator is collected, or at exit.
        self._pool_finalizer = weakref.finalize(self, _prefetch._shutdown_pool, self._pool)

    def _submit(self, indices, slot):
        self._ensure_pool()
        size = int(self.shared_mem or 0)
        base = slot * self.batch_size * size
        tasks = [(index, base + j * size, size) for j, index in enumerate(indices)]
        chunksize = max(1, len(tasks) // (self.n_processes * 4))
        return self._pool.map_async(_fetch_example, tasks, chunksize)

    def _receive(self, handle, slot):
        timeout = self.dataset_timeout
        if timeout:
            try:
                batch = handle.get(timeout)
            except multiprocessing.TimeoutError:
                warnings.warn(
                    'Reading a batch of {} examples has taken more than {} seconds '
                    'in the worker processes of MultiprocessIterator; is the dataset '
                    'slow, or a worker stuck?'.format(self.batch_size, timeout),
                    TimeoutWarning)
                batch = handle.get()
        else:
            batch = handle.get()
        if self._buffer is not None:
            view = numpy.frombuffer(self._buffer, dtype=numpy.uint8)
            batch = [_unpack(example, view) for example in batch]
        return batch

    def _shutdown(self):
        if self._pool_finalizer is not None:
            self._pool_finalizer()  # runs _shutdown_pool once
            self._pool_finalizer = None
        self._pool = None
        self._buffer = None

    def reset(self):
        """Go back to the start of the first epoch (batches read ahead are
        dropped). A finalized iterator cannot be reset (NotImplementedError)."""
        if getattr(self, '_finalized', False):
            raise NotImplementedError(
                'MultiprocessIterator: reset() after finalize() is not supported; '
                'make a new iterator')
        super(MultiprocessIterator, self).reset()

    def finalize(self):
        """Stop the worker processes; the iterator cannot be reset afterwards."""
        super(MultiprocessIterator, self).finalize()
        self._finalized = True

    def __getstate__(self):
        # The position, epoch and order travel; the workers, their shared memory
        # and the batches read ahead do not (the unpickled iterator starts
        # workers of its own and reads again from its position).
        return self._state_without_workers()

    def __setstate__(self, state):
        self.__dict__.update(state)

