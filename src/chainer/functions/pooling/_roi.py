"""Shared parts of the ROI pooling and ROI align functions.

Each ROI function computes, with array operations over all regions and bins at
once, which input pixels every output reads and with which weights; the output is
then a weighted gather of those pixels (:mod:`chainer.functions.pooling._gather`)
and the gradient the matching scatter, so gradients of any order are available.
"""
import math

import numpy

import chainer
from chainer import backend
from chainer.backends import cuda
from chainer import function_node
from chainer.functions.pooling import _gather
from chainer.utils import type_check


def check_spatial_scale(value, func_name):
    if isinstance(value, bool) or not isinstance(value, (int, float, numpy.number)) \
            or not value > 0:
        raise ValueError('{}: spatial_scale must be a positive number, got {!r}'.format(
            func_name, value))
    return float(value)


def _round_half_away(v):
    return numpy.sign(v) * numpy.floor(numpy.abs(v) + 0.5)


def pooling_bins(y1, x1, y2, x2, spatial_scale, outh, outw, height, width):
    """Integer bin boundaries of ROI pooling (Fast R-CNN).

    The box corners are scaled and rounded to pixels; the box (at least one pixel
    on each side, corners included) is split into ``outh x outw`` bins, bin ``p``
    spanning rows ``[floor(p h / outh), ceil((p + 1) h / outh))`` from the top, and
    bins are clipped to the image.

    Returns:
        (hstart, hend, wstart, wend): int arrays of shapes (R, outh), (R, outh),
        (R, outw), (R, outw).
    """
    start_h = _round_half_away(y1 * spatial_scale)
    start_w = _round_half_away(x1 * spatial_scale)
    end_h = _round_half_away(y2 * spatial_scale)
    end_w = _round_half_away(x2 * spatial_scale)
    roi_h = numpy.maximum(end_h - start_h + 1, 1)
    roi_w = numpy.maximum(end_w - start_w + 1, 1)
    bin_h = roi_h / outh
    bin_w = roi_w / outw
    ph = numpy.arange(outh)
    pw = numpy.arange(outw)
    hstart = numpy.floor(ph[None] * bin_h[:, None]) + start_h[:, None]
    hend = numpy.ceil((ph[None] + 1) * bin_h[:, None]) + start_h[:, None]
    wstart = numpy.floor(pw[None] * bin_w[:, None]) + start_w[:, None]
    wend = numpy.ceil((pw[None] + 1) * bin_w[:, None]) + start_w[:, None]
    hstart = numpy.clip(hstart, 0, height).astype(numpy.int64)
    hend = numpy.clip(hend, 0, height).astype(numpy.int64)
    wstart = numpy.clip(wstart, 0, width).astype(numpy.int64)
    wend = numpy.clip(wend, 0, width).astype(numpy.int64)
    return hstart, hend, wstart, wend


def bin_pixel_index(hstart, hend, wstart, wend, width):
    """The pixels of every bin, padded to the largest bin.

    Returns:
        index: int array of shape (R, outh, outw, B_h * B_w) of flat pixel indices
        (``row * width + col``), -1 where the bin has no such pixel.
    """
    big_h = max(int((hend - hstart).max(initial=0)), 1)
    big_w = max(int((wend - wstart).max(initial=0)), 1)
    rows = hstart[:, :, None] + numpy.arange(big_h)[None, None, :]   # (R, outh, B_h)
    cols = wstart[:, :, None] + numpy.arange(big_w)[None, None, :]   # (R, outw, B_w)
    row_ok = rows < hend[:, :, None]
    col_ok = cols < wend[:, :, None]
    index = (rows[:, :, None, :, None] * width + cols[:, None, :, None, :])
    ok = row_ok[:, :, None, :, None] & col_ok[:, None, :, None, :]
    index = numpy.where(ok, index, -1)
    r, oh, ow = index.shape[:3]
    return index.reshape(r, oh, ow, big_h * big_w)


