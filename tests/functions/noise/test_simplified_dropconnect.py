import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(x, W, b, mask, ratio):
    x = x.reshape(len(x), -1).astype(numpy.float64)
    n, out = len(x), W.shape[0]
    y = numpy.zeros((n, out))
    for i in range(n):
        m = mask[i] if mask.ndim == 3 else mask
        for o in range(out):
            y[i, o] = (W[o] * m[o] * x[i]).sum() / (1 - ratio)
            if b is not None:
                y[i, o] += b[o]
    return y


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('batchwise', [True, False])
@pytest.mark.parametrize('bias', [True, False])
@pytest.mark.parametrize('x_shape', [(3, 4), (3, 2, 2)])
def test_forward_with_mask(dtype, batchwise, bias, x_shape, helpers):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, x_shape).astype(dtype)
    W = rng.uniform(-1, 1, (2, 4)).astype(dtype)
    b = rng.uniform(-1, 1, 2).astype(dtype) if bias else None
    mask = (rng.rand(*((3, 2, 4) if batchwise else (2, 4))) > 0.3).astype(dtype)
    y = F.simplified_dropconnect(chainer.Variable(x), W, b, ratio=0.3, mask=mask,
                                 use_batchwise_mask=batchwise)
    assert y.dtype == dtype and y.shape == (3, 2)
    # the function node keeps the mask it used, unscaled
    numpy.testing.assert_array_equal(y.creator.mask, mask)
    testing.assert_allclose(y.array, _reference(x, W, b, mask, 0.3),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('batchwise', [True, False])
def test_random_mask(batchwise):
    x = numpy.ones((50, 1), numpy.float64)
    W = numpy.ones((400, 1), numpy.float64)
    y = F.simplified_dropconnect(x, W, ratio=0.25,
                                 use_batchwise_mask=batchwise).array
    # Each output is 0 or 1 / 0.75; a quarter are dropped.
    assert set(numpy.round(numpy.unique(y), 6)) <= {0, round(1 / 0.75, 6)}
    assert abs((y == 0).mean() - 0.25) < 0.02
    if not batchwise:
        assert (y == y[0]).all()


def test_not_train_is_linear():
    x = numpy.random.randn(3, 4)
    W = numpy.random.randn(2, 4)
    b = numpy.random.randn(2)
    y = F.simplified_dropconnect(x, W, b, ratio=0.9, train=False)
    testing.assert_allclose(y.array, x.dot(W.T) + b)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('batchwise', [True, False])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, batchwise, contiguous, helpers):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (3, 2, 2)).astype(dtype)
    W = rng.uniform(-1, 1, (2, 4)).astype(dtype)
    b = rng.uniform(-1, 1, 2).astype(dtype)
    mask = (rng.rand(*((3, 2, 4) if batchwise else (2, 4))) > 0.3).astype(dtype)
    helpers.check_gradients(
        lambda x, W, b: F.simplified_dropconnect(
            x, W, b, 0.3, mask=mask, use_batchwise_mask=batchwise),
        (x, W, b), dtype, contiguous=contiguous)


def test_errors():
    x = numpy.zeros((3, 4), numpy.float32)
    W = numpy.zeros((2, 5), numpy.float32)
    with pytest.raises(type_check.InvalidType, match='W.shape\\[1\\]'):
        F.simplified_dropconnect(x, W)
    with pytest.raises(ValueError, match='ratio must be in'):
        F.simplified_dropconnect(x, W[:, :4], ratio=1)
    # the mask's shape must follow use_batchwise_mask: (N, out, in) or (out, in)
    with pytest.raises(type_check.InvalidType, match='mask.ndim == 3'):
        F.simplified_dropconnect(x, W[:, :4], mask=numpy.ones((2, 4), numpy.float32))
    with pytest.raises(type_check.InvalidType, match='mask.ndim == 2'):
        F.simplified_dropconnect(x, W[:, :4], mask=numpy.ones((3, 2, 4), numpy.float32),
                                 use_batchwise_mask=False)
    with pytest.raises(type_check.InvalidType, match='mask.shape\\[0\\] == W.shape\\[0\\]'):
        F.simplified_dropconnect(x, W[:, :4], mask=numpy.ones((4, 2), numpy.float32),
                                 use_batchwise_mask=False)
    with pytest.raises(type_check.InvalidType, match='mask.shape\\[0\\] == x.shape'):
        F.simplified_dropconnect(x, W[:, :4], mask=numpy.ones((2, 2, 4), numpy.float32))
    with pytest.raises(type_check.InvalidType, match='W.dtype.kind == f'):
        F.simplified_dropconnect(x, W[:, :4].astype(numpy.int32))


@pytest.mark.parametrize('x_dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('w_dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('batchwise', [True, False])
def test_mixed_dtypes(x_dtype, w_dtype, batchwise):
    # x, W and b of different float dtypes: y has x's dtype, each gradient
    # that of its input.
    rng = numpy.random.RandomState(1)
    x = chainer.Variable(rng.uniform(-1, 1, (3, 4)).astype(x_dtype))
    W = chainer.Variable(rng.uniform(-1, 1, (2, 4)).astype(w_dtype))
    b = chainer.Variable(rng.uniform(-1, 1, 2).astype(numpy.float32))
    mask = rng.rand(*((3, 2, 4) if batchwise else (2, 4))) > 0.5
    y = F.simplified_dropconnect(x, W, b, 0.5, mask=mask,
                                 use_batchwise_mask=batchwise)
    assert y.dtype == x_dtype
    expected = _reference(x.array, W.array.astype(numpy.float64),
                          b.array.astype(numpy.float64), mask, 0.5)
    tol = 1e-2 if numpy.float16 in (x_dtype, w_dtype) else 1e-5
    testing.assert_allclose(y.array, expected, atol=tol, rtol=tol)
    gy = rng.uniform(-1, 1, (3, 2)).astype(x_dtype)
    y.grad = gy
    y.backward()
    assert x.grad.dtype == x_dtype and W.grad.dtype == w_dtype
    assert b.grad.dtype == numpy.float32
    m = (mask if batchwise else numpy.broadcast_to(mask, (3, 2, 4))) / 0.5
    gy64 = gy.astype(numpy.float64)
    W64 = W.array.astype(numpy.float64)
    x64 = x.array.astype(numpy.float64)
    testing.assert_allclose(x.grad, numpy.einsum('no,noi->ni', gy64, W64 * m),
                            atol=tol, rtol=tol)
    testing.assert_allclose(W.grad, numpy.einsum('no,ni,noi->oi', gy64, x64, m),
                            atol=tol, rtol=tol)
    testing.assert_allclose(b.grad, gy64.sum(0), atol=tol, rtol=tol)


def test_empty_batch_with_feature_axes_to_flatten():
    # (0, 2, 2) inputs are flattened to (0, 4) with an explicit size, in
    # training (random mask) and outside it.
    W = numpy.ones((3, 4), numpy.float32)
    b = numpy.zeros(3, numpy.float32)
    for train in (True, False):
        x = chainer.Variable(numpy.zeros((0, 2, 2), numpy.float32))
        y = F.simplified_dropconnect(x, W, b, train=train)
        assert y.shape == (0, 3)
        F.sum(y).backward()
        assert x.grad.shape == (0, 2, 2)
