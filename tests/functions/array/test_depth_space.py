import numpy
import pytest

import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


def _d2s_reference(X, r):
    n, crr, h, w = X.shape
    c = crr // (r * r)
    Y = numpy.empty((n, c, h * r, w * r), X.dtype)
    for b, k, hh, ww, i, j in numpy.ndindex(n, c, h, w, r, r):
        Y[b, k, hh * r + i, ww * r + j] = X[b, (i * r + j) * c + k, hh, ww]
    return Y


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,r', [((2, 8, 2, 3), 2), ((1, 9, 1, 2), 3),
                                     ((1, 3, 2, 2), 1)])
def test_depth2space(check, dtype, contiguous, shape, r):
    X = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(lambda X: F.depth2space(X, r), [X], _d2s_reference(X, r),
          contiguous=contiguous)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,r', [((2, 2, 4, 6), 2), ((1, 1, 3, 6), 3)])
def test_space2depth(check, dtype, contiguous, shape, r):
    X = numpy.random.uniform(-1, 1, shape).astype(dtype)
    n, c, hr, wr = shape
    Y = numpy.empty((n, c * r * r, hr // r, wr // r), dtype)
    for b, k, hh, ww, i, j in numpy.ndindex(n, c, hr // r, wr // r, r, r):
        Y[b, (i * r + j) * c + k, hh, ww] = X[b, k, hh * r + i, ww * r + j]
    check(lambda X: F.space2depth(X, r), [X], Y, contiguous=contiguous)


def test_documented_example():
    X = numpy.arange(24).reshape(1, 4, 2, 3).astype(numpy.float32)
    numpy.testing.assert_array_equal(
        F.depth2space(X, 2).array,
        [[[[0, 6, 1, 7, 2, 8], [12, 18, 13, 19, 14, 20],
           [3, 9, 4, 10, 5, 11], [15, 21, 16, 22, 17, 23]]]])
    numpy.testing.assert_array_equal(F.space2depth(F.depth2space(X, 2), 2).array, X)


@pytest.mark.parametrize('func', [F.depth2space, F.space2depth])
def test_errors(func):
    with pytest.raises(type_check.InvalidType, match='ndim'):
        func(numpy.zeros((4, 2, 2), 'f'), 2)
    with pytest.raises(type_check.InvalidType):
        func(numpy.zeros((1, 3, 3, 3), 'f'), 2)
    with pytest.raises(ValueError, match='r'):
        func(numpy.zeros((1, 4, 2, 2), 'f'), 0)
    with pytest.raises(TypeError, match='r'):
        func(numpy.zeros((1, 4, 2, 2), 'f'), 2.0)
    with pytest.raises(type_check.InvalidType, match='dtype'):
        func(numpy.zeros((1, 4, 2, 2), 'i'), 2)
