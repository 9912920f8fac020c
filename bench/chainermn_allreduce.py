#!/usr/bin/env python
"""Gradient averaging of ChainerMN against mpi4py's own Allreduce.

    mpiexec -n 2 python bench/chainermn_allreduce.py [--rounds 7] [--iters 50]

The gradients are those of the MLP of bench/workloads.py (784-1000-1000-10,
1,796,010 float32 values in 6 arrays). Every round times, interleaved:

* ``mpi4py in-place``: ``COMM_WORLD.Allreduce(IN_PLACE, buf)`` on one 1.8 M
  float32 buffer (the lower bound of any gradient sum);
* ``mpi4py out-of-place``: ``Allreduce(sendbuf, recvbuf)`` of the same buffer;
* ``mpi4py + mean``: in-place Allreduce then ``buf *= 1 / size`` (the same
  result as ChainerMN's: a mean, not a sum);
* ``mpi4py, fresh buffer`` and ``mpi4py + mean, fresh``: the same on two
  buffers used in turn, whose memory is as cold as gradients just computed;
* ``multi_node_mean_grad``: the naive communicator on the model, with fresh
  gradient arrays every iteration (as after ``cleargrads`` and ``backward``);
* ``allreduce_grad``: its deprecated alias.

It prints, per variant, the median over rounds of the per-round median time
per call, with the spread (min - max of the round medians), and the ratio to
the mpi4py in-place and out-of-place figures. Rank 0 prints.
"""
import argparse
import time
import warnings

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--rounds', type=int, default=7)
    parser.add_argument('--iters', type=int, default=50)
    args = parser.parse_args()

    from mpi4py import MPI
    world = MPI.COMM_WORLD
    comm = chainermn.create_communicator('naive')
    model = MLP()
    params = [p for _, p in sorted(model.namedparams())]
    n = sum(p.size for p in params)
    rng = numpy.random.RandomState(comm.rank)
    # Two sets of fresh gradients, used alternately.
    grad_sets = [[rng.uniform(-1, 1, p.shape).astype(numpy.float32)
                  for p in params] for _ in range(2)]
    buf = rng.uniform(-1, 1, n).astype(numpy.float32)
    recv = numpy.empty_like(buf)
    # Two more buffers used alternately: memory as cold as fresh gradients.
    fresh = [rng.uniform(-1, 1, n).astype(numpy.float32) for _ in range(2)]
    inv = numpy.float32(1. / comm.size)
    state = {'i': 0}

    def set_fresh_grads():
        state['i'] ^= 1
        for p, g in zip(params, grad_sets[state['i']]):
            p.grad = g

    def mean_grad():
        set_fresh_grads()
        comm.multi_node_mean_grad(model)

    def allreduce_grad():
        set_fresh_grads()
        comm.allreduce_grad(model)

    def mpi_in_place():
        world.Allreduce(MPI.IN_PLACE, buf, op=MPI.SUM)

    def mpi_out_of_place():
        world.Allreduce(buf, recv, op=MPI.SUM)

    def mpi_mean():
        world.Allreduce(MPI.IN_PLACE, buf, op=MPI.SUM)
        numpy.multiply(buf, inv, out=buf)

    def mpi_fresh():
        state['i'] ^= 1
        world.Allreduce(MPI.IN_PLACE, fresh[state['i']], op=MPI.SUM)

    def mpi_fresh_mean():
        state['i'] ^= 1
        b = fresh[state['i']]
        world.Allreduce(MPI.IN_PLACE, b, op=MPI.SUM)
        numpy.multiply(b, inv, out=b)

    def reset_grads_cost():
        set_fresh_grads()

    variants = [('mpi4py in-place', mpi_in_place),
                ('mpi4py out-of-place', mpi_out_of_place),
                ('mpi4py + mean', mpi_mean),
                ('mpi4py, fresh buffer', mpi_fresh),
                ('mpi4py + mean, fresh', mpi_fresh_mean),
                ('multi_node_mean_grad', mean_grad),
                ('allreduce_grad', allreduce_grad),
                ('(setting the grads)', reset_grads_cost)]
    warnings.simplefilter('ignore', DeprecationWarning)
    medians = {name: [] for name, _ in variants}
    for _ in range(args.rounds):
        for name, f in variants:
            for _ in range(3):
                f()
            times = []
            for _ in range(args.iters):
                world.Barrier()
                t0 = time.perf_counter()
                f()
                times.append(time.perf_counter() - t0)
            # The slowest rank decides.
            med = world.allreduce(float(numpy.median(times)), op=MPI.MAX)
            medians[name].append(med * 1e3)

    if comm.rank == 0:
        print('{} processes, {} float32 gradients in {} arrays, {} rounds x {} '
              'calls'.format(comm.size, n, len(params), args.rounds, args.iters))
        base_in = numpy.median(medians['mpi4py in-place'])
        base_mean = numpy.median(medians['mpi4py + mean, fresh'])
        print('{:24s} {:>9s} {:>17s} {:>10s} {:>12s}'.format(
            'variant', 'ms/call', 'spread (ms)', 'vs in-pl.', 'vs mean,fresh'))
        for name, _ in variants:
            m = numpy.array(medians[name])
            print('{:24s} {:9.3f} {:8.3f} - {:6.3f} {:9.2f}x {:11.2f}x'.format(
                name, numpy.median(m), m.min(), m.max(), numpy.median(m) / base_in,
                numpy.median(m) / base_mean))


if __name__ == '__main__':
    main()
