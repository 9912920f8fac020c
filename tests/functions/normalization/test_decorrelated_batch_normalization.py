import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import gradient_check
from chainer import testing


def _reference(x, groups, eps):
    """Each group of consecutive channels whitened on its own, with loops."""
    x = x.astype(numpy.float64)
    n, c = x.shape[:2]
    d = c // groups
    y = numpy.empty_like(x)
    means = numpy.empty((groups, d))
    projs = numpy.empty((groups, d, d))
    for g in range(groups):
        # column k: the d channel values of one example at one position
        cols = numpy.stack([numpy.concatenate(
            [x[i, g * d + j].ravel() for i in range(n)]) for j in range(d)])
        mean = cols.mean(axis=1)
        xc = cols - mean[:, None]
        cov = xc.dot(xc.T) / cols.shape[1] + eps * numpy.eye(d)
        w, v = numpy.linalg.eigh(cov)
        proj = v.dot(numpy.diag(w ** -0.5)).dot(v.T)
        for i in range(n):
            block = x[i, g * d:(g + 1) * d].reshape(d, -1)
            y[i, g * d:(g + 1) * d] = proj.dot(block - mean[:, None]).reshape(
                x[i, g * d:(g + 1) * d].shape)
        means[g], projs[g] = mean, proj
    return y, means, projs


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape,groups', [((10, 3), 1), ((5, 4, 3), 2),
                                          ((3, 6, 2, 2), 3), ((7, 6), 2)])
def test_forward(dtype, shape, groups, helpers):
    x = numpy.random.RandomState(0).uniform(-1, 1, shape).astype(dtype)
    d = shape[1] // groups
    rm = numpy.zeros((groups, d), dtype)
    rp = numpy.broadcast_to(numpy.eye(d, dtype=dtype), (groups, d, d)).copy()
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


def test_groups_are_whitened_independently():
    rng = numpy.random.RandomState(3)
    x = rng.uniform(-1, 1, (40, 4, 3))
    x[:, 2:] = 5 + 3 * x[:, 2:]          # the second group has its own scale
    y = F.decorrelated_batch_normalization(x, groups=2, eps=1e-9).array
    for g in range(2):
        cols = y[:, 2 * g:2 * g + 2].transpose(1, 0, 2).reshape(2, -1)
        numpy.testing.assert_allclose(cols.mean(axis=1), 0, atol=1e-10)
        numpy.testing.assert_allclose(numpy.cov(cols, bias=True), numpy.eye(2),
                                      atol=1e-6)


def test_fixed_with_statistics_of_another_float_dtype():
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (3, 4, 2))
    mean = rng.uniform(-1, 1, (2, 2)).astype(numpy.float32)
    proj = rng.uniform(-1, 1, (2, 2, 2)).astype(numpy.float32)
    y = F.fixed_decorrelated_batch_normalization(x, mean, proj, groups=2)
    assert y.dtype == numpy.float64
    expected = numpy.empty_like(x)
    for g in range(2):
        for i in range(3):
            expected[i, 2 * g:2 * g + 2] = proj[g].astype(numpy.float64).dot(
                x[i, 2 * g:2 * g + 2] - mean[g][:, None])
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-12)
    m, p = chainer.Variable(mean), chainer.Variable(proj)
    F.sum(F.fixed_decorrelated_batch_normalization(x, m, p, groups=2)).backward()
    assert m.grad.dtype == numpy.float32 and p.grad.dtype == numpy.float32


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
    mean = rng.uniform(-1, 1, (2, 2)).astype(dtype)
    proj = rng.uniform(-1, 1, (2, 2, 2)).astype(dtype)
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
    with pytest.raises(ValueError, match=r'running_mean must have shape .* '
                       r'\(2, 3\), got \(3,\)'):
        F.decorrelated_batch_normalization(x, groups=2,
                                           running_mean=numpy.zeros(3, numpy.float32))
    with pytest.raises(ValueError, match=r'running_projection must have shape .* '
                       r'\(2, 3, 3\), got \(3, 3\)'):
        F.decorrelated_batch_normalization(
            x, groups=2, running_projection=numpy.eye(3, dtype=numpy.float32))
    with pytest.raises(TypeError, match='unexpected keyword'):
        F.decorrelated_batch_normalization(x, group=2)
    with pytest.raises(ValueError, match=r'mean must have shape .* \(2, 3\)'):
        F.fixed_decorrelated_batch_normalization(
            x, numpy.zeros(3, numpy.float32), numpy.zeros((2, 3, 3), numpy.float32), 2)
    with pytest.raises(ValueError, match=r'projection must have shape .* \(2, 3, 3\)'):
        F.fixed_decorrelated_batch_normalization(
            x, numpy.zeros((2, 3), numpy.float32), numpy.eye(3, dtype=numpy.float32), 2)
    with pytest.raises(TypeError, match='mean must be of a float dtype'):
        F.fixed_decorrelated_batch_normalization(
            x, numpy.zeros((2, 3), numpy.int32), numpy.zeros((2, 3, 3), numpy.float32), 2)
