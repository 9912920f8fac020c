"""Forward + backward through F.exp / logsumexp / matmul / sum vs bare NumPy.

For each function, on (1000, 1000) float32 arrays, this times

* chainer: ``y = F.f(Variable(x)); y.grad = gy; y.backward()`` (both operands
  are Variables for matmul), and
* numpy: the plain NumPy expressions that compute the same output and input
  gradients,

checks that both give the same values, and prints the ratio chainer / numpy (the
target is at most 1.5). Each figure is the best of several repetitions. Run by
hand: ``python bench/micro_elementwise_math.py``.
"""
import argparse
import os
import sys
import timeit

import numpy

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src'))

import chainer  # NOQA
import chainer.functions as F  # NOQA


def numpy_exp(x, gy):
    y = numpy.exp(x)
    gx = gy * y
    return y, (gx,)


def numpy_logsumexp_rows(x, gy):
    m = x.max(axis=1, keepdims=True)
    y = numpy.log(numpy.exp(x - m).sum(axis=1, keepdims=True)) + m
    gx = gy[:, None] * numpy.exp(x - y)
    return y[:, 0], (gx,)


def numpy_logsumexp_all(x, gy):
    m = x.max()
    y = numpy.log(numpy.exp(x - m).sum()) + m
    gx = gy * numpy.exp(x - y)
    return y, (gx,)


# The gradient of a sum is gy repeated over the summed axes. Variable.grad holds it
# as a writable array of x's shape (optimizers update gradients in place), so the
# reference materializes it too rather than keeping a read-only broadcast view.

def numpy_sum(x, gy):
    y = x.sum()
    gx = numpy.full(x.shape, gy, dtype=x.dtype)
    return y, (gx,)


def numpy_sum_rows(x, gy):
    y = x.sum(axis=1)
    gx = numpy.empty_like(x)
    gx[...] = gy[:, None]
    return y, (gx,)


def numpy_matmul(a, b, gy):
    y = a @ b
    return y, (gy @ b.T, a.T @ gy)


def chainer_version(func):
    def run(*arrays):
        inputs, gy = arrays[:-1], arrays[-1]
        vs = [chainer.Variable(a) for a in inputs]
        y = func(*vs)
        y.grad = gy
        y.backward()
        return y.array, tuple(v.grad for v in vs)
    return run


CASES = [
    # name, chainer function, numpy reference, number of array inputs, output shape
    ('exp', F.exp, numpy_exp, 1, 'same'),
    ('logsumexp', lambda x: F.logsumexp(x, axis=1), numpy_logsumexp_rows, 1, 'rows'),
    ('logsumexp*', F.logsumexp, numpy_logsumexp_all, 1, 'scalar'),
    ('matmul', F.matmul, numpy_matmul, 2, 'same'),
    ('sum', F.sum, numpy_sum, 1, 'scalar'),
    ('sum(axis=1)', lambda x: F.sum(x, axis=1), numpy_sum_rows, 1, 'rows'),
]


def best_time(fn, args, number, repeat):
    return min(timeit.repeat(lambda: fn(*args), number=number, repeat=repeat)) / number


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--size', type=int, default=1000)
    parser.add_argument('--number', type=int, default=10)
    parser.add_argument('--repeat', type=int, default=7)
    args = parser.parse_args()
    rng = numpy.random.RandomState(0)
    n = args.size
    print('forward+backward on ({0}, {0}) float32, best of {1}x{2}'.format(
        n, args.repeat, args.number))
    print('(logsumexp* reduces all axes; the others reduce axis 1 or none)')
    print('{:<13}{:>14}{:>14}{:>8}'.format('function', 'chainer (ms)', 'numpy (ms)',
                                           'ratio'))
    for name, func, reference, n_inputs, out in CASES:
        inputs = [rng.uniform(-3, 3, (n, n)).astype(numpy.float32)
                  for _ in range(n_inputs)]
        out_shape = {'same': (n, n), 'rows': (n,), 'scalar': ()}[out]
        gy = numpy.asarray(rng.uniform(-1, 1, out_shape).astype(numpy.float32))
        ours = chainer_version(func)
        y, gxs = ours(*inputs, gy)
        y_ref, gxs_ref = reference(*inputs, gy)
        numpy.testing.assert_allclose(y, y_ref, rtol=1e-4, atol=1e-3)
        for gx, gx_ref in zip(gxs, gxs_ref):
            numpy.testing.assert_allclose(gx, gx_ref, rtol=1e-3, atol=1e-3)
        t_ours = best_time(ours, inputs + [gy], args.number, args.repeat)
        t_ref = best_time(reference, inputs + [gy], args.number, args.repeat)
        print('{:<13}{:>14.3f}{:>14.3f}{:>8.2f}'.format(
            name, t_ours * 1e3, t_ref * 1e3, t_ours / t_ref))


if __name__ == '__main__':
    main()
