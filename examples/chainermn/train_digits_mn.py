#!/usr/bin/env python
"""Data-parallel training on the bundled handwritten digits with ChainerMN.

The same network and data as examples/digits/train_digits.py, trained by
several processes at once: rank 0 splits the training and test sets among the
processes (``scatter_dataset``), each process computes the gradients of its
share of every mini-batch, the multi-node optimizer averages them over all
processes before each update, and the multi-node evaluator averages the test
results. Start it with one process per CPU core (or GPU):

    mpiexec -n 2 python examples/chainermn/train_digits_mn.py
    mpiexec -n 4 python examples/chainermn/train_digits_mn.py --gpu   # 4 GPUs

``--batchsize`` is the global mini-batch: every process takes
``batchsize / n`` examples of it, so an epoch has as many updates as in the
single-process example and the accuracy matches it (about 0.97).
Needs mpi4py and an MPI library: ``pip install -e ".[mpi]"``.
"""
import argparse
import os
import sys

import numpy

import chainer
import chainer.links as L
from chainer import training
from chainer.training import extensions

import chainermn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'digits'))
from train_digits import load_digits  # NOQA
from train_digits import MLP  # NOQA


def main():
    parser = argparse.ArgumentParser(description='ChainerMN example: digits')
    parser.add_argument('--batchsize', '-b', type=int, default=32,
                        help='Global mini-batch size (split among the processes)')
    parser.add_argument('--epoch', '-e', type=int, default=20,
                        help='Number of sweeps over the training data')
    parser.add_argument('--gpu', '-g', action='store_true',
                        help='One GPU per process (pure_nccl communicator)')
    parser.add_argument('--communicator', default=None,
                        help='Communicator (default: pure_nccl with --gpu, '
                        'naive otherwise)')
    parser.add_argument('--out', '-o', default='result_mn',
                        help='Directory to output the result (rank 0)')
    parser.add_argument('--unit', '-u', type=int, default=100,
                        help='Number of units in each hidden layer')
    parser.add_argument('--seed', type=int, default=0,
                        help='Random seed (initial weights, split, shuffling)')
    args = parser.parse_args()

    name = args.communicator or ('pure_nccl' if args.gpu else 'naive')
    comm = chainermn.create_communicator(name)
    device = chainer.get_device(
        '@cupy:{}'.format(comm.intra_rank) if args.gpu else '@numpy')
    local_batchsize = max(1, args.batchsize // comm.size)

    if comm.rank == 0:
        print('Processes: {} ({} communicator)'.format(comm.size, name))
        print('Device of rank 0: {}'.format(device))
        print('# unit: {}'.format(args.unit))
        print('# Minibatch-size: {} ({} per process)'.format(
            local_batchsize * comm.size, local_batchsize))
        print('# epoch: {}'.format(args.epoch))
        print('')

    # The initial weights of rank 0 are copied to every process by the
    # multi-node optimizer at its first update.
    numpy.random.seed(args.seed + comm.rank)
    model = L.Classifier(MLP(args.unit, 10))
    model.to_device(device)
    device.use()

    optimizer = chainermn.create_multi_node_optimizer(
        chainer.optimizers.Adam(), comm)
    optimizer.setup(model)

    # Rank 0 reads and splits the data; every process gets its own share.
    if comm.rank == 0:
        images, labels = load_digits()
        dataset = chainer.datasets.TupleDataset(images, labels)
        train, test = chainer.datasets.split_dataset_random(
            dataset, int(len(dataset) * 0.8), seed=args.seed)
    else:
        train, test = None, None
    train = chainermn.scatter_dataset(train, comm, shuffle=True, seed=args.seed)
    test = chainermn.scatter_dataset(test, comm)

    train_iter = chainer.iterators.SerialIterator(
        train, local_batchsize,
        order_sampler=chainer.iterators.ShuffleOrderSampler(
            numpy.random.RandomState(args.seed + comm.rank)))
    test_iter = chainer.iterators.SerialIterator(
        test, local_batchsize, repeat=False, shuffle=False)

    updater = training.updaters.StandardUpdater(train_iter, optimizer,
                                                device=device)
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)

    # The test results of all processes are averaged.
    evaluator = extensions.Evaluator(test_iter, model, device=device)
    trainer.extend(chainermn.create_multi_node_evaluator(evaluator, comm))

    # Only rank 0 logs and prints (the others would repeat it).
    if comm.rank == 0:
        trainer.extend(extensions.LogReport())
        trainer.extend(extensions.PrintReport(
            ['epoch', 'main/loss', 'validation/main/loss', 'main/accuracy',
             'validation/main/accuracy', 'elapsed_time']))

    trainer.run()

    if comm.rank == 0:
        log = trainer.get_extension('LogReport').log
        if log:
            print('Final test accuracy: {:.4f}'.format(
                log[-1]['validation/main/accuracy']))


if __name__ == '__main__':
    main()
