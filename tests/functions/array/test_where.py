import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('c_shape,x_shape,y_shape', [
    ((3, 4), (3, 4), (3, 4)),
    ((3, 4), (1, 4), (3, 1)),       # broadcasting x and y
    ((3, 4), (4,), ()),
    ((2, 1, 4), (3, 4), (3, 4)),    # the condition enlarges the output
])
def test_where(check, dtype, contiguous, c_shape, x_shape, y_shape):
    cond = numpy.random.uniform(-1, 1, c_shape) > 0
    x = numpy.random.uniform(-1, 1, x_shape).astype(dtype)
    y = numpy.random.uniform(-1, 1, y_shape).astype(dtype)
    out_shape = numpy.broadcast_shapes(c_shape, x_shape, y_shape)
    cb, xb, yb = (numpy.broadcast_to(a, out_shape) for a in (cond, x, y))
    expected = numpy.empty(out_shape, dtype)
    for idx in numpy.ndindex(*out_shape):
        expected[idx] = xb[idx] if cb[idx] else yb[idx]
    check(lambda x, y: F.where(cond, x, y), [x, y], expected, contiguous=contiguous)


def test_where_gradient_routing():
    cond = numpy.array([True, False, True])
    x = chainer.Variable(numpy.ones(3, numpy.float32))
    y = chainer.Variable(numpy.ones(3, numpy.float32))
    F.sum(F.where(cond, x, y) * numpy.array([1, 2, 3], numpy.float32)).backward()
    numpy.testing.assert_array_equal(x.grad, [1, 0, 3])
    numpy.testing.assert_array_equal(y.grad, [0, 2, 0])


def test_where_condition_variable_and_scalars():
    cond = chainer.Variable(numpy.array([True, False]))
    x = numpy.array([1, 2], numpy.float32)
    y = F.where(cond, x, 0.0)
    assert y.dtype == numpy.float32
    numpy.testing.assert_array_equal(y.array, [1, 0])
    y = F.where(cond, -1, x)
    numpy.testing.assert_array_equal(y.array, [-1, 2])


def test_where_errors():
    x = numpy.zeros((2, 3), 'f')
    with pytest.raises(type_check.InvalidType, match='condition.dtype'):
        F.where(numpy.zeros((2, 3), 'i'), x, x)
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.where(numpy.zeros((2, 3), bool), x, x.astype('d'))
    with pytest.raises(type_check.InvalidType, match='broadcast'):
        F.where(numpy.zeros((2, 3), bool), x, numpy.zeros((4,), 'f'))
    with pytest.raises(TypeError, match='condition'):
        F.where([True, False], x, x)
