"""Time of one optimizer update (the update alone, no forward/backward).

The model is the 784-1000-1000-10 MLP (1.79 M parameters) with gradients filled
in; the figure is the median time of ``optimizer.update()`` in milliseconds.

    PYTHONPATH=src python bench/micro_optimizer.py [--optimizer Adam] [--repeat 200]
"""
import argparse
import os
import sys
import time

import numpy

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'src'))

import chainer  # NOQA
import chainer.links as L  # NOQA
from chainer import optimizers  # NOQA


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--optimizer', default='Adam')
    parser.add_argument('--repeat', type=int, default=200)
    parser.add_argument('--dtype', default='float32')
    args = parser.parse_args()

    dtype = numpy.dtype(args.dtype)
    with chainer.using_config('dtype', dtype):
        model = chainer.Sequential(L.Linear(784, 1000), L.Linear(1000, 1000),
                                   L.Linear(1000, 10))
    for p in model.params():
        p.array = p.array.astype(dtype)
    opt = getattr(optimizers, args.optimizer)().setup(model)
    rng = numpy.random.RandomState(0)
    for p in model.params():
        p.grad = rng.standard_normal(p.shape).astype(dtype) * 1e-3
    n_params = model.count_params()
    for _ in range(5):
        opt.update()
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        opt.update()
        times.append(time.perf_counter() - start)
    times = numpy.array(times) * 1e3
    print('{} update of {:.2f} M {} parameters: median {:.3f} ms, min {:.3f} ms '
          '(threads: {})'.format(args.optimizer, n_params / 1e6, dtype.name,
                                 numpy.median(times), times.min(),
                                 chainer.optimizer._N_THREADS))


if __name__ == '__main__':
    main()
