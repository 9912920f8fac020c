"""hstack, vstack, dstack."""
import numpy
import pytest

import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)
SHAPES = [[(3,), (2,)], [(2, 3), (2, 1)], [(2, 3, 4), (2, 1, 4)], [(), ()],
          [(3,), (3,)], [(2, 3), (2, 3)], [(2, 3, 1), (2, 3, 2)]]


def _place(parts, axis):
    # Reference concatenation by explicit placement.
    out_shape = list(parts[0].shape)
    out_shape[axis] = sum(p.shape[axis] for p in parts)
    out = numpy.empty(out_shape, parts[0].dtype)
    start = 0
    for p in parts:
        idx = [slice(None)] * p.ndim
        idx[axis] = slice(start, start + p.shape[axis])
        out[tuple(idx)] = p
        start += p.shape[axis]
    return out


def _inputs(shapes, dtype):
    return [numpy.random.uniform(-1, 1, s).astype(dtype) for s in shapes]


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shapes', SHAPES[:4])
def test_hstack(check, dtype, shapes):
    xs = _inputs(shapes, dtype)
    parts = [x.reshape(1) if x.ndim == 0 else x for x in xs]
    expected = _place(parts, 0 if parts[0].ndim == 1 else 1)
    check(lambda *xs: F.hstack(xs), xs, expected, contiguous=False)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shapes', [[(3,), (3,)], [(2, 3), (1, 3)],
                                    [(), ()], [(2, 3, 4), (1, 3, 4)]])
def test_vstack(check, dtype, shapes):
    xs = _inputs(shapes, dtype)
    parts = [x.reshape(1, x.size) if x.ndim < 2 else x for x in xs]
    check(lambda *xs: F.vstack(xs), xs, _place(parts, 0), contiguous=False)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shapes', [[(3,), (3,)], [(2, 3), (2, 3)], [(2, 3, 1), (2, 3, 2)],
                                    [(), ()], [(2, 3, 1, 2), (2, 3, 2, 2)]])
def test_dstack(check, dtype, shapes):
    xs = _inputs(shapes, dtype)

    def at_least_3d(x):
        if x.ndim == 0:
            return x.reshape(1, 1, 1)
        if x.ndim == 1:
            return x.reshape(1, -1, 1)
        if x.ndim == 2:
            return x.reshape(x.shape + (1,))
        return x
    check(lambda *xs: F.dstack(xs), xs, _place([at_least_3d(x) for x in xs], 2),
          contiguous=False)


@pytest.mark.parametrize('func', [F.hstack, F.vstack, F.dstack])
def test_errors(func):
    with pytest.raises(ValueError, match='at least one'):
        func([])
    with pytest.raises(type_check.InvalidType):
        func([numpy.zeros((2, 3), 'f'), numpy.zeros((3, 4), 'f')])
    with pytest.raises(TypeError, match='xs'):
        func(None)


@pytest.mark.parametrize('func', [F.hstack, F.vstack, F.dstack])
@pytest.mark.parametrize('shapes', [[(3,), (3, 3)], [(), (1,)], [(1, 3), (1, 1, 3)]])
def test_inputs_of_different_ndim_are_rejected(func, shapes):
    # NumPy would promote the lower-dimensional input; Chainer's stacking
    # functions require one number of dimensions.
    xs = [numpy.zeros(s, numpy.float32) for s in shapes]
    with pytest.raises(type_check.InvalidType) as info:
        func(xs)
    assert 'xs[1].ndim == xs[0].ndim' in str(info.value)
