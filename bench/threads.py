"""Why a second thread pool does not get the second core between GEMMs (issue 17).

    python bench/threads.py          # needs numba (the fast extra)

NumPy's OpenBLAS (pthreads build) keeps its worker threads busy-waiting, in user
space, for a long time after each multi-threaded GEMM (``OPENBLAS_THREAD_TIMEOUT``,
read once when the library loads). Between the GEMMs of a training step the
worker therefore holds the other core, and a thread of any other pool -- numba's
``parallel=True`` loops, a Python thread pool -- gets it only when the scheduler
preempts the spinning worker. This script shows both halves:

1. the CPU time of each thread of the process while it alternates a GEMM with
   a millisecond of other (single-threaded) work: the worker's user time is
   about the wall time;
2. a ``numba.prange`` elementwise pass (ReLU's gradient on 4 Mi floats), serial
   and parallel, timed alone and right after a GEMM.

Run it with ``OPENBLAS_THREAD_TIMEOUT=4`` (the worker sleeps at once) or
``OMP_WAIT_POLICY=passive`` (numba's OpenMP threads sleep at once) to compare.
"""
import os
import statistics
import time

import numba
import numpy


def _thread_times():
    out = {}
    for tid in os.listdir('/proc/self/task'):
        with open('/proc/self/task/{}/stat'.format(tid)) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        out[tid] = (int(fields[11]), int(fields[12]))  # utime, stime (ticks)
    return out


def _relu_grad(y, gy, gx):
    for i in numba.prange(y.size):
        gx[i] = gy[i] if y[i] > 0 else gy[i] * 0


relu_grad_serial = numba.njit(nogil=True)(_relu_grad)
relu_grad_parallel = numba.njit(nogil=True, parallel=True)(_relu_grad)


def main():
    rng = numpy.random.default_rng(0)
    a = rng.standard_normal((64, 300)).astype(numpy.float32)
    b = rng.standard_normal((300, 16384)).astype(numpy.float32)
    for _ in range(10):
        a @ b
    tick = os.sysconf('SC_CLK_TCK')
    before = _thread_times()
    end = time.perf_counter() + 1.0
    wall0 = time.perf_counter()
    while time.perf_counter() < end:
        a @ b
        t = time.perf_counter() + 1e-3
        while time.perf_counter() < t:
            pass
    wall = time.perf_counter() - wall0
    after = _thread_times()
    print('1. GEMM + 1 ms of other work, for {:.2f} s: CPU seconds per thread'.format(
        wall))
    for tid in sorted(after):
        u0, s0 = before.get(tid, (0, 0))
        print('   thread {}: user {:.2f}  system {:.2f}'.format(
            tid, (after[tid][0] - u0) / tick, (after[tid][1] - s0) / tick))

    y = rng.standard_normal(1 << 22).astype(numpy.float32)
    gy = rng.standard_normal(y.size).astype(numpy.float32)
    gx = numpy.empty_like(y)
    print('2. ReLU gradient on {} floats (numba threads: {}), 31 calls, us:'.format(
        y.size, numba.get_num_threads()))
    print('   {:<23} {:>8} {:>8}'.format('', 'median', 'best'))
    for gemm_first in (False, True):
        for name, kernel in (('serial', relu_grad_serial),
                             ('parallel', relu_grad_parallel)):
            kernel(y, gy, gx)
            times = []
            for _ in range(31):
                if gemm_first:
                    a @ b
                t0 = time.perf_counter()
                kernel(y, gy, gx)
                times.append(time.perf_counter() - t0)
            print('   {:<14} {:<8} {:8.0f} {:8.0f}'.format(
                'after a GEMM' if gemm_first else 'alone', name,
                statistics.median(times) * 1e6, min(times) * 1e6))
    print('   numba threading layer:', numba.threading_layer())


if __name__ == '__main__':
    main()
