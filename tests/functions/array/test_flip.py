import numpy
import pytest

import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


def _reverse(x, axis):
    # Reference: index the axis backwards with an explicit index list.
    idx = [slice(None)] * x.ndim
    idx[axis] = list(range(x.shape[axis] - 1, -1, -1))
    return x[tuple(idx)]


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,axis', [((3, 4), 0), ((3, 4), 1), ((2, 3, 4), -1),
                                        ((5,), 0)])
def test_flip(check, dtype, contiguous, shape, axis):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(lambda x: F.flip(x, axis), [x], _reverse(x, axis % len(shape)),
          contiguous=contiguous)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shape', [(3, 4), (2, 3, 4)])
def test_fliplr(check, dtype, shape):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(F.fliplr, [x], _reverse(x, 1), contiguous=False)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shape', [(3,), (3, 4)])
def test_flipud(check, dtype, shape):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(F.flipud, [x], _reverse(x, 0), contiguous=False)


def test_flip_errors():
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.flip(numpy.zeros((2, 3), 'f'), 2)
    with pytest.raises(type_check.InvalidType, match='ndim'):
        F.flip(numpy.zeros((), 'f'), 0)
    with pytest.raises(TypeError, match='axis'):
        F.flip(numpy.zeros((2, 3), 'f'), None)
    with pytest.raises(type_check.InvalidType, match='a.ndim'):
        F.fliplr(numpy.zeros((3,), 'f'))
    with pytest.raises(type_check.InvalidType, match='a.ndim'):
        F.flipud(numpy.zeros((), 'f'))
