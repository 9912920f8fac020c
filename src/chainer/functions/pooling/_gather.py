"""Pixel gather and its adjoint, the building blocks of the ROI functions and of
deformable convolution.

``GatherPixels`` reads ``y[r, c, m...] = x[batch[r], c, index[r, c, m...]]`` from an
input of shape ``(N, C, *spatial)`` (``index`` into the flattened spatial axes, of
shape ``(R, C or 1, ...)``, broadcast over channels when its second axis has length
1; a negative index reads 0).
``ScatterPixels`` is its adjoint, adding each ``y[r, c, m]`` back into its pixel.
Both are linear with fixed indices, each the other's gradient, so gradients of any
order are available.
"""
import numpy

from chainer import backend
from chainer import function_node


def _flat_positions(xp, batch, index, channels, spatial_size):
    # Flat positions in x.ravel() and the mask of valid ones, of shape
    # (R, C) + index.shape[2:].
    base = (batch.astype(numpy.int64)[:, None] * channels +
            xp.arange(channels, dtype=numpy.int64)[None, :]) * spatial_size
    base = base.reshape(base.shape + (1,) * (index.ndim - 2))
    valid = index >= 0
    flat = base + xp.where(valid, index, 0).astype(numpy.int64)
    valid = xp.broadcast_to(valid, flat.shape)
    return flat, valid


class GatherPixels(function_node.FunctionNode):
    """``y[r, c, m] = x[batch[r], c, index[r, c or 0, m]]`` (0 where index < 0)."""

    def __init__(self, batch, index, x_shape=None):
        self.batch = batch
        self.index = index
        self.x_shape = x_shape

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self.x_shape = x.shape
        n, c = x.shape[:2]
        spatial = x.size // max(n * c, 1)
        flat, valid = _flat_positions(xp, self.batch, self.index, c, spatial)
        y = xp.ravel(x)[flat]
        y = xp.where(valid, y, x.dtype.type(0))
        return y,

    def backward(self, indexes, grad_outputs):
        return ScatterPixels(self.batch, self.index, self.x_shape).apply(grad_outputs)


class ScatterPixels(function_node.FunctionNode):
    """Adjoint of :class:`GatherPixels`: ``x[batch[r], c, index[r, c, m]] +=
    y[r, c, m]`` into a zero array of shape ``x_shape``."""

    def __init__(self, batch, index, x_shape):
        self.batch = batch
        self.index = index
        self.x_shape = tuple(x_shape)

    def forward(self, inputs):
        y, = inputs
        xp = backend.get_array_module(y)
        n, c = self.x_shape[:2]
        size = 1
        for s in self.x_shape:
            size *= s
        spatial = size // max(n * c, 1)
        flat, valid = _flat_positions(xp, self.batch, self.index, c, spatial)
        weights = xp.where(valid, y, y.dtype.type(0))
        x = xp.bincount(flat.ravel(), weights=weights.ravel(), minlength=size)
        return x.reshape(self.x_shape).astype(y.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        return GatherPixels(self.batch, self.index, self.x_shape).apply(grad_outputs)


def gather_pixels(x, batch, index):
    """Apply :class:`GatherPixels`; returns a Variable of shape ``(R, C, M)``."""
    y, = GatherPixels(batch, index).apply((x,))
    return y
