"""ROI pooling of Fast R-CNN, ``roi_pooling_2d``."""
import numpy

from chainer.backends import cuda
from chainer.functions.pooling import roi_max_pooling_2d
from chainer.utils import type_check


class ROIPooling2D(roi_max_pooling_2d.ROIMaxPooling2D):
    """Max over the bins of each region, boxes given as ``(batch_index, x_min,
    y_min, x_max, y_max)``; see :func:`roi_pooling_2d`."""

    _func_name = 'roi_pooling_2d'

    def __init__(self, outh, outw, spatial_scale):
        super().__init__((outh, outw), spatial_scale)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'rois'))
        x_type, rois_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'f',
            x_type.ndim == 4,
            rois_type.dtype.kind == 'f',
            rois_type.ndim == 2,
            rois_type.shape[1] == 5,
        )

    def forward(self, inputs):
        x, rois = inputs
        boxes = numpy.asarray(cuda.to_cpu(rois), dtype=numpy.float64)
        batch = boxes[:, 0]
        if not (numpy.floor(batch) == batch).all():
            raise ValueError('roi_pooling_2d: the first column of rois (the batch '
                             'index) must hold integers')
        xp = cuda.get_array_module(x)
        # (batch, x1, y1, x2, y2) -> (y1, x1, y2, x2)
        yx = xp.asarray(boxes[:, [2, 1, 4, 3]].astype(x.dtype))
        return super().forward((x, yx, xp.asarray(batch.astype(numpy.int32))))


def roi_pooling_2d(x, rois, outh, outw, spatial_scale):
    """Spatial region-of-interest pooling of Fast R-CNN.

    Each row ``rois[r] = (batch_index, x_min, y_min, x_max, y_max)`` names an image
    of ``x`` and a box in it. The box is scaled by ``spatial_scale`` and rounded to
    pixels (corners included, at least one pixel wide), split into ``outh x outw``
    bins (bin ``p`` of ``n`` along an axis of length ``L`` spans
    ``[floor(p L / n), ceil((p + 1) L / n))``, clipped to the image), and each output
    is the maximum of its bin (0 for a bin outside the image). The gradient goes to
    the first pixel of the bin (row-major) holding the maximum.

    See `Fast R-CNN <https://arxiv.org/abs/1504.08083>`_.

    Args:
        x (Variable or array): input of shape ``(n, c, h, w)``.
        rois (Variable or array): float array of shape ``(R, 5)``.
        outh (int): output height.
        outw (int): output width.
        spatial_scale (float): scale from box coordinates to pixels of ``x``.
    Returns:
        Variable of shape ``(R, c, outh, outw)``.
    """
    y, = ROIPooling2D(outh, outw, spatial_scale).apply((x, rois))
    return y
