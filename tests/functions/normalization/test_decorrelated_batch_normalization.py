import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import gradient_check
from chainer import testing


def _reference(x, groups, eps):
    x = x.astype(numpy.float64)
    n, c = x.shape[:2]
    d = c // groups
    # Collect every value of each channel-in-group (over examples, groups, space).
    cols = numpy.stack([numpy.concatenate(
        [x[i, g * d + j].ravel() for i in range(n) for g in range(groups)])
        for j in range(d)])
    mean = cols.mean(axis=1)
    xc = cols - mean[:, None]
    cov = xc.dot(xc.T) / cols.shape[1] + eps * numpy.eye(d)
    w, v = numpy.linalg.eigh(cov)
    proj = v.dot(numpy.diag(w ** -0.5)).dot(v.T)
    y = numpy.empty_like(x)
    for i in range(n):
        for g in range(groups):
            block = x[i, g * d:(g + 1) * d].reshape(d, -1)
            y[i, g * d:(g + 1) * d] = proj.dot(block - mean[:, None]).reshape(
                x[i, g * d:(g + 1) * d].shape)
    return y, mean, proj


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape,groups', [((10, 3), 1), ((5, 4, 3), 2),
                                          ((3, 6, 2, 2), 3)])
def test_forward(dtype, shape, groups, helpers):
    x = numpy.random.RandomState(0).uniform(-1, 1, shape).astype(dtype)
    d = shape[1] // groups
    rm = numpy.zeros(d, dtype)
    rp = numpy.eye(d, dtype=dtype)
    y = F.decorrelated_batch_normalization(x, groups=groups, eps=1e-3,
                                           running_mean=rm, running_projection=rp,
                                           decay=0.6)
    expected, mean, proj = _reference(x, groups, 1e-3)
    assert y.dtype == dtype
    tol = dict(atol=5e-2, rtol=5e-2) if dtype == numpy.float16 else dict(
        atol=1e-4, rtol=1e-4)
    testing.assert_allclose(y.array, expected, **tol)
    testing.assert_allclose(rm, 0.4 * mean, **tol)
    testing.assert_allclose(rp, 0.6 * numpy.eye(d) + 0.4 * proj, **tol)
    # fixed_... with the batch statistics gives the same output.
    y2 = F.fixed_decorrelated_batch_normalization(x, mean.astype(dtype),
                                                  proj.astype(dtype), groups)
    testing.assert_allclose(y2.array, expected, **tol)


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, contiguous, helpers):
    x = numpy.random.RandomState(0).uniform(-1, 1, (5, 4, 2)).astype(dtype)
    gy = numpy.random.RandomState(1).uniform(-1, 1, x.shape).astype(dtype)
    if not contiguous:
        x = helpers.noncontiguous(x)
    tol = helpers.GRAD_TOL[dtype]
    gradient_check.check_backward(
        lambda x: F.decorrelated_batch_normalization(x, groups=2), x, gy, **tol)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_fixed_gradients(dtype, contiguous, helpers):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (3, 4, 2)).astype(dtype)
    mean = rng.uniform(-1, 1, 2).astype(dtype)
    proj = rng.uniform(-1, 1, (2, 2)).astype(dtype)
    helpers.check_gradients(
        lambda x, m, p: F.fixed_decorrelated_batch_normalization(x, m, p, groups=2),
        (x, mean, proj), dtype, contiguous=contiguous)


def test_double_backprop_is_reported():
    x = chainer.Variable(numpy.random.randn(5, 2))
    y = F.decorrelated_batch_normalization(x, groups=1)
    gx, = chainer.grad([F.sum(y)], [x], enable_double_backprop=True)
    with pytest.raises(NotImplementedError, match='higher order gradients'):
        F.sum(gx).backward()


def test_errors():
    x = numpy.zeros((4, 6), numpy.float32)
    with pytest.raises(ValueError, match=r'channels \(6\) is not a multiple of '
                       r'groups \(4\)'):
        F.decorrelated_batch_normalization(x, groups=4)
    with pytest.raises(ValueError, match=r'running_mean must have shape \(3,\)'):
        F.decorrelated_batch_normalization(x, groups=2,
                                           running_mean=numpy.zeros(6, numpy.float32))
    with pytest.raises(TypeError, match='unexpected keyword'):
        F.decorrelated_batch_normalization(x, group=2)
    with pytest.raises(ValueError, match=r'projection must have shape \(3, 3\)'):
        F.fixed_decorrelated_batch_normalization(
            x, numpy.zeros(3, numpy.float32), numpy.eye(2, dtype=numpy.float32), 2)
