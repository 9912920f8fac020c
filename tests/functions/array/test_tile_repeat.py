import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


def _tile_reference(x, reps):
    reps = (reps,) if isinstance(reps, int) else tuple(reps)
    n = max(x.ndim, len(reps))
    x = x.reshape((1,) * (n - x.ndim) + x.shape)
    reps = (1,) * (n - len(reps)) + reps
    out = numpy.empty(tuple(s * r for s, r in zip(x.shape, reps)), x.dtype)
    for idx in numpy.ndindex(*out.shape):
        out[idx] = x[tuple(i % s for i, s in zip(idx, x.shape))]
    return out


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,reps', [((2, 3), 2), ((2, 3), (2, 1)), ((3,), (2, 2)),
                                        ((2, 1, 2), (3,)), ((), (2, 3)), ((2, 3), 0),
                                        ((2, 3), (1, 1)), ((2, 3), True),
                                        ((2, 3), (True, False)), ((2,), (2, True))])
def test_tile(check, dtype, contiguous, shape, reps):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(lambda x: F.tile(x, reps), [x], _tile_reference(x, reps),
          contiguous=contiguous)


def test_tile_errors():
    x = numpy.zeros((2,), 'f')
    with pytest.raises(ValueError, match='reps'):
        F.tile(x, -1)
    with pytest.raises(TypeError, match='reps'):
        F.tile(x, 1.5)


def _repeat_reference(x, repeats, axis):
    if axis is None:
        x = x.ravel()
        axis = 0
    n = x.shape[axis]
    counts = [repeats] * n if isinstance(repeats, int) else (
        list(repeats) * n if len(repeats) == 1 else list(repeats))
    pieces = []
    for i, c in enumerate(counts):
        for _ in range(c):
            pieces.append(numpy.take(x, [i], axis=axis))
    if not pieces:
        shape = list(x.shape)
        shape[axis] = 0
        return numpy.zeros(shape, x.dtype)
    return numpy.concatenate(pieces, axis=axis)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,repeats,axis', [
    ((2, 3), 2, None), ((2, 3), 2, 1), ((2, 3), (1, 2), 0), ((2, 3), (2, 0, 1), -1),
    ((2, 3), (3,), 0), ((2, 3), 0, 1), ((4,), [1, 2, 0, 3], 0), ((2, 2), (1, 0, 2, 1), None),
    # a bool counts as 0 or 1, as in numpy.repeat
    ((2,), True, None), ((2,), (True,), 0), ((2, 3), False, 1),
    ((3, 2), (True, False) * 3, None), ((3,), (2, True, False), 0),
])
def test_repeat(check, dtype, contiguous, shape, repeats, axis):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(lambda x: F.repeat(x, repeats, axis), [x],
          _repeat_reference(x, repeats, axis), contiguous=contiguous)


def test_repeat_gradient_sums_copies():
    x = chainer.Variable(numpy.array([1, 2], numpy.float32))
    y = F.repeat(x, (3, 1))
    F.sum(y * numpy.array([1, 2, 3, 4], numpy.float32)).backward()
    numpy.testing.assert_array_equal(x.grad, [6, 4])


def test_repeat_errors():
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(ValueError, match='repeats'):
        F.repeat(x, -1)
    with pytest.raises(ValueError, match='repeats'):
        F.repeat(x, (1, -1), 0)
    with pytest.raises(TypeError, match='repeats'):
        F.repeat(x, 1.5)
    with pytest.raises(type_check.InvalidType, match='len'):
        F.repeat(x, (1, 2), 1)
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.repeat(x, 2, 2)
    with pytest.raises(TypeError, match='axis'):
        F.repeat(x, 2, 1.0)
    with pytest.raises(TypeError, match='axis'):
        F.repeat(x, 2, True)
    with pytest.raises(TypeError, match='repeats'):
        F.repeat(x, 'a')
