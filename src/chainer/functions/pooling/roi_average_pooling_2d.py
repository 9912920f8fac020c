"""ROI average pooling, ``roi_average_pooling_2d``."""
import numpy

from chainer.functions.pooling import _roi
from chainer.functions.pooling import roi_max_pooling_2d


class ROIAveragePooling2D(roi_max_pooling_2d.ROIMaxPooling2D):
    """Mean over the bins of each region; see :func:`roi_average_pooling_2d`."""

    _func_name = 'roi_average_pooling_2d'

    def _pool(self, xp, x, boxes, batch):
        n, c, h, w = x.shape
        hstart, hend, wstart, wend = self._bins(boxes, h, w)
        index = _roi.bin_pixel_index(hstart, hend, wstart, wend, w)
        count = ((hend - hstart)[:, :, None] * (wend - wstart)[:, None, :])
        inverse = numpy.where(count > 0, 1.0 / numpy.maximum(count, 1), 0.0)
        r, oh, ow, size = index.shape
        self._index = xp.asarray(index.reshape(r, 1, oh, ow, size))
        self._weight = xp.asarray(
            numpy.broadcast_to(inverse[:, None, :, :, None], (r, 1, oh, ow, size))
            .astype(x.dtype))
        values = _roi.gather(x, batch, self._index)  # (R, C, oh, ow, size)
        y = (values * self._weight).sum(axis=-1)
        return xp.asarray(y, dtype=x.dtype)

    def _backward_x(self, gy):
        return _roi.scatter(_roi.broadcast_mul(gy, self._weight), self._batch,
                            self._index, self._x_shape)


def roi_average_pooling_2d(x, rois, roi_indices, outsize, spatial_scale):
    """Spatial region-of-interest average pooling.

    The bins are those of :func:`roi_max_pooling_2d` (boxes
    ``(y_min, x_min, y_max, x_max)`` of images ``roi_indices``, scaled by
    ``spatial_scale`` and rounded to pixels); each output is the mean of the pixels
    of its bin, or 0 for a bin outside the image.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes of shape ``(R, 4)``.
        roi_indices (Variable or array): int array ``(R,)``.
        outsize (int or pair of ints): output size ``(out_h, out_w)``.
        spatial_scale (float): scale from box coordinates to pixels of ``x``.
    Returns:
        Variable of shape ``(R, c, out_h, out_w)``.
    """
    y, = ROIAveragePooling2D(outsize, spatial_scale).apply((x, rois, roi_indices))
    return y
