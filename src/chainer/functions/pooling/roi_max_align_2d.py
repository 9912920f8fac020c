"""ROI align with maximum, ``roi_max_align_2d``."""
import numpy

from chainer.functions.pooling import _roi
from chainer.functions.pooling import roi_average_align_2d


class ROIMaxAlign2D(roi_average_align_2d.ROIAverageAlign2D):
    """Maximum of bilinear samples over the bins of each region; see
    :func:`roi_max_align_2d`."""

    _func_name = 'roi_max_align_2d'

    def _pool(self, xp, x, boxes, batch):
        n, c, h, w = x.shape
        index, weight, valid, grid = self._samples(boxes, h, w)
        r, oh, ow, gh, gw = valid.shape
        s = gh * gw
        index_x = xp.asarray(index.reshape(r, 1, oh, ow, s, 4))
        weight_x = xp.asarray(weight.reshape(r, 1, oh, ow, s, 4).astype(x.dtype))
        samples = (_roi.gather(x, batch, index_x) * weight_x).sum(axis=-1)
        valid_x = xp.asarray(valid.reshape(r, 1, oh, ow, s))
        samples = xp.where(valid_x, samples, x.dtype.type(-numpy.inf))
        best = samples.argmax(axis=-1)[..., None, None]  # (R, C, oh, ow, 1, 1)
        shape = (r, c, oh, ow, s, 4)
        chosen_index = xp.take_along_axis(xp.broadcast_to(index_x, shape), best,
                                          axis=-2)[..., 0, :]
        chosen_weight = xp.take_along_axis(xp.broadcast_to(weight_x, shape), best,
                                           axis=-2)[..., 0, :]
        # A bin without any sample inside the image gives 0.
        self._index = chosen_index      # (R, C, oh, ow, 4)
        self._weight = chosen_weight
        y = (_roi.gather(x, batch, chosen_index) * chosen_weight).sum(axis=-1)
        return xp.asarray(y, dtype=x.dtype)


def roi_max_align_2d(x, rois, roi_indices, outsize, spatial_scale, sampling_ratio=None):
    """Spatial region-of-interest align with maximum.

    The sampling is that of :func:`roi_average_align_2d` (bins of the scaled,
    unrounded boxes, each sampled on a ``g_h x g_w`` grid by bilinear
    interpolation); each output is the largest of its samples that lie within one
    pixel of the image (0 if none does). The gradient goes, with the bilinear
    weights, to the four pixels around the first (row-major) largest sample.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes ``(y_min, x_min, y_max, x_max)`` of shape
            ``(R, 4)``.
        roi_indices (Variable or array): int array ``(R,)``.
        outsize (int or pair of ints): output size ``(out_h, out_w)``.
        spatial_scale (float): scale from box coordinates to pixels of ``x``.
        sampling_ratio (None, int or pair): samples per bin along each axis; a
            pair may hold None for an adaptive count on one axis, e.g.
            ``(None, 2)``.
    Returns:
        Variable of shape ``(R, c, out_h, out_w)``.
    """
    y, = ROIMaxAlign2D(outsize, spatial_scale, sampling_ratio).apply(
        (x, rois, roi_indices))
    return y
