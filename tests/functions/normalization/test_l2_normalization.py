import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(x, eps, axis):
    x = x.astype(numpy.float64)
    axis = axis if isinstance(axis, tuple) else (axis,)
    norm = numpy.sqrt((x * x).sum(axis=axis, keepdims=True))
    return x / (norm + eps)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape,axis', [((3, 4), 1), ((3, 4), 0), ((2, 3, 4), (1, 2)),
                                        ((2, 3, 4), -1)])
def test_forward(dtype, shape, axis, helpers):
    x = numpy.random.RandomState(0).uniform(-1, 1, shape).astype(dtype)
    y = F.normalize(x, eps=1e-3, axis=axis)
    assert y.dtype == dtype
    testing.assert_allclose(y.array, _reference(x, 1e-3, axis),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('axis', [1, (1, 2)])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, axis, contiguous, helpers):
    x = numpy.random.RandomState(0).uniform(-1, 1, (2, 3, 2)).astype(dtype)
    helpers.check_gradients(lambda x: F.normalize(x, axis=axis), (x,), dtype,
                            contiguous=contiguous)


def test_zero_vector():
    x = chainer.Variable(numpy.array([[0., 0.], [3., 4.]]))
    y = F.normalize(x)
    testing.assert_allclose(y.array, [[0, 0], [3 / (5 + 1e-5), 4 / (5 + 1e-5)]])
    y.grad = numpy.ones((2, 2))
    y.backward()
    assert numpy.isfinite(x.grad).all()
    testing.assert_allclose(x.grad[0], [1 / 1e-5, 1 / 1e-5])


def test_errors():
    with pytest.raises(type_check.InvalidType, match='x.dtype.kind'):
        F.normalize(numpy.zeros((2, 3), numpy.int32))
    with pytest.raises(type_check.InvalidType, match='x.ndim > 2'):
        F.normalize(numpy.zeros((2, 3), numpy.float32), axis=2)
    with pytest.raises(TypeError, match='axis must be an int or a tuple'):
        F.normalize(numpy.zeros((2, 3), numpy.float32), axis=[1])
