"""MultithreadIterator: examples read by a pool of threads."""
from multiprocessing import pool as _pool
import weakref

from chainer.iterators import _prefetch


class MultithreadIterator(_prefetch.PrefetchingIterator):
    """Dataset iterator that reads examples in parallel in threads.

    The batches, their order and the epoch bookkeeping are exactly those of
    :class:`~chainer.iterators.SerialIterator`; the examples are read by
    ``n_threads`` threads, one batch ahead. Threads help when reading is I/O
    bound (files, decompression) or releases the GIL.

    Args:
        dataset: the dataset.
        batch_size (int): the number of examples per batch.
        repeat (bool): cycle through the dataset endlessly.
        shuffle (bool): a new random order every epoch (default True unless
            ``order_sampler`` is given).
        n_threads (int): the number of threads.
        order_sampler (callable): decides the order of each epoch.
    """

    _worker_attributes = ('_pool', '_pool_finalizer')

    def __init__(self, dataset, batch_size, repeat=True, shuffle=None,
                 n_threads=1, order_sampler=None):
        if n_threads < 1:
            raise ValueError('n_threads must be at least 1, got {}'.format(n_threads))
        self.n_threads = n_threads
        self._pool = None
        self._pool_finalizer = None
        super(MultithreadIterator, self).__init__(
            dataset, batch_size, repeat, shuffle, order_sampler, 1)

    def _submit(self, indices, slot):
        if self._pool is None:
            self._pool = _pool.ThreadPool(self.n_threads)
            self._pool_finalizer = weakref.finalize(self, _prefetch._shutdown_pool, self._pool)
        dataset = self.dataset
        return self._pool.map_async(dataset.__getitem__, indices)

    def _receive(self, handle, slot):
        return handle.get()

    def _shutdown(self):
        if self._pool_finalizer is not None:
            self._pool_finalizer()
            self._pool_finalizer = None
        self._pool = None
