"""moveaxis, rollaxis, transpose, reshape."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


def _permuted(x, order):
    # Reference: build the output element by element.
    out = numpy.empty(tuple(x.shape[a] for a in order), x.dtype)
    for idx in numpy.ndindex(*out.shape):
        src = [0] * x.ndim
        for k, a in enumerate(order):
            src[a] = idx[k]
        out[idx] = x[tuple(src)]
    return out


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('source,destination,order', [
    (0, -1, (1, 2, 0)), (2, 0, (2, 0, 1)), ((0, 1), (2, 0), (1, 2, 0)),
    ([0, 2], [-1, -2], (1, 2, 0)), (1, 1, (0, 1, 2)),
])
def test_moveaxis(check, dtype, contiguous, source, destination, order):
    x = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(dtype)
    check(lambda x: F.moveaxis(x, source, destination), [x], _permuted(x, order),
          contiguous=contiguous)


def test_moveaxis_errors():
    x = numpy.zeros((2, 3, 4), 'f')
    with pytest.raises(ValueError, match='source'):
        F.moveaxis(x, 3, 0)
    with pytest.raises(ValueError, match='destination'):
        F.moveaxis(x, 0, -4)
    with pytest.raises(ValueError, match='same number'):
        F.moveaxis(x, (0, 1), 0)
    with pytest.raises(ValueError, match='twice'):
        F.moveaxis(x, (0, 0), (1, 2))
    with pytest.raises(TypeError, match='source'):
        F.moveaxis(x, 0.5, 0)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('axis,start,order', [
    (2, 0, (2, 0, 1)), (0, 2, (1, 0, 2)), (0, 3, (1, 2, 0)), (-1, -3, (2, 0, 1)),
    (1, 1, (0, 1, 2)), (1, -1, (0, 1, 2)),
])
def test_rollaxis(check, dtype, contiguous, axis, start, order):
    x = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(dtype)
    check(lambda x: F.rollaxis(x, axis, start), [x], _permuted(x, order),
          contiguous=contiguous)


def test_rollaxis_errors():
    x = numpy.zeros((2, 3, 4), 'f')
    with pytest.raises(ValueError, match='axis'):
        F.rollaxis(x, 3)
    with pytest.raises(ValueError, match='start'):
        F.rollaxis(x, 0, 4)
    with pytest.raises(TypeError, match='start'):
        F.rollaxis(x, 0, None)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('axes,order', [(None, (2, 1, 0)), ((1, 0, 2), (1, 0, 2)),
                                        ((-1, 0, 1), (2, 0, 1))])
def test_transpose(check, dtype, contiguous, axes, order):
    x = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(dtype)
    check(lambda x: F.transpose(x, axes), [x], _permuted(x, order),
          contiguous=contiguous)


def test_transpose_errors():
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(type_check.InvalidType):
        F.transpose(x, (0, 1, 2))
    with pytest.raises(ValueError, match='permutation'):
        F.transpose(x, (0, 0))


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('in_shape,shape,out_shape', [
    ((2, 3, 4), (4, 6), (4, 6)), ((2, 3, 4), (-1, 2), (12, 2)), ((2, 3), 6, (6,)),
    ((1,), (), ()), ((0, 3), (3, -1), (3, 0)),
])
def test_reshape(check, dtype, contiguous, in_shape, shape, out_shape):
    x = numpy.random.uniform(-1, 1, in_shape).astype(dtype)
    # Reference: the elements in C order, poured into the new shape.
    flat = [v for v in x.flat]
    expected = numpy.array(flat, dtype).reshape(out_shape)
    check(lambda x: F.reshape(x, shape), [x], expected, contiguous=contiguous)


def test_reshape_errors():
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(type_check.InvalidType):
        F.reshape(x, (4, 2))
    with pytest.raises(type_check.InvalidType):
        F.reshape(x, (-1, 4))
    with pytest.raises(ValueError, match='-1'):
        F.reshape(x, (-1, -1))


def test_variable_methods_use_these_functions():
    x = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3))
    assert x.T.shape == (3, 2)
    assert x.reshape(3, 2).shape == (3, 2)
    assert x.transpose(1, 0).shape == (3, 2)
