import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,axis', [
    ((2, 3), 0), ((2, 3), 1), ((2, 3), 2), ((2, 3), -1), ((2, 3), -3), ((), 0),
    ((0, 2), 1),
])
def test_stack(check, dtype, contiguous, shape, axis):
    xs = [numpy.random.uniform(-1, 1, shape).astype(dtype) for _ in range(3)]
    # Reference: place each input at index i of the new axis.
    ndim = len(shape) + 1
    ax = axis % ndim
    out_shape = list(shape)
    out_shape.insert(ax, 3)
    expected = numpy.empty(out_shape, dtype)
    for i, x in enumerate(xs):
        idx = [slice(None)] * ndim
        idx[ax] = i
        expected[tuple(idx)] = x
    check(lambda *xs: F.stack(xs, axis), xs, expected, contiguous=contiguous)


def test_stack_errors():
    a = numpy.zeros((2, 3), 'f')
    with pytest.raises(type_check.InvalidType, match='shape'):
        F.stack((a, numpy.zeros((3, 2), 'f')))
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.stack((a, a.astype('d')))
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.stack((a, a), axis=3)
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.stack((a, a), axis=-4)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,axis', [((2, 3, 4), 0), ((2, 3, 4), 1), ((2, 3, 4), -1),
                                        ((3,), 0)])
def test_separate(check, dtype, contiguous, shape, axis):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    ax = axis % len(shape)
    expected = tuple(numpy.take(x, i, axis=ax) for i in range(shape[ax]))
    check(lambda x: F.separate(x, axis), [x], expected, contiguous=contiguous)


def test_separate_unused_outputs():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(3, 2))
    ys = F.separate(x)
    F.sum(ys[1]).backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 0], [1, 1], [0, 0]])


def test_separate_axis_error():
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.separate(numpy.zeros((2, 3), 'f'), 2)
