import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import testing


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('axis', [0, 1, -1])
def test_is_a_distribution(dtype, axis):
    log_pi = numpy.random.uniform(-1, 1, (3, 4, 2)).astype(dtype)
    y = F.gumbel_softmax(log_pi, tau=0.5, axis=axis)
    assert y.dtype == dtype and y.shape == log_pi.shape
    assert (y.array >= 0).all()
    testing.assert_allclose(y.array.astype(numpy.float64).sum(axis=axis), 1,
                            atol=1e-2 if dtype == numpy.float16 else 1e-6)


def test_small_tau_samples_softmax_distribution():
    # With a small temperature the output is nearly one-hot, and the category
    # is distributed as softmax(log_pi).
    p = numpy.array([0.1, 0.2, 0.7])
    log_pi = numpy.tile(numpy.log(p), (20000, 1))
    y = F.gumbel_softmax(log_pi, tau=1e-3).array
    assert (y.max(axis=1) > 0.99).mean() > 0.98
    freq = numpy.bincount(y.argmax(axis=1), minlength=3) / len(y)
    testing.assert_allclose(freq, p, atol=0.015)


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_gradients(dtype, helpers):
    log_pi = numpy.random.uniform(-1, 1, (2, 3)).astype(dtype)

    def f(x):
        numpy.random.seed(7)
        return F.gumbel_softmax(x, tau=1.0)
    helpers.check_gradients(f, (log_pi,), dtype)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(ValueError, match='tau must be positive'):
        F.gumbel_softmax(x, tau=0)
    with pytest.raises(ValueError, match='axis 2 is out of range'):
        F.gumbel_softmax(x, axis=2)


@pytest.mark.parametrize('tau', [numpy.float32(0.5), numpy.float64(2.0), 1])
def test_numpy_scalar_temperature_is_a_number(tau):
    # A NumPy scalar tau acts as the same Python number.
    log_pi = numpy.random.uniform(-1, 1, (3, 4)).astype(numpy.float32)
    numpy.random.seed(3)
    y = F.gumbel_softmax(log_pi, tau=tau)
    numpy.random.seed(3)
    expected = F.gumbel_softmax(log_pi, tau=float(tau))
    assert y.dtype == numpy.float32
    numpy.testing.assert_array_equal(y.array, expected.array)
    with pytest.raises(ValueError, match='tau must be positive'):
        F.gumbel_softmax(log_pi, tau=numpy.float32(0))


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_zero_dimensional_input_is_one_category(dtype):
    log_pi = chainer.Variable(numpy.array(0.3, dtype))
    y = F.gumbel_softmax(log_pi, tau=numpy.float32(0.7))
    assert y.shape == () and y.dtype == dtype
    assert y.array == 1
    y.backward()
    assert log_pi.grad == 0
