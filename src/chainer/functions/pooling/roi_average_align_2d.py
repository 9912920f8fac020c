"""ROI align with averaging, ``roi_average_align_2d``."""
from chainer.functions.pooling import _roi
from chainer.utils import _normalize


def _sampling_ratio(value, func_name):
    # None, a positive int, or a pair of those (None: adaptive on that axis).
    if value is None:
        return None
    try:
        pair = (value, value) if not hasattr(value, '__len__') else tuple(value)
    except TypeError:
        pair = ()
    if len(pair) != 2 or not all(
            r is None or (_normalize.is_int(r) and r >= 1) for r in pair):
        raise ValueError('{}: sampling_ratio must be None, a positive int or a pair '
                         'of those, got {!r}'.format(func_name, value))
    if pair == (None, None):
        return None
    return tuple(None if r is None else int(r) for r in pair)


class ROIAverageAlign2D(_roi.ROIFunctionBase):
    """Mean of bilinear samples over the bins of each region; see
    :func:`roi_average_align_2d`."""

    _func_name = 'roi_average_align_2d'

    def __init__(self, outsize, spatial_scale, sampling_ratio=None):
        self.outh, self.outw = _normalize.pair(outsize, 'outsize', self._func_name, minimum=1)
        self.spatial_scale = _roi.check_spatial_scale(spatial_scale, self._func_name)
        self.sampling_ratio = _sampling_ratio(sampling_ratio, self._func_name)

    def _samples(self, boxes, h, w):
        return _roi.align_samples(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3],
                                  self.spatial_scale, self.outh, self.outw,
                                  self.sampling_ratio, h, w)

    def _pool(self, xp, x, boxes, batch):
        n, c, h, w = x.shape
        index, weight, valid, grid = self._samples(boxes, h, w)
        r, oh, ow = index.shape[:3]
        m = index[0, 0, 0].size if r else 1
        weight = weight / grid[:, None, None, None, None, None]
        self._index = xp.asarray(index.reshape(r, 1, oh, ow, m))
        self._weight = xp.asarray(weight.reshape(r, 1, oh, ow, m).astype(x.dtype))
        values = _roi.gather(x, batch, self._index)
        y = (values * self._weight).sum(axis=-1)
        return xp.asarray(y, dtype=x.dtype)

    def _backward_x(self, gy):
        return _roi.scatter(_roi.broadcast_mul(gy, self._weight), self._batch,
                            self._index, self._x_shape)


def roi_average_align_2d(x, rois, roi_indices, outsize, spatial_scale,
                         sampling_ratio=None):
    """Spatial region-of-interest align with averaging (ROIAlign of Mask R-CNN).

    Each box ``rois[r] = (y_min, x_min, y_max, x_max)`` of image ``roi_indices[r]``
    is scaled by ``spatial_scale`` without rounding (and made at least 1 x 1), and
    split into ``outsize`` bins. Each bin is sampled on a regular
    ``g_h x g_w`` grid at the centres of its cells -- ``sampling_ratio``, or
    ``ceil(box size / outsize)`` per box along an axis where it is None -- each
    sample read by
    bilinear interpolation (a sample more than one pixel outside the image reads
    0), and the output is the mean of the samples.

    See `Mask R-CNN <https://arxiv.org/abs/1703.06870>`_.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        rois (Variable or array): boxes of shape ``(R, 4)``.
        roi_indices (Variable or array): int array ``(R,)``.
        outsize (int or pair of ints): output size ``(out_h, out_w)``.
        spatial_scale (float): scale from box coordinates to pixels of ``x``.
        sampling_ratio (None, int or pair): samples per bin along each axis; a
            pair may hold None for an adaptive count on one axis, e.g.
            ``(None, 2)``.
    Returns:
        Variable of shape ``(R, c, out_h, out_w)``.
    """
    y, = ROIAverageAlign2D(outsize, spatial_scale, sampling_ratio).apply(
        (x, rois, roi_indices))
    return y

