import gc
import weakref

import numpy
import pytest

import chainer
from chainer import gradient_check
import chainer.functions as F


def _f(a, b):
    return (a + b) * a * b


def _f_two(a, b):
    return a * b, a + b * b


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_forward_matches_direct_call(dtype):
    a = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    b = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    y = F.forget(_f, chainer.Variable(a), chainer.Variable(b))
    assert isinstance(y, chainer.Variable)
    assert y.dtype == dtype
    numpy.testing.assert_array_equal(y.array, (a + b) * a * b)


def test_tuple_output():
    a = chainer.Variable(numpy.array([1., 2.]))
    b = chainer.Variable(numpy.array([3., 4.]))
    y1, y2 = F.forget(_f_two, a, b)
    numpy.testing.assert_array_equal(y1.array, [3., 8.])
    numpy.testing.assert_array_equal(y2.array, [10., 18.])
    F.sum(y1 + y2).backward()
    numpy.testing.assert_array_equal(a.grad, [4., 5.])      # b + 1
    numpy.testing.assert_array_equal(b.grad, [7., 10.])     # a + 2b


def test_gradient_values():
    a = chainer.Variable(numpy.array([1., 2.], numpy.float32))
    b = chainer.Variable(numpy.array([3., 4.], numpy.float32))
    F.sum(F.forget(_f, a, b)).backward()
    av, bv = a.array, b.array
    numpy.testing.assert_allclose(a.grad, 2 * av * bv + bv * bv)
    numpy.testing.assert_allclose(b.grad, av * av + 2 * av * bv)


def test_backward_numerically():
    a = numpy.random.uniform(-1, 1, (2, 3))
    b = numpy.random.uniform(-1, 1, (2, 3))
    gradient_check.check_backward(lambda x, y: F.forget(_f, x, y), (a, b),
                                  numpy.random.uniform(-1, 1, (2, 3)))


def test_double_backward_numerically():
    def f(x, y):
        with chainer.force_backprop_mode():
            return F.forget(_f, x, y)
    a, b, gy, gga, ggb = (numpy.random.uniform(-1, 1, (2, 3)) for _ in range(5))
    gradient_check.check_double_backward(f, (a, b), gy, (gga, ggb))


def test_intermediates_are_not_kept():
    # The intermediate a + b is freed right after the forward pass.
    refs = []

    def f(a, b):
        s = a + b
        refs.append(weakref.ref(s.array))
        return s * a

    a = chainer.Variable(numpy.random.rand(100))
    b = chainer.Variable(numpy.random.rand(100))
    y = F.forget(f, a, b)
    gc.collect()
    assert refs[0]() is None
    # And the direct call keeps it (the multiplication retains its inputs).
    refs.clear()
    y2 = f(a, b)
    gc.collect()
    assert refs[0]() is not None
    del y, y2


def test_function_called_again_on_backward():
    calls = []

    def f(a):
        calls.append(chainer.config.enable_backprop)
        return a * a

    x = chainer.Variable(numpy.array([3.0]))
    y = F.forget(f, x)
    assert calls == [False]
    y.backward()
    assert calls == [False, True]
    numpy.testing.assert_array_equal(x.grad, [6.0])


def test_array_inputs_are_constants():
    x = chainer.Variable(numpy.array([2.0]))
    y = F.forget(_f, x, numpy.array([5.0]))
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [2 * 2 * 5 + 25])


def test_unused_output_gradient():
    a = chainer.Variable(numpy.array([1., 2.]))
    b = chainer.Variable(numpy.array([3., 4.]))
    y1, y2 = F.forget(_f_two, a, b)
    F.sum(y1).backward()
    numpy.testing.assert_array_equal(a.grad, [3., 4.])


def test_not_callable():
    with pytest.raises(TypeError, match='func must be callable'):
        F.forget(1, numpy.zeros(2))


def test_returns_non_variable():
    with pytest.raises(RuntimeError, match='returned a ndarray'):
        F.forget(lambda x: x.array, chainer.Variable(numpy.zeros(2)))


def test_returns_tuple_with_non_variable():
    with pytest.raises(RuntimeError, match='the 2nd element'):
        F.forget(lambda x: (x * 2, 3), chainer.Variable(numpy.zeros(2)))
