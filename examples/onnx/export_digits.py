#!/usr/bin/env python
"""Export the digits classifier to ONNX and run it in ONNX Runtime.

The model is the MLP of ``examples/digits/train_digits.py``. It is trained here
for a few epochs (or loaded with ``--model`` from an ``.npz`` file written by
``chainer.serializers.save_npz``), exported with ``onnx_chainer.export`` with a
free batch size, and run by ONNX Runtime on the test images; the script checks
that both give the same predictions and prints their accuracies.

    pip install -e ".[onnx]"                   # onnx and onnxruntime
    python examples/onnx/export_digits.py      # writes digits.onnx

Only ONNX Runtime is needed to use ``digits.onnx`` afterwards::

    import onnxruntime
    session = onnxruntime.InferenceSession('digits.onnx')
    scores, = session.run(None, {'x': images})   # images: float32 (N, 64)
"""
import argparse
import os
import sys

import numpy

import chainer
import chainer.functions as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'digits'))

from train_digits import load_digits  # NOQA
from train_digits import MLP  # NOQA


def train(model, images, labels, epochs, batchsize, seed):
    """A few epochs of Adam on ``(images, labels)``."""
    optimizer = chainer.optimizers.Adam()
    optimizer.setup(model)
    rng = numpy.random.RandomState(seed)
    for epoch in range(epochs):
        order = rng.permutation(len(images))
        for start in range(0, len(images), batchsize):
            batch = order[start:start + batchsize]
            loss = F.softmax_cross_entropy(model(images[batch]), labels[batch])
            model.cleargrads()
            loss.backward()
            optimizer.update()
        print('epoch {}: loss {:.4f}'.format(epoch + 1, float(loss.array)))


def main():
    parser = argparse.ArgumentParser(description='Export the digits MLP to ONNX')
    parser.add_argument('--epoch', '-e', type=int, default=5,
                        help='Number of training epochs (when --model is not given)')
    parser.add_argument('--batchsize', '-b', type=int, default=32)
    parser.add_argument('--unit', '-u', type=int, default=100,
                        help='Number of units in each hidden layer')
    parser.add_argument('--model', '-m', default=None,
                        help='Load the MLP from this .npz instead of training')
    parser.add_argument('--out', '-o', default='digits.onnx',
                        help='Where to write the ONNX model')
    parser.add_argument('--opset', type=int, default=None,
                        help='ONNX opset (default: the newest supported, <= 11)')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()

    import onnx_chainer
    try:
        import onnxruntime
    except ImportError as e:
        sys.exit('{}\nThis example needs onnx and onnxruntime: '
                 'pip install "chainer[onnx]"'.format(e))

    numpy.random.seed(args.seed)
    images, labels = load_digits()
    split = int(len(images) * 0.8)
    order = numpy.random.RandomState(args.seed).permutation(len(images))
    train_idx, test_idx = order[:split], order[split:]

    model = MLP(args.unit, 10)
    if args.model:
        model(images[:1])  # create the parameters before loading them
        chainer.serializers.load_npz(args.model, model)
    else:
        train(model, images[train_idx], labels[train_idx], args.epoch,
              args.batchsize, args.seed)

    # Export: one forward pass on an example batch is traced; the batch size of
    # the graph input is left free ('batch').
    onnx_chainer.export(model, images[test_idx[:1]], filename=args.out,
                        input_names=['x'], output_names=['scores'],
                        input_shapes=('batch', 64), opset_version=args.opset,
                        no_testcase=True)
    print('exported to {} ({} bytes)'.format(args.out, os.path.getsize(args.out)))

    test_images, test_labels = images[test_idx], labels[test_idx]
    with chainer.using_config('train', False), chainer.no_backprop_mode():
        chainer_scores = model(test_images).array
    session = onnxruntime.InferenceSession(args.out,
                                           providers=['CPUExecutionProvider'])
    onnx_scores, = session.run(None, {'x': test_images})

    chainer_pred = chainer_scores.argmax(axis=1)
    onnx_pred = onnx_scores.argmax(axis=1)
    max_diff = float(numpy.abs(chainer_scores - onnx_scores).max())
    print('test images: {}'.format(len(test_images)))
    print('accuracy  chainer: {:.4f}  onnxruntime: {:.4f}'.format(
        (chainer_pred == test_labels).mean(), (onnx_pred == test_labels).mean()))
    print('same predictions: {}  (largest score difference {:.2e})'.format(
        bool((chainer_pred == onnx_pred).all()), max_diff))
    if not (chainer_pred == onnx_pred).all():
        sys.exit('the predictions differ')


if __name__ == '__main__':
    main()
