import numpy
import pytest

import chainer
from chainer import initializers
import chainer.links as L


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_forward_backward_against_numpy(dtype):
    lin = L.Linear(3, 2, initialW=initializers.Normal(1.0, dtype=dtype),
                   initial_bias=initializers.Normal(1.0, dtype=dtype))
    x = numpy.random.randn(4, 3).astype(dtype)
    y = lin(x)
    W, b = lin.W.array.astype(numpy.float64), lin.b.array.astype(numpy.float64)
    expected = x.astype(numpy.float64) @ W.T + b
    tol = 1e-2 if dtype == numpy.float16 else 1e-5
    assert y.dtype == dtype
    numpy.testing.assert_allclose(y.array, expected, rtol=tol, atol=tol)
    gy = numpy.random.randn(4, 2).astype(dtype)
    y.grad = gy
    lin.cleargrads()
    y.backward()
    numpy.testing.assert_allclose(lin.W.grad, gy.astype('f8').T @ x.astype('f8'),
                                  rtol=tol, atol=tol)
    numpy.testing.assert_allclose(lin.b.grad, gy.astype('f8').sum(0), rtol=tol, atol=tol)


def test_default_initializers():
    numpy.random.seed(3)
    lin = L.Linear(1000, 50)
    # LeCunNormal: std = sqrt(1 / fan_in)
    assert abs(lin.W.array.std() - numpy.sqrt(1 / 1000)) < 0.002
    numpy.testing.assert_array_equal(lin.b.array, 0)
    assert lin.W.dtype == numpy.float32


def test_single_argument_is_out_size_and_lazy():
    lin = L.Linear(5)
    assert lin.out_size == 5 and lin.in_size is None and lin.W.array is None
    y = lin(numpy.ones((2, 7), numpy.float32))
    assert lin.W.shape == (5, 7) and y.shape == (2, 5)


def test_nobias_and_initial_arrays():
    W = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    lin = L.Linear(3, 2, nobias=True, initialW=W)
    assert lin.b is None
    numpy.testing.assert_array_equal(lin.W.array, W)
    y = lin(numpy.ones((1, 3), numpy.float32))
    numpy.testing.assert_array_equal(y.array, [[3, 12]])
    lin2 = L.Linear(3, 2, initial_bias=numpy.array([1, 2], numpy.float32))
    numpy.testing.assert_array_equal(lin2.b.array, [1, 2])


def test_n_batch_axes():
    lin = L.Linear(None, 3)
    x = numpy.random.randn(2, 4, 5).astype(numpy.float32)
    y = lin(x, n_batch_axes=2)
    assert y.shape == (2, 4, 3) and lin.W.shape == (3, 5)
    expected = x @ lin.W.array.T + lin.b.array
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-6)


def test_from_params():
    W = numpy.random.randn(4, 3).astype(numpy.float32)
    b = numpy.random.randn(4).astype(numpy.float32)
    lin = L.Linear.from_params(W, b)
    assert (lin.in_size, lin.out_size) == (3, 4)
    numpy.testing.assert_array_equal(lin.W.array, W)
    numpy.testing.assert_array_equal(lin.b.array, b)
    assert L.Linear.from_params(chainer.Variable(W), nobias=True).b is None
    with pytest.raises(ValueError, match='shape'):
        L.Linear.from_params(W, numpy.zeros(3, numpy.float32))
    with pytest.raises(ValueError, match='2-dimensional'):
        L.Linear.from_params(numpy.zeros(3, numpy.float32))


def test_printable_specs():
    assert str(L.Linear(2, 3)) == 'Linear(in_size=2, out_size=3, nobias=False)'
