import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_forward_with_eps(dtype, helpers):
    m = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    v = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    eps = numpy.random.standard_normal((3, 2)).astype(dtype)
    y = F.gaussian(m, v, eps=eps)
    expected = m.astype(numpy.float64) + numpy.exp(v.astype(numpy.float64) / 2) * eps
    assert y.dtype == dtype
    testing.assert_allclose(y.array, expected, **helpers.FORWARD_TOL[dtype])


def test_return_eps_and_statistics():
    m = numpy.full((20000,), 1.5)
    v = numpy.full((20000,), numpy.log(4.0))
    y, eps = F.gaussian(m, v, return_eps=True)
    assert eps.shape == m.shape
    testing.assert_allclose(y.array, 1.5 + 2 * eps)
    # mean 1.5, standard deviation 2 (standard errors 0.014 and 0.01).
    assert abs(y.array.mean() - 1.5) < 0.06
    assert abs(y.array.std() - 2.0) < 0.05
    y2 = F.gaussian(m, v, eps=eps)
    numpy.testing.assert_array_equal(y2.array, y.array)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, contiguous, helpers):
    m = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    v = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    eps = numpy.random.standard_normal((3, 2)).astype(dtype)
    helpers.check_gradients(lambda m, v: F.gaussian(m, v, eps=eps), (m, v), dtype,
                            contiguous=contiguous)


def test_errors():
    m = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType, match=r'mean\.shape == ln_var\.shape'):
        F.gaussian(m, numpy.zeros((3, 2), numpy.float32))
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.gaussian(m, m.astype(numpy.float64))
    with pytest.raises(ValueError, match='eps must have the shape of ln_var'):
        F.gaussian(m, m, eps=numpy.zeros(3, numpy.float32))
