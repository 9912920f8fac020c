import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)
_TOL16 = dict(atol=1e-2, rtol=5e-2)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('output_shape', [(3, 4), (1, 1), (2, 5)])
def test_spatial_transformer_grid(check, dtype, contiguous, output_shape):
    theta = numpy.random.uniform(-1, 1, (2, 2, 3)).astype(dtype)
    h, w = output_shape
    expected = numpy.empty((2, 2, h, w), dtype)
    ys = numpy.linspace(-1, 1, h)
    xs = numpy.linspace(-1, 1, w)
    for b in range(2):
        for i in range(h):
            for j in range(w):
                expected[b, :, i, j] = theta[b].astype(numpy.float64).dot(
                    [xs[j], ys[i], 1])
    check(lambda t: F.spatial_transformer_grid(t, output_shape), [theta], expected,
          contiguous=contiguous,
          backward_tol=_TOL16 if dtype == numpy.float16 else None)


def _sample_reference(x, grid):
    n, c, h, w = x.shape
    _, _, ho, wo = grid.shape
    y = numpy.zeros((n, c, ho, wo))

    def pixel(b, r, s):
        if 0 <= r < h and 0 <= s < w:
            return x[b, :, r, s].astype(numpy.float64)
        return numpy.zeros(c)

    for b in range(n):
        for i in range(ho):
            for j in range(wo):
                u = (float(grid[b, 0, i, j]) + 1) * (w - 1) / 2
                v = (float(grid[b, 1, i, j]) + 1) * (h - 1) / 2
                s0, r0 = int(numpy.floor(u)), int(numpy.floor(v))
                fu, fv = u - s0, v - r0
                y[b, :, i, j] = ((1 - fv) * (1 - fu) * pixel(b, r0, s0) +
                                 (1 - fv) * fu * pixel(b, r0, s0 + 1) +
                                 fv * (1 - fu) * pixel(b, r0 + 1, s0) +
                                 fv * fu * pixel(b, r0 + 1, s0 + 1))
    return y.astype(x.dtype)


def _grid_away_from_pixels(shape, h, w, low, high, dtype):
    # Coordinates whose pixel positions are at least 0.1 from an integer, where
    # the interpolation has kinks.
    grid = numpy.random.uniform(low, high, shape)
    for axis, size in ((0, w), (1, h)):
        pos = (grid[:, axis] + 1) * (size - 1) / 2
        frac = pos - numpy.floor(pos)
        pos = numpy.floor(pos) + numpy.clip(frac, 0.1, 0.9)
        grid[:, axis] = pos * 2 / (size - 1) - 1
    return grid.astype(dtype)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('low,high', [(-0.9, 0.9), (-1.6, 1.6)])   # inside / beyond
def test_spatial_transformer_sampler(check, dtype, contiguous, low, high):
    x = numpy.random.uniform(-1, 1, (2, 3, 4, 5)).astype(dtype)
    grid = _grid_away_from_pixels((2, 2, 3, 2), 4, 5, low, high, dtype)
    check(F.spatial_transformer_sampler, [x, grid], _sample_reference(x, grid),
          contiguous=contiguous, eps=1e-3,
          forward_tol=dict(atol=5e-3, rtol=5e-3) if dtype == numpy.float16 else None,
          backward_tol=_TOL16 if dtype == numpy.float16 else None)


def test_identity_transform_reproduces_the_image():
    x = numpy.random.uniform(-1, 1, (1, 2, 3, 4)).astype(numpy.float64)
    theta = numpy.array([[[1, 0, 0], [0, 1, 0]]], numpy.float64)
    grid = F.spatial_transformer_grid(theta, (3, 4))
    numpy.testing.assert_allclose(F.spatial_transformer_sampler(x, grid).array, x,
                                  atol=1e-12)


def test_far_outside_samples_are_zero():
    x = numpy.ones((1, 1, 2, 2), numpy.float32)
    grid = numpy.full((1, 2, 1, 2), 5, numpy.float32)
    grid[0, :, 0, 1] = -7
    v = chainer.Variable(x)
    y = F.spatial_transformer_sampler(v, grid)
    numpy.testing.assert_array_equal(y.array, [[[[0, 0]]]])
    F.sum(y).backward()
    numpy.testing.assert_array_equal(v.grad, numpy.zeros_like(x))


def test_errors():
    theta = numpy.zeros((2, 2, 3), 'f')
    with pytest.raises(type_check.InvalidType, match='theta.shape'):
        F.spatial_transformer_grid(numpy.zeros((2, 3, 3), 'f'), (2, 2))
    with pytest.raises(ValueError, match='output_shape'):
        F.spatial_transformer_grid(theta, (2,))
    with pytest.raises(ValueError, match='use_cudnn'):
        F.spatial_transformer_grid(theta, (2, 2), use_cudnn=True)
    with pytest.raises(TypeError, match='unexpected'):
        F.spatial_transformer_grid(theta, (2, 2), foo=1)
    x = numpy.zeros((2, 3, 4, 4), 'f')
    with pytest.raises(type_check.InvalidType, match='grid.shape'):
        F.spatial_transformer_sampler(x, numpy.zeros((2, 3, 2, 2), 'f'))
    with pytest.raises(type_check.InvalidType, match='shape'):
        F.spatial_transformer_sampler(x, numpy.zeros((1, 2, 2, 2), 'f'))
    with pytest.raises(type_check.InvalidType, match='dtype'):
        F.spatial_transformer_sampler(x, numpy.zeros((2, 2, 2, 2), 'd'))
    with pytest.raises(ValueError, match='use_cudnn'):
        F.spatial_transformer_sampler(x, numpy.zeros((2, 2, 2, 2), 'f'),
                                      use_cudnn=False)


def test_spatial_transformer_grid_empty_batch_backward():
    theta = chainer.Variable(numpy.zeros((0, 2, 3)))
    grid = F.spatial_transformer_grid(theta, (3, 4))
    assert grid.shape == (0, 2, 3, 4)
    F.sum(grid).backward()
    assert theta.grad.shape == (0, 2, 3)
