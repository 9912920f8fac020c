"""cross_covariance and decov."""
import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _cov(y, z):
    y, z = y.astype(numpy.float64), z.astype(numpy.float64)
    n = len(y)
    c = numpy.zeros((y.shape[1], z.shape[1]))
    for i in range(y.shape[1]):
        for j in range(z.shape[1]):
            c[i, j] = sum((y[k, i] - y[:, i].mean()) * (z[k, j] - z[:, j].mean())
                          for k in range(n)) / n
    return c


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['half_squared_sum', 'no'])
def test_cross_covariance_forward(dtype, reduce, helpers):
    rng = numpy.random.RandomState(0)
    y = rng.uniform(-1, 1, (5, 3)).astype(dtype)
    z = rng.uniform(-1, 1, (5, 2)).astype(dtype)
    c = _cov(y, z)
    expected = 0.5 * (c ** 2).sum() if reduce == 'half_squared_sum' else c
    out = F.cross_covariance(y, z, reduce)
    assert out.dtype == dtype
    testing.assert_allclose(out.array, expected, **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['half_squared_sum', 'no'])
@pytest.mark.parametrize('contiguous', [True, False])
def test_cross_covariance_gradients(dtype, reduce, contiguous, helpers):
    rng = numpy.random.RandomState(0)
    y = rng.uniform(-1, 1, (4, 3)).astype(dtype)
    z = rng.uniform(-1, 1, (4, 2)).astype(dtype)
    helpers.check_gradients(lambda y, z: F.cross_covariance(y, z, reduce), (y, z),
                            dtype, contiguous=contiguous)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['half_squared_sum', 'no'])
def test_decov_forward(dtype, reduce, helpers):
    h = numpy.random.RandomState(0).uniform(-1, 1, (5, 3)).astype(dtype)
    c = _cov(h, h)
    numpy.fill_diagonal(c, 0)
    expected = 0.5 * (c ** 2).sum() if reduce == 'half_squared_sum' else c
    out = F.decov(h, reduce)
    assert out.dtype == dtype
    testing.assert_allclose(out.array, expected, **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['half_squared_sum', 'no'])
@pytest.mark.parametrize('contiguous', [True, False])
def test_decov_gradients(dtype, reduce, contiguous, helpers):
    h = numpy.random.RandomState(0).uniform(-1, 1, (4, 3)).astype(dtype)
    helpers.check_gradients(lambda h: F.decov(h, reduce), (h,), dtype,
                            contiguous=contiguous)


def test_errors():
    a = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.cross_covariance(a, a, reduce='mean')
    with pytest.raises(type_check.InvalidType, match=r'y\.shape\[0\] == z\.shape\[0\]'):
        F.cross_covariance(a, numpy.zeros((4, 2), numpy.float32))
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.decov(a, reduce='sum')
    with pytest.raises(type_check.InvalidType, match='h.ndim == 2'):
        F.decov(numpy.zeros(3, numpy.float32))
