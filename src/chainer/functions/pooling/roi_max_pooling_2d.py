"""ROI max pooling with (y_min, x_min, y_max, x_max) boxes, ``roi_max_pooling_2d``."""
import numpy

from chainer.functions.pooling import _roi
from chainer.utils import _normalize


class ROIMaxPooling2D(_roi.ROIFunctionBase):
    """Max over the bins of each region; see :func:`roi_max_pooling_2d`."""

    _func_name = 'roi_max_pooling_2d'

    def __init__(self, outsize, spatial_scale):
        self.outh, self.outw = _normalize.pair(outsize, 'outsize', self._func_name, minimum=1)
        self.spatial_scale = _roi.check_spatial_scale(spatial_scale, self._func_name)

    def _bins(self, boxes, height, width):
        return _roi.pooling_bins(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3],
                                 self.spatial_scale, self.outh, self.outw, height,
                                 width)

    def _pool(self, xp, x, boxes, batch):
        n, c, h, w = x.shape
        index = _roi.bin_pixel_index(*self._bins(boxes, h, w), width=w)
        r, oh, ow, size = index.shape
        index_x = xp.asarray(index.reshape(r, 1, oh, ow, size))
        values = _roi.gather(x, batch, index_x)  # (R, C, oh, ow, size)
        values = xp.where(index_x >= 0, values, x.dtype.type(-numpy.inf))
        best = values.argmax(axis=-1)  # first maximum in row-major bin order
        chosen = xp.take_along_axis(
            xp.broadcast_to(index_x, values.shape), best[..., None], axis=-1)[..., 0]
        self._index = chosen  # (R, C, oh, ow); -1 for empty bins
        self.argmax_data = chosen
        return _roi.gather(x, batch, chosen)

    def _backward_x(self, gy):
        return _roi.scatter(gy, self._batch, self._index, self._x_shape)


def roi_max_pooling_2d(x, rois, roi_indices, outsize, spatial_scale):
    """Spatial region-of-interest max pooling.

    Each box ``rois[r] = (y_min, x_min, y_max, x_max)`` of image
    ``roi_indices[r]`` is scaled by ``spatial_scale`` and rounded to pixels (the
    corners are included, and a box is at least one pixel wide), then split into
    ``outsize`` bins (bin ``p`` of ``n`` along an axis of length ``L`` spans
    ``[floor(p L / n), ceil((p + 1) L / n))``, clipped to the image). Each output is
    the maximum of its bin, or 0 for a bin outside the image. The gradient goes to
    the first pixel of the bin (row-major) holding the maximum.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes of shape ``(R, 4)``.
        roi_indices (Variable or array): int array ``(R,)``, the image of each box.
        outsize (int or pair of ints): output size ``(out_h, out_w)``.
        spatial_scale (float): scale from box coordinates to pixels of ``x``.
    Returns:
        Variable of shape ``(R, c, out_h, out_w)``.
    """
    y, = ROIMaxPooling2D(outsize, spatial_scale).apply((x, rois, roi_indices))
    return y
