import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(x, n, k, alpha, beta):
    x = x.astype(numpy.float64)
    y = numpy.empty_like(x)
    c = x.shape[1]
    half = n // 2
    for i in range(c):
        lo, hi = max(0, i - half), min(c - 1, i + half)
        s = sum(x[:, j] ** 2 for j in range(lo, hi + 1))
        y[:, i] = x[:, i] / (k + alpha * s) ** beta
    return y


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(2, 7), (2, 6, 3, 2)])
@pytest.mark.parametrize('n,k,alpha,beta', [(5, 2, 1e-4, .75), (3, 1, 0.5, 1.5),
                                            (4, 0.5, 1.0, 0.5)])
def test_forward(dtype, shape, n, k, alpha, beta, helpers):
    x = numpy.random.RandomState(0).uniform(-2, 2, shape).astype(dtype)
    y = F.local_response_normalization(x, n, k, alpha, beta)
    assert y.dtype == dtype
    testing.assert_allclose(y.array, _reference(x, n, k, alpha, beta),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, contiguous, helpers):
    x = numpy.random.RandomState(0).uniform(-2, 2, (2, 6, 2)).astype(dtype)
    helpers.check_gradients(
        lambda x: F.local_response_normalization(x, 3, 1, 0.5, 0.75), (x,), dtype,
        contiguous=contiguous)


def test_errors():
    with pytest.raises(type_check.InvalidType, match='x.ndim >= 2'):
        F.local_response_normalization(numpy.zeros(3, numpy.float32))
    with pytest.raises(ValueError, match='n must be a positive int'):
        F.local_response_normalization(numpy.zeros((2, 3), numpy.float32), n=0)
