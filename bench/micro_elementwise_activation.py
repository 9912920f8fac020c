"""Forward + backward through F.relu / sigmoid / tanh / softmax vs bare NumPy.

For each function, on a (1000, 1000) float32 array, this times

* chainer: ``y = F.f(Variable(x)); y.grad = gy; y.backward()``, and
* numpy: the plain NumPy expressions that compute the same output and input
  gradient,

and prints the ratio chainer / numpy (the target is at most 1.5). Each figure is
the best of several repetitions. Run by hand: ``python bench/micro_elementwise_activation.py``.
"""
import argparse
import os
import sys
import timeit

import numpy

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src'))

import chainer  # NOQA
import chainer.functions as F  # NOQA


def numpy_relu(x, gy):
    y = numpy.maximum(x, 0)
    gx = gy * (y > 0)
    return y, gx


def numpy_sigmoid(x, gy):
    y = 1 / (1 + numpy.exp(-x))
    gx = gy * y * (1 - y)
    return y, gx


def numpy_tanh(x, gy):
    y = numpy.tanh(x)
    gx = gy * (1 - y * y)
    return y, gx


def numpy_softmax(x, gy):
    e = numpy.exp(x - x.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    gx = y * gy
    gx -= y * gx.sum(axis=1, keepdims=True)
    return y, gx


def chainer_version(func):
    def run(x, gy):
        v = chainer.Variable(x)
        y = func(v)
        y.grad = gy
        y.backward()
        return y.array, v.grad
    return run


CASES = [
    ('relu', F.relu, numpy_relu),
    ('sigmoid', F.sigmoid, numpy_sigmoid),
    ('tanh', F.tanh, numpy_tanh),
    ('softmax', F.softmax, numpy_softmax),
]


def best_time(fn, x, gy, number, repeat):
    return min(timeit.repeat(lambda: fn(x, gy), number=number, repeat=repeat)) / number


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--size', type=int, default=1000)
    parser.add_argument('--number', type=int, default=10)
    parser.add_argument('--repeat', type=int, default=7)
    args = parser.parse_args()
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-3, 3, (args.size, args.size)).astype(numpy.float32)
    gy = rng.uniform(-1, 1, x.shape).astype(numpy.float32)
    print('forward+backward on ({0}, {0}) float32, best of {1}x{2}'.format(
        args.size, args.repeat, args.number))
    print('{:<10}{:>14}{:>14}{:>8}'.format('function', 'chainer (ms)', 'numpy (ms)',
                                           'ratio'))
    for name, func, reference in CASES:
        ours = chainer_version(func)
        y, gx = ours(x, gy)
        y_ref, gx_ref = reference(x, gy)
        numpy.testing.assert_allclose(y, y_ref, rtol=1e-4, atol=1e-6)
        numpy.testing.assert_allclose(gx, gx_ref, rtol=1e-3, atol=1e-6)
        t_ours = best_time(ours, x, gy, args.number, args.repeat)
        t_ref = best_time(reference, x, gy, args.number, args.repeat)
        print('{:<10}{:>14.3f}{:>14.3f}{:>8.2f}'.format(
            name, t_ours * 1e3, t_ref * 1e3, t_ours / t_ref))


if __name__ == '__main__':
    main()