def align_samples(y1, x1, y2, x2, spatial_scale, outh, outw, sampling_ratio,
                  height, width):
    """Bilinear sampling points of ROI align (Mask R-CNN), with their weights.

    The scaled box (at least 1 x 1) is split into ``outh x outw`` bins; each bin is
    sampled on a ``g_h x g_w`` grid at the centres of its cells, where
    ``(g_h, g_w)`` is ``sampling_ratio`` or, along an axis where it is None,
    ``ceil(box_h / outh)`` (``ceil(box_w / outw)``) for that box. A sample is read by
    bilinear interpolation from its four neighbouring pixels (clamped to the
    border); a sample more than one pixel outside the image reads nothing.

    Returns:
        index: int array (R, outh, outw, G_h, G_w, 4) of the corner pixels
            (``row * width + col``; -1 for samples that read nothing or lie beyond
            the box's own grid);
        weight: float64 array of the same shape, the bilinear weights (0 where
            index is -1);
        valid: bool array (R, outh, outw, G_h, G_w), the samples that read pixels;
        grid: float64 array (R,), the number of samples per bin ``g_h g_w``.
    """
    start_h = y1 * spatial_scale
    start_w = x1 * spatial_scale
    roi_h = numpy.maximum(y2 * spatial_scale - start_h, 1.0)
    roi_w = numpy.maximum(x2 * spatial_scale - start_w, 1.0)
    bin_h = roi_h / outh
    bin_w = roi_w / outw
    ratio_h, ratio_w = sampling_ratio or (None, None)
    if ratio_h is None:
        grid_h = numpy.ceil(roi_h / outh).astype(numpy.int64)
    else:
        grid_h = numpy.full(roi_h.shape, ratio_h, dtype=numpy.int64)
    if ratio_w is None:
        grid_w = numpy.ceil(roi_w / outw).astype(numpy.int64)
    else:
        grid_w = numpy.full(roi_w.shape, ratio_w, dtype=numpy.int64)
    big_h = max(int(grid_h.max(initial=1)), 1)
    big_w = max(int(grid_w.max(initial=1)), 1)
    iy = numpy.arange(big_h)
    ix = numpy.arange(big_w)
    ph = numpy.arange(outh)
    pw = numpy.arange(outw)
    # Sample coordinates: ys (R, outh, G_h), xs (R, outw, G_w).
    ys = (start_h[:, None, None] + ph[None, :, None] * bin_h[:, None, None] +
          (iy[None, None, :] + 0.5) * (bin_h / grid_h)[:, None, None])
    xs = (start_w[:, None, None] + pw[None, :, None] * bin_w[:, None, None] +
          (ix[None, None, :] + 0.5) * (bin_w / grid_w)[:, None, None])
    in_grid_y = iy[None, None, :] < grid_h[:, None, None]
    in_grid_x = ix[None, None, :] < grid_w[:, None, None]
    y_low, y_high, ly, ok_y = _axis_interp(ys, height)
    x_low, x_high, lx, ok_x = _axis_interp(xs, width)
    ok_y &= in_grid_y
    ok_x &= in_grid_x
    hy, hx = 1 - ly, 1 - lx

    def grid(a, b):  # (R, outh, G_h) x (R, outw, G_w) -> (R, outh, outw, G_h, G_w)
        return a[:, :, None, :, None], b[:, None, :, None, :]

    corners = []
    weights = []
    for rows, wy in ((y_low, hy), (y_high, ly)):
        for cols, wx in ((x_low, hx), (x_high, lx)):
            r_, c_ = grid(rows, cols)
            a_, b_ = grid(wy, wx)
            corners.append(r_ * width + c_)
            weights.append(a_ * b_)
    oy, ox = grid(ok_y, ok_x)
    valid = oy & ox
    index = numpy.stack(corners, axis=-1)
    weight = numpy.stack(weights, axis=-1)
    index = numpy.where(valid[..., None], index, -1)
    weight = numpy.where(valid[..., None], weight, 0.0)
    return index, weight, valid, (grid_h * grid_w).astype(numpy.float64)


def _axis_interp(v, size):
    # Bilinear neighbours along one axis (Detectron's convention).
    ok = (v >= -1.0) & (v <= size)
    v = numpy.maximum(v, 0.0)
    low = numpy.floor(v).astype(numpy.int64)
    at_end = low >= size - 1
    low = numpy.where(at_end, size - 1, low)
    high = numpy.where(at_end, size - 1, low + 1)
    v = numpy.where(at_end, low.astype(v.dtype), v)
    frac = v - low
    return low, high, frac, ok


class ROIFunctionBase(function_node.FunctionNode):
    """Common input checks: ``x`` (n, c, h, w) float, ``rois`` (R, 4) float and
    ``roi_indices`` (R,) int."""

    _func_name = 'roi'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'rois', 'roi_indices'))
        x_type, rois_type, idx_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            x_type.ndim == 4,
            rois_type.dtype.kind == 'f',
            rois_type.ndim == 2,
            rois_type.shape[1] == 4,
            idx_type.dtype.kind == 'i',
            idx_type.ndim == 1,
            rois_type.shape[0] == idx_type.shape[0],
        )

    def _boxes(self, x, rois, roi_indices):
        xp = backend.get_array_module(x)
        boxes = numpy.asarray(cuda.to_cpu(rois), dtype=numpy.float64)
        batch = numpy.asarray(cuda.to_cpu(roi_indices), dtype=numpy.int64)
        n = x.shape[0]
        if batch.size and (batch.min() < 0 or batch.max() >= n):
            raise ValueError('{}: roi_indices must be in [0, {}) (the batch size), got '
                             'values in [{}, {}]'.format(self._func_name, n,
                                                         batch.min(), batch.max()))
        return xp, boxes, xp.asarray(batch)

    def forward(self, inputs):
        x, rois, roi_indices = inputs
        xp, boxes, self._batch = self._boxes(x, rois, roi_indices)
        self._x_shape = x.shape
        return self._pool(xp, x, boxes, self._batch),

    def _pool(self, xp, x, boxes, batch):
        # The output for the boxes (float64, (R, 4)) of images ``batch`` of x.
        raise NotImplementedError

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        ret = []
        for i in indexes:
            ret.append(self._backward_x(gy) if i == 0 else None)
        return tuple(ret)


def gather(x, batch, index):
    """Array-level gather (see :class:`_gather.GatherPixels`)."""
    y, = _gather.GatherPixels(batch, index).forward((x,))
    return y


def scatter(values, batch, index, x_shape):
    """Differentiable scatter of ``values`` (a Variable) into ``x_shape``."""
    gx, = _gather.ScatterPixels(batch, index, x_shape).apply((values,))
    return gx


def broadcast_mul(gy, weight):
    """``gy[..., None...] * weight`` as a differentiable expression."""
    F = chainer.functions
    extra = weight.ndim - gy.ndim
    shape = gy.shape + (1,) * extra
    target = tuple(max(a, b) for a, b in zip(shape, weight.shape))
    return F.broadcast_to(F.reshape(gy, shape), target) * weight


def ceil_div(a, b):
    return int(math.ceil(a / b))
