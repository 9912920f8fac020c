"""Per-call overhead of the core: FunctionNode.apply and backward for a tiny op.

    python bench/micro_core.py

Prints microseconds per call for: a unary function node applied with and without
graph recording, a binary operator, and one backward step through a tiny graph.
"""
import os
import sys
import timeit

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), 'src'))

import numpy  # NOQA

import chainer  # NOQA
import chainer.functions as F  # NOQA


def per_call_us(stmt, number, globs):
    best = min(timeit.repeat(stmt, number=number, repeat=5, globals=globs))
    return best / number * 1e6


def main():
    x = chainer.Variable(numpy.array([1.0], numpy.float32))
    c = chainer.Variable(numpy.array([1.0], numpy.float32), requires_grad=False)
    y = F.identity(x)
    g = {'x': x, 'c': c, 'F': F, 'chainer': chainer, 'y': y}

    def backward_tiny():
        x.cleargrad()
        y.backward()
    g['backward_tiny'] = backward_tiny

    rows = [
        ('F.identity(x), graph recorded', 'F.identity(x)'),
        ('F.identity(c), no graph (no grad)', 'F.identity(c)'),
        ('x * x (Mul), graph recorded', 'x * x'),
        ('x + 1 (AddConstant), graph recorded', 'x + 1'),
        ('backward through one identity', 'backward_tiny()'),
    ]
    number = 20000
    print('{:<42} {:>10}'.format('operation', 'us/call'))
    for label, stmt in rows:
        print('{:<42} {:>10.2f}'.format(label, per_call_us(stmt, number, g)))
    with chainer.no_backprop_mode():
        print('{:<42} {:>10.2f}'.format('x * x under no_backprop_mode',
                                        per_call_us('x * x', number, g)))
    with chainer.using_config('type_check', False):
        print('{:<42} {:>10.2f}'.format('x * x with type_check off',
                                        per_call_us('x * x', number, g)))
    # bare NumPy for scale
    a = numpy.array([1.0], numpy.float32)
    print('{:<42} {:>10.2f}'.format('bare NumPy a * a',
                                    per_call_us('a * a', number, {'a': a})))


if __name__ == '__main__':
    main()
