import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _ref_group(x, groups, gamma, beta, eps):
    x = x.astype(numpy.float64)
    n, c = x.shape[:2]
    y = numpy.empty_like(x)
    size = c // groups
    for i in range(n):
        for g in range(groups):
            block = x[i, g * size:(g + 1) * size]
            y[i, g * size:(g + 1) * size] = (block - block.mean()) / numpy.sqrt(
                block.var() + eps)
    shape = (1, c) + (1,) * (x.ndim - 2)
    return y * gamma.reshape(shape) + beta.reshape(shape)


def _ref_layer(x, gamma, beta, eps):
    x = x.astype(numpy.float64)
    y = numpy.empty_like(x)
    for i in range(len(x)):
        y[i] = (x[i] - x[i].mean()) / numpy.sqrt(x[i].var() + eps)
    return y * gamma + beta


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape,groups', [((2, 6), 3), ((2, 4, 3), 2),
                                          ((2, 4, 2, 2), 4), ((3, 4, 2), 1)])
def test_group_forward(dtype, shape, groups, helpers):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, shape).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, shape[1]).astype(dtype)
    beta = rng.uniform(-1, 1, shape[1]).astype(dtype)
    y = F.group_normalization(x, groups, gamma, beta, eps=1e-3)
    assert y.dtype == dtype
    testing.assert_allclose(y.array, _ref_group(x, groups, gamma, beta, 1e-3),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_group_gradients(dtype, contiguous, helpers):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (2, 4, 3)).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, 4).astype(dtype)
    beta = rng.uniform(-1, 1, 4).astype(dtype)
    tol = dict(atol=1e-1, rtol=1) if dtype == numpy.float16 else {}
    helpers.check_gradients(lambda x, g, b: F.group_normalization(x, 2, g, b),
                            (x, gamma, beta), dtype, contiguous=contiguous, **tol)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_layer(dtype, contiguous, helpers):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (3, 5)).astype(dtype)
    gamma = rng.uniform(0.5, 1.5, 5).astype(dtype)
    beta = rng.uniform(-1, 1, 5).astype(dtype)
    y = F.layer_normalization(x, gamma, beta, eps=1e-3)
    assert y.dtype == dtype
    testing.assert_allclose(y.array, _ref_layer(x, gamma, beta, 1e-3),
                            **helpers.FORWARD_TOL[dtype])
    tol = dict(atol=1e-1, rtol=1) if dtype == numpy.float16 else {}
    helpers.check_gradients(lambda x, g, b: F.layer_normalization(x, g, b),
                            (x, gamma, beta), dtype, contiguous=contiguous, **tol)


def test_errors():
    x = numpy.zeros((2, 6), numpy.float32)
    g = numpy.ones(6, numpy.float32)
    with pytest.raises(ValueError, match=r'channels \(6\) is not a multiple of '
                       r'groups \(4\)'):
        F.group_normalization(x, 4, g, g)
    with pytest.raises(ValueError, match=r'gamma must have shape \(6,\)'):
        F.group_normalization(x, 2, g[:3], g)
    with pytest.raises(ValueError, match='groups must be a positive int'):
        F.group_normalization(x, 0, g, g)
    with pytest.raises(type_check.InvalidType, match='x.ndim == 2'):
        F.layer_normalization(numpy.zeros((2, 6, 1), numpy.float32), g, g)
    with pytest.raises(type_check.InvalidType,
                       match=r'beta.shape\[0\] == x.shape\[1\]'):
        F.layer_normalization(x, g, g[:2])
    with pytest.raises(type_check.InvalidType, match='gamma.dtype == x.dtype'):
        F.layer_normalization(x, g.astype(numpy.float64), g)
    with pytest.raises(type_check.InvalidType, match='LayerNormalization'):
        F.layer_normalization(x.astype(numpy.int32), g, g)


def test_empty_batch_forward_and_backward():
    # An empty batch gives empty outputs and empty gradients (no division by the
    # empty batch size, no ambiguous reshape), while gamma and beta get zero
    # gradients of their own shape.
    import chainer
    for func in ('layer', 'group'):
        shape = (0, 4) if func == 'layer' else (0, 4, 3)
        x = chainer.Variable(numpy.zeros(shape))
        gamma = chainer.Variable(numpy.ones(4))
        beta = chainer.Variable(numpy.zeros(4))
        if func == 'layer':
            y = F.layer_normalization(x, gamma, beta)
        else:
            y = F.group_normalization(x, 2, gamma, beta)
        assert y.shape == shape
        F.sum(y).backward()
        assert x.grad.shape == shape
        numpy.testing.assert_array_equal(gamma.grad, numpy.zeros(4))
        numpy.testing.assert_array_equal(beta.grad, numpy.zeros(4))


def test_layer_gradient_uses_unit_count_not_batch_size():
    # d/dx of sum(w * layer_norm(x)) for one row, written out:
    # gx = (w - mean(w) - x_hat * mean(w * x_hat)) / sigma  (gamma = 1).
    import chainer
    rng = numpy.random.RandomState(3)
    x = rng.randn(1, 5)
    w = rng.randn(1, 5)
    xv = chainer.Variable(x)
    F.sum(F.layer_normalization(xv, numpy.ones(5), numpy.zeros(5), eps=1e-5) * w).backward()
    sigma = numpy.sqrt(x.var() + 1e-5)
    x_hat = (x - x.mean()) / sigma
    expected = (w - w.mean() - x_hat * (w * x_hat).mean()) / sigma
    numpy.testing.assert_allclose(xv.grad, expected, rtol=1e-10)
