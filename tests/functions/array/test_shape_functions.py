"""expand_dims, squeeze, flatten, swapaxes."""
import numpy
import pytest

import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,axis,out_shape', [
    ((2, 3), 0, (1, 2, 3)), ((2, 3), 1, (2, 1, 3)), ((2, 3), 2, (2, 3, 1)),
    ((2, 3), -1, (2, 3, 1)), ((2, 3), -3, (1, 2, 3)), ((), 0, (1,)),
])
def test_expand_dims(check, dtype, contiguous, shape, axis, out_shape):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(lambda x: F.expand_dims(x, axis), [x], x.reshape(out_shape),
          contiguous=contiguous)


def test_expand_dims_errors():
    x = numpy.zeros((2, 3), 'f')
    for axis in (3, -4):
        with pytest.raises(type_check.InvalidType, match='axis'):
            F.expand_dims(x, axis)
    with pytest.raises(TypeError, match='axis'):
        F.expand_dims(x, (0, 1))


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,axis,out_shape', [
    ((1, 2, 1, 3), None, (2, 3)), ((1, 2, 1, 3), 0, (2, 1, 3)),
    ((1, 2, 1, 3), -2, (1, 2, 3)), ((1, 2, 1, 3), (0, 2), (2, 3)),
    ((1, 1), None, ()), ((2, 3), None, (2, 3)),
])
def test_squeeze(check, dtype, contiguous, shape, axis, out_shape):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    check(lambda x: F.squeeze(x, axis), [x], x.reshape(out_shape),
          contiguous=contiguous)


def test_squeeze_errors():
    x = numpy.zeros((1, 2), 'f')
    # removing an axis of length other than 1: ValueError, as in NumPy
    with pytest.raises(ValueError, match='cannot remove axis 1 of length 2'):
        F.squeeze(x, 1)
    with pytest.raises(ValueError, match='cannot remove axis 1 of length 2'):
        F.squeeze(x, (-1,))
    # an axis out of range: the type check
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.squeeze(x, 2)
    with pytest.raises(type_check.InvalidType, match='axis'):
        F.squeeze(x, (-3,))
    with pytest.raises(TypeError, match='axis'):
        F.squeeze(x, 0.0)
    with pytest.raises(ValueError, match='axis'):
        F.squeeze(x, (0, -2))


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape', [(2, 3), (2, 3, 2), (), (0, 3)])
def test_flatten(check, dtype, contiguous, shape):
    x = numpy.random.uniform(-1, 1, shape).astype(dtype)
    expected = numpy.array([v for v in x.flat], dtype).reshape(x.size)
    check(F.flatten, [x], expected, contiguous=contiguous)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('axis1,axis2', [(0, 1), (0, 2), (-1, 0), (1, 1)])
def test_swapaxes(check, dtype, contiguous, axis1, axis2):
    x = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(dtype)
    # Reference: explicit permutation of the axes.
    perm = [0, 1, 2]
    a1, a2 = axis1 % 3, axis2 % 3
    perm[a1], perm[a2] = perm[a2], perm[a1]
    check(lambda x: F.swapaxes(x, axis1, axis2), [x], numpy.transpose(x, perm),
          contiguous=contiguous)


def test_swapaxes_errors():
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(type_check.InvalidType, match='axis1'):
        F.swapaxes(x, 2, 0)
    with pytest.raises(type_check.InvalidType, match='axis2'):
        F.swapaxes(x, 0, -3)
