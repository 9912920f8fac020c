#!/usr/bin/env python
"""Gradient averaging of ChainerMN against mpi4py's own Allreduce.

    mpiexec -n 2 python bench/chainermn_allreduce.py [--rounds 7] [--iters 40]
                                                    [--interleave] [--no-pin]

The gradients are those of the MLP of bench/workloads.py (784-1000-1000-10,
1,796,010 float32 values in 6 arrays). The variants timed:

* ``mpi4py in-place``: ``COMM_WORLD.Allreduce(IN_PLACE, buf)`` on one 1.8 M
  float32 buffer, always the same (the lower bound of any gradient sum);
* ``mpi4py out-of-place``: ``Allreduce(sendbuf, recvbuf)`` of the same buffer;
* ``mpi4py + mean``: in-place Allreduce then ``buf *= 1 / size`` (the same
  result as ChainerMN's: a mean, not a sum);
* ``mpi4py + mean, fresh``: the same on two buffers used in turn, as
  gradients are new arrays at every iteration;
* ``multi_node_mean_grad``: the naive communicator on the model, with new
  gradient arrays at every call (two sets used in turn, as after
  ``cleargrads`` and ``backward``);
* ``multi_node_mean_grad, reused``: the same, the gradient arrays being the
  same at every call (a loop that accumulates into them in place);
* ``(setting the grads)``: what assigning the 6 gradients costs (the
  ``multi_node_mean_grad`` rows include it).

Each process is pinned to a core of its own (rank ``r`` on the ``r``-th core
it may use; ``--no-pin`` leaves placement to the OS), because two processes of
an allreduce that the OS places on one core wait for each other's time slices
and every figure doubles. Every round times each variant ``iters`` times in a
row (after 3 untimed calls), so a variant finds its data where its own previous
call left it, as a training loop finds gradients that backward has just
written. ``--interleave`` instead runs every variant once per iteration (in
alternating order): all variants then see the same moments of machine load,
but each finds its data evicted by the others (on this machine, that costs
every variant that reads 7 MB about 1 ms more, in ms-long stalls).

It prints, per variant, the median over all calls (each call counted at its
slowest rank), the 10th percentile, the range of the per-round medians, and
the ratios of the medians to the first three mpi4py rows. Rank 0 prints.
"""
import argparse
import os
import time

import numpy

import chainer
import chainer.links as L

import chainermn


class MLP(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(784, 1000)
            self.l2 = L.Linear(1000, 1000)
            self.l3 = L.Linear(1000, 10)


def _pin(rank):
    if not hasattr(os, 'sched_setaffinity'):
        return None
    cores = sorted(os.sched_getaffinity(0))
    core = cores[rank % len(cores)]
    os.sched_setaffinity(0, [core])
    return core


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--rounds', type=int, default=7)
    parser.add_argument('--iters', type=int, default=40)
    parser.add_argument('--interleave', action='store_true',
                        help='run every variant once per iteration')
    parser.add_argument('--no-pin', action='store_true',
                        help='do not pin each process to a core of its own')
    args = parser.parse_args()

    from mpi4py import MPI
    world = MPI.COMM_WORLD
    comm = chainermn.create_communicator('naive')
    cores = world.gather(None if args.no_pin else _pin(comm.rank))
    model = MLP()
    params = [p for _, p in sorted(model.namedparams())]
    n = sum(p.size for p in params)
    rng = numpy.random.RandomState(comm.rank)
    # Two sets of new gradients, used in turn, and one set always the same.
    grad_sets = [[rng.uniform(-1, 1, p.shape).astype(numpy.float32)
                  for p in params] for _ in range(2)]
    kept = [rng.uniform(-1, 1, p.shape).astype(numpy.float32) for p in params]
    buf = rng.uniform(-1, 1, n).astype(numpy.float32)
    recv = numpy.empty_like(buf)
    fresh = [rng.uniform(-1, 1, n).astype(numpy.float32) for _ in range(2)]
    inv = numpy.float32(1. / comm.size)
    IN_PLACE, SUM = MPI.IN_PLACE, MPI.SUM

    def set_grads(i):
        for p, g in zip(params, grad_sets[i]):
            p.grad = g

    def mean_grad(i):
        set_grads(i)
        comm.multi_node_mean_grad(model)

    def mean_grad_reused(i):
        for p, g in zip(params, kept):
            p.grad = g
        comm.multi_node_mean_grad(model)

    def mpi_in_place(i):
        world.Allreduce(IN_PLACE, buf, op=SUM)

    def mpi_out_of_place(i):
        world.Allreduce(buf, recv, op=SUM)

    def mpi_mean(i):
        world.Allreduce(IN_PLACE, buf, op=SUM)
        numpy.multiply(buf, inv, out=buf)

    def mpi_fresh_mean(i):
        b = fresh[i]
        world.Allreduce(IN_PLACE, b, op=SUM)
        numpy.multiply(b, inv, out=b)

    variants = [('mpi4py in-place', mpi_in_place),
                ('mpi4py + mean', mpi_mean),
                ('mpi4py + mean, fresh', mpi_fresh_mean),
                ('mpi4py out-of-place', mpi_out_of_place),
                ('multi_node_mean_grad', mean_grad),
                ('mean_grad, reused', mean_grad_reused),
                ('(setting the grads)', set_grads)]
    names = [name for name, _ in variants]
    times = {name: [] for name in names}     # per round, per call
    for r in range(args.rounds):
        for name, f in variants:             # warm-up
            for i in range(3):
                f(i % 2)
        per = {name: [] for name in names}
        if not args.interleave:
            for name, f in variants:
                for i in range(args.iters):
                    world.Barrier()
                    t0 = time.perf_counter()
                    f(i % 2)
                    per[name].append(time.perf_counter() - t0)
        else:
            for i in range(args.iters):
                order = variants if i % 2 == 0 else variants[::-1]
                for name, f in order:
                    world.Barrier()
                    t0 = time.perf_counter()
                    f(i % 2)
                    per[name].append(time.perf_counter() - t0)
        for name in names:
            # Each call counts at its slowest rank.
            t = numpy.array(per[name])
            world.Allreduce(IN_PLACE, t, op=MPI.MAX)
            times[name].append(t * 1e3)

    if comm.rank == 0:
        load = os.getloadavg()[0] if hasattr(os, 'getloadavg') else float('nan')
        print('{} processes (cores {}), {} float32 gradients in {} arrays, {} rounds x '
              '{} calls, {}, load average {:.2f}'.format(
                  comm.size, 'not pinned' if args.no_pin else cores, n, len(params),
                  args.rounds, args.iters,
                  'interleaved' if args.interleave else 'in blocks', load))
        med = {name: float(numpy.median(numpy.concatenate(times[name])))
               for name in names}
        print('{:22s} {:>7s} {:>6s} {:>15s} {:>8s} {:>8s} {:>8s}'.format(
            'variant', 'median', 'p10', 'rounds (ms)', 'vs in-pl', 'vs +mean',
            'vs fresh'))
        for name in names:
            allt = numpy.concatenate(times[name])
            rounds = [numpy.median(t) for t in times[name]]
            print('{:22s} {:7.3f} {:6.3f} {:6.3f} - {:6.3f} {:7.2f}x {:7.2f}x '
                  '{:7.2f}x'.format(
                      name, med[name], numpy.percentile(allt, 10), min(rounds),
                      max(rounds), med[name] / med['mpi4py in-place'],
                      med[name] / med['mpi4py + mean'],
                      med[name] / med['mpi4py + mean, fresh']))


if __name__ == '__main__':
    main()
