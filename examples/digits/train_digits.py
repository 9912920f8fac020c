#!/usr/bin/env python
"""Train a multi-layer perceptron on handwritten digits with the Trainer.

The data are the UCI "Optical Recognition of Handwritten Digits" images bundled
with this example (digits.csv.gz: 1797 images of 8x8 pixels, values 0..16, with
their labels), so it runs without any download. 80 % of the images train the
network, the other 20 % test it after every epoch.

    python examples/digits/train_digits.py            # trains in a few seconds
    python examples/digits/train_digits.py --resume result/snapshot_epoch_10

The output folder (``result/`` by default) receives the log, the loss and
accuracy plots and a snapshot of the training, from which ``--resume`` continues.
"""
import argparse
import gzip
import os

import numpy

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import training
from chainer.training import extensions

DATA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         'digits.csv.gz')


def load_digits(path=DATA_PATH):
    """The digits as (images, labels): float32 images of 64 values in [0, 1]."""
    with gzip.open(path, 'rt') as f:
        table = numpy.loadtxt(f, delimiter=',', dtype=numpy.int64)
    images = (table[:, :64] / 16.).astype(numpy.float32)
    labels = table[:, 64].astype(numpy.int32)
    return images, labels


class MLP(chainer.Chain):
    """Two hidden layers of ReLU units and a linear output layer."""

    def __init__(self, n_units, n_out):
        super(MLP, self).__init__()
        with self.init_scope():
            # The input size is inferred at the first forward pass.
            self.l1 = L.Linear(None, n_units)
            self.l2 = L.Linear(None, n_units)
            self.l3 = L.Linear(None, n_out)

    def forward(self, x):
        h1 = F.relu(self.l1(x))
        h2 = F.relu(self.l2(h1))
        return self.l3(h2)


def main():
    parser = argparse.ArgumentParser(description='Chainer example: digits')
    parser.add_argument('--batchsize', '-b', type=int, default=32,
                        help='Number of images in each mini-batch')
    parser.add_argument('--epoch', '-e', type=int, default=20,
                        help='Number of sweeps over the training data')
    parser.add_argument('--frequency', '-f', type=int, default=-1,
                        help='Frequency of taking a snapshot (epochs; -1: at the '
                        'end)')
    parser.add_argument('--device', '-d', type=str, default='-1',
                        help='Device specifier: -1 or @numpy for the CPU, a GPU id '
                        'or @cupy:N for a GPU')
    parser.add_argument('--out', '-o', default='result',
                        help='Directory to output the result')
    parser.add_argument('--resume', '-r', type=str,
                        help='Resume the training from this snapshot')
    parser.add_argument('--unit', '-u', type=int, default=100,
                        help='Number of units in each hidden layer')
    parser.add_argument('--seed', type=int, default=0,
                        help='Random seed (initial weights, split, shuffling)')
    parser.add_argument('--noplot', dest='plot', action='store_false',
                        help='Disable the PlotReport extension')
    args = parser.parse_args()

    chainer.utils.tune_malloc()  # reuse freed memory across steps (glibc only)
    numpy.random.seed(args.seed)
    device = chainer.get_device(args.device)

    print('Device: {}'.format(device))
    print('# unit: {}'.format(args.unit))
    print('# Minibatch-size: {}'.format(args.batchsize))
    print('# epoch: {}'.format(args.epoch))
    print('')

    # The model: an MLP with a softmax cross entropy loss and accuracy report.
    model = L.Classifier(MLP(args.unit, 10))
    model.to_device(device)
    device.use()

    optimizer = chainer.optimizers.Adam()
    optimizer.setup(model)

    images, labels = load_digits()
    dataset = chainer.datasets.TupleDataset(images, labels)
    train, test = chainer.datasets.split_dataset_random(
        dataset, int(len(dataset) * 0.8), seed=args.seed)

    train_iter = chainer.iterators.SerialIterator(
        train, args.batchsize, order_sampler=chainer.iterators.ShuffleOrderSampler(
            numpy.random.RandomState(args.seed)))
    test_iter = chainer.iterators.SerialIterator(
        test, args.batchsize, repeat=False, shuffle=False)

    updater = training.updaters.StandardUpdater(train_iter, optimizer,
                                                device=device)
    trainer = training.Trainer(updater, (args.epoch, 'epoch'), out=args.out)

    # Evaluate on the test images after every epoch.
    trainer.extend(extensions.Evaluator(test_iter, model, device=device))

    # A snapshot of the whole training, to resume from (the latest one is kept).
    frequency = args.epoch if args.frequency == -1 else max(1, args.frequency)
    trainer.extend(extensions.snapshot(filename='snapshot_epoch_{.updater.epoch}',
                                       n_retains=1),
                   trigger=(frequency, 'epoch'))

    # Log the averages of every epoch to result/log, plot them, and print them.
    trainer.extend(extensions.LogReport())
    if args.plot and extensions.PlotReport.available():
        trainer.extend(extensions.PlotReport(
            ['main/loss', 'validation/main/loss'], 'epoch', filename='loss.png'))
        trainer.extend(extensions.PlotReport(
            ['main/accuracy', 'validation/main/accuracy'], 'epoch',
            filename='accuracy.png'))
    trainer.extend(extensions.PrintReport(
        ['epoch', 'main/loss', 'validation/main/loss', 'main/accuracy',
         'validation/main/accuracy', 'elapsed_time']))
    trainer.extend(extensions.ProgressBar(update_interval=10))

    if args.resume:
        chainer.serializers.load_npz(args.resume, trainer)

    trainer.run()

    log = trainer.get_extension('LogReport').log
    if log:
        print('Final test accuracy: {:.4f}'.format(
            log[-1]['validation/main/accuracy']))


if __name__ == '__main__':
    main()
