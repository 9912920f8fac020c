"""One training step of the reference CNN (run by hand, not in CI).

    PYTHONPATH=src python bench/cnn_step.py

Two 3x3 convolutions (3 -> 32 -> 64 channels, pad 1), each followed by ReLU and
2x2 max pooling, then a linear layer to 10 classes; batch of 64 images 3x32x32;
softmax cross entropy; MomentumSGD. The parameters are held by a Chain of plain
Parameters so that this runs before the convolution links exist. Prints the best
and median time per step and a breakdown of the forward/backward time by function.
"""
import collections
import time

import numpy

import chainer
import chainer.functions as F
from chainer import function_hook


class CNN(chainer.Chain):

    def __init__(self):
        super().__init__()
        rng = numpy.random.default_rng(0)

        def param(shape, fan_in):
            return chainer.Parameter(
                (rng.standard_normal(shape) / numpy.sqrt(fan_in)).astype(numpy.float32))
        with self.init_scope():
            self.W1 = param((32, 3, 3, 3), 27)
            self.b1 = chainer.Parameter(numpy.zeros(32, numpy.float32))
            self.W2 = param((64, 32, 3, 3), 288)
            self.b2 = chainer.Parameter(numpy.zeros(64, numpy.float32))
            self.W3 = param((10, 64 * 8 * 8), 64 * 8 * 8)
            self.b3 = chainer.Parameter(numpy.zeros(10, numpy.float32))

    def forward(self, x):
        h = F.max_pooling_2d(F.relu(F.convolution_2d(x, self.W1, self.b1, pad=1)), 2)
        h = F.max_pooling_2d(F.relu(F.convolution_2d(h, self.W2, self.b2, pad=1)), 2)
        return F.linear(h, self.W3, self.b3)


class _Timer(function_hook.FunctionHook):
    name = 'bench_timer'

    def __init__(self):
        self.times = collections.defaultdict(float)
        self._start = {}

    def forward_preprocess(self, function, in_data):
        self._start[id(function), 'f'] = time.perf_counter()

    def forward_postprocess(self, function, in_data):
        self.times[function.label + ' fwd'] += (
            time.perf_counter() - self._start.pop((id(function), 'f')))

    def backward_preprocess(self, function, in_data, out_grad):
        self._start[id(function), 'b'] = time.perf_counter()

    def backward_postprocess(self, function, in_data, out_grad):
        self.times[function.label + ' bwd'] += (
            time.perf_counter() - self._start.pop((id(function), 'b')))


def main():
    rng = numpy.random.default_rng(1)
    x = rng.standard_normal((64, 3, 32, 32), dtype=numpy.float32)
    t = rng.integers(0, 10, 64).astype(numpy.int32)
    model = CNN()
    optimizer = chainer.optimizers.MomentumSGD(lr=0.01, momentum=0.9)
    optimizer.setup(model)

    def step():
        loss = F.softmax_cross_entropy(model(x), t)
        model.cleargrads()
        loss.backward()
        optimizer.update()
        return loss

    for _ in range(3):
        step()
    times = []
    for _ in range(30):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    print('CNN step (batch 64, 3x32x32, float32): best {:.1f} ms, median {:.1f} ms '
          '(target <= 40 ms)'.format(min(times) * 1e3, numpy.median(times) * 1e3))

    timer = _Timer()
    n = 10
    with timer:
        for _ in range(n):
            step()
    print('per-step time by function (ms, mean of {} steps):'.format(n))
    for key, value in sorted(timer.times.items(), key=lambda kv: -kv[1]):
        print('  {:40s} {:6.2f}'.format(key, value / n * 1e3))


if __name__ == '__main__':
    main()
