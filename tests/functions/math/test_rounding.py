"""sign, floor, ceil, fix: piecewise constant, their results are not in the graph."""
import math

import numpy
import pytest

import chainer
import chainer.functions as F

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _reference(name, v):
    if name == 'sign':
        return (v > 0) - (v < 0)
    if name == 'floor':
        return math.floor(v)
    if name == 'ceil':
        return math.ceil(v)
    return math.trunc(v)


@pytest.mark.parametrize('name', ['sign', 'floor', 'ceil', 'fix'])
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shape', [(3, 4), (), (0, 2)])
def test_values_and_dtype(name, dtype, shape):
    x = numpy.random.uniform(-3, 3, shape).astype(dtype)
    if x.size:
        x.ravel()[0] = 0
        x.ravel()[-1] = -2.0  # an exact integer
    x = x[..., ::-1] if x.ndim else x  # a non-contiguous view (for ndim >= 1)
    y = getattr(F, name)(chainer.Variable(x))
    expected = numpy.array([_reference(name, float(v)) for v in x.ravel()],
                           dtype=numpy.float64).reshape(x.shape)
    assert y.dtype == dtype and y.shape == x.shape
    numpy.testing.assert_array_equal(y.array, expected.astype(dtype))


@pytest.mark.parametrize('name', ['sign', 'floor', 'ceil', 'fix'])
def test_result_is_not_linked_to_the_input(name):
    x = chainer.Variable(numpy.array([-1.5, 0.5, 2.5], numpy.float32))
    y = getattr(F, name)(x)
    assert y.creator is None and not y.requires_grad
    # It can be combined with differentiable functions; x gets only their gradient.
    F.sum(y * x).backward()
    numpy.testing.assert_array_equal(x.grad, y.array)


@pytest.mark.parametrize('name', ['sign', 'floor', 'ceil', 'fix'])
def test_integer_input_keeps_its_dtype(name):
    x = numpy.array([-2, 0, 3], numpy.int32)
    y = getattr(F, name)(x)
    assert y.dtype == numpy.int32
    expected = [-1, 0, 1] if name == 'sign' else [-2, 0, 3]
    numpy.testing.assert_array_equal(y.array, expected)


@pytest.mark.parametrize('name', ['sign', 'floor', 'ceil', 'fix'])
def test_rejects_non_arrays_and_booleans(name):
    with pytest.raises(TypeError, match='{}: x must be a Variable or an array'.format(
            name)):
        getattr(F, name)([1.0, 2.0])
    with pytest.raises(TypeError, match='numeric dtype'):
        getattr(F, name)(numpy.array([True]))
