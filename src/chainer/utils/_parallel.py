"""Running NumPy kernels on a few threads.

The memory-bound stages of convolution and pooling (patch copies, col2im
additions, transposes, window maxima) are single-threaded in NumPy, while NumPy
releases the GIL inside them. :func:`parallel_slices` splits such a stage along
one axis into independent parts and runs them on a small thread pool, so that a
machine with several cores works on all of them at once (as BLAS already does for
the GEMMs).

The number of threads is ``min(4, os.cpu_count())`` unless the environment
variable ``CHAINER_FUNCTION_THREADS`` sets it (1 disables threading). Work smaller
than :data:`MIN_PARALLEL_SIZE` elements, CuPy arrays, and calls made from a
worker thread run in the calling thread.
"""
import os
import threading

import numpy


def _n_threads():
    value = os.environ.get('CHAINER_FUNCTION_THREADS')
    if value is not None:
        try:
            return max(1, int(value))
        except ValueError:
            pass
    return max(1, min(4, os.cpu_count() or 1))


N_THREADS = _n_threads()
MIN_PARALLEL_SIZE = 1 << 16

_pool = None
_pool_lock = threading.Lock()
_local = threading.local()


def _get_pool():
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                import concurrent.futures
                _pool = concurrent.futures.ThreadPoolExecutor(
                    max_workers=N_THREADS - 1, thread_name_prefix='chainer-function',
                    initializer=_mark_worker)
    return _pool


def _mark_worker():
    _local.worker = True


def _forget_pool_in_child():
    # A forked child has none of the parent's worker threads.
    global _pool, _pool_lock
    _pool = None
    _pool_lock = threading.Lock()


if hasattr(os, 'register_at_fork'):
    os.register_at_fork(after_in_child=_forget_pool_in_child)


def parallel_slices(kernel, extent, work, array=None):
    """Call ``kernel(slice)`` for slices that partition ``range(extent)``.

    The slices run in parallel threads when ``work`` (the number of elements
    processed in all) is large enough and ``array`` (if given) is a NumPy array;
    otherwise ``kernel(slice(0, extent))`` is called once. ``kernel`` must only
    write to parts of arrays selected by its slice.
    """
    n = min(N_THREADS, extent)
    if n < 2 or work < MIN_PARALLEL_SIZE or getattr(_local, 'worker', False) or (
            array is not None and type(array) is not numpy.ndarray):
        kernel(slice(0, extent))
        return
    bounds = [extent * i // n for i in range(n + 1)]
    pool = _get_pool()
    futures = [pool.submit(kernel, slice(bounds[i], bounds[i + 1]))
               for i in range(1, n)]
    try:
        kernel(slice(bounds[0], bounds[1]))
    finally:
        for f in futures:
            f.result()
