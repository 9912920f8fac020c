import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check


@pytest.mark.parametrize('in_dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('out_dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_cast(check, in_dtype, out_dtype, contiguous):
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(in_dtype)
    expected = numpy.array([[out_dtype(float(v)) for v in row] for row in x], out_dtype)

    def f(x):
        y = F.cast(x, out_dtype)
        assert y.dtype == out_dtype
        return y
    check(f, [x], expected, contiguous=contiguous, grad=False)
    # Gradients come back in the input dtype.
    v = chainer.Variable(x)
    y = F.cast(v, out_dtype)
    y.grad = numpy.ones(y.shape, out_dtype)
    y.backward()
    assert v.grad.dtype == in_dtype
    if in_dtype != out_dtype:
        gy = numpy.random.uniform(-1, 1, x.shape).astype(out_dtype)
        ggx = numpy.random.uniform(-1, 1, x.shape).astype(in_dtype)
        gradient_check.check_double_backward(
            lambda x: F.cast(x, out_dtype), x, gy, ggx, dtype=numpy.float64,
            atol=1e-2, rtol=1e-2)


def test_cast_same_dtype_returns_input():
    v = chainer.Variable(numpy.zeros(3, numpy.float32))
    assert F.cast(v, numpy.float32) is v
    a = numpy.zeros(3, numpy.float32)
    y = F.cast(a, 'f')
    assert isinstance(y, chainer.Variable) and y.array is a


def test_cast_to_int_and_back():
    x = numpy.array([1.7, -2.2], numpy.float32)
    y = F.cast(x, numpy.int32)
    numpy.testing.assert_array_equal(y.array, [1, -2])
    assert y.dtype == numpy.int32
    i = numpy.array([1, 2], numpy.int32)
    v = chainer.Variable(i)
    y = F.cast(v, numpy.float32)
    F.sum(y).backward()
    assert v.grad is None


def test_cast_bad_type():
    with pytest.raises(TypeError, match='typ'):
        F.cast(numpy.zeros(3, 'f'), 'not-a-dtype')
