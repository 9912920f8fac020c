"""roi_pooling_2d, roi_max_pooling_2d, roi_average_pooling_2d, roi_max_align_2d,
roi_average_align_2d."""
import math

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]

# Boxes (y_min, x_min, y_max, x_max) with their image; the last ones reach outside
# the image.
ROIS = numpy.array([[1.2, 2.0, 7.1, 9.3],
                    [0.0, 0.0, 11.0, 9.0],
                    [3.3, 4.1, 5.2, 5.0],
                    [-2.0, -3.0, 4.0, 14.0],
                    [9.5, 7.5, 30.0, 25.0]])
ROI_INDICES = numpy.array([0, 1, 1, 0, 1], numpy.int32)


def _round(v):
    # Rounding half away from zero, like C's round().
    return math.floor(abs(v) + 0.5) * (1 if v >= 0 else -1)


def roi_pool_reference(x, rois, roi_indices, outh, outw, scale, mode):
    """Fast R-CNN binning, by explicit loops."""
    n, c, h, w = x.shape
    y = numpy.zeros((len(rois), c, outh, outw))
    for r, (y1, x1, y2, x2) in enumerate(rois):
        sh, sw = _round(y1 * scale), _round(x1 * scale)
        eh, ew = _round(y2 * scale), _round(x2 * scale)
        rh, rw = max(eh - sh + 1, 1), max(ew - sw + 1, 1)
        for i in range(outh):
            for j in range(outw):
                hs = min(max(math.floor(i * rh / outh) + sh, 0), h)
                he = min(max(math.ceil((i + 1) * rh / outh) + sh, 0), h)
                ws = min(max(math.floor(j * rw / outw) + sw, 0), w)
                we = min(max(math.ceil((j + 1) * rw / outw) + sw, 0), w)
                if he <= hs or we <= ws:
                    continue
                block = x[roi_indices[r], :, hs:he, ws:we].astype(numpy.float64)
                y[r, :, i, j] = block.max(axis=(1, 2)) if mode == 'max' else \
                    block.mean(axis=(1, 2))
    return y


def _bilinear(img, yy, xx):
    h, w = img.shape[-2:]
    if yy < -1 or yy > h or xx < -1 or xx > w:
        return None
    yy, xx = max(yy, 0.0), max(xx, 0.0)
    yl, xl = int(math.floor(yy)), int(math.floor(xx))
    if yl >= h - 1:
        yl = yh = h - 1
        yy = float(yl)
    else:
        yh = yl + 1
    if xl >= w - 1:
        xl = xh = w - 1
        xx = float(xl)
    else:
        xh = xl + 1
    ly, lx = yy - yl, xx - xl
    return ((1 - ly) * (1 - lx) * img[:, yl, xl] + (1 - ly) * lx * img[:, yl, xh] +
            ly * (1 - lx) * img[:, yh, xl] + ly * lx * img[:, yh, xh])


def roi_align_reference(x, rois, roi_indices, outh, outw, scale, ratio, mode):
    """ROIAlign sampling, by explicit loops."""
    n, c, h, w = x.shape
    x = x.astype(numpy.float64)
    y = numpy.zeros((len(rois), c, outh, outw))
    for r, box in enumerate(rois):
        y1, x1, y2, x2 = box * scale
        rh, rw = max(y2 - y1, 1.0), max(x2 - x1, 1.0)
        bh, bw = rh / outh, rw / outw
        gh = ratio[0] if ratio and ratio[0] is not None else math.ceil(rh / outh)
        gw = ratio[1] if ratio and ratio[1] is not None else math.ceil(rw / outw)
        for i in range(outh):
            for j in range(outw):
                samples = [_bilinear(x[roi_indices[r]], y1 + i * bh + (a + .5) * bh / gh,
                                     x1 + j * bw + (b + .5) * bw / gw)
                           for a in range(gh) for b in range(gw)]
                if mode == 'avg':
                    y[r, :, i, j] = sum(0 if s is None else s for s in samples) / (
                        gh * gw)
                else:
                    inside = [s for s in samples if s is not None]
                    if inside:
                        y[r, :, i, j] = numpy.max(inside, axis=0)
    return y


def _tolerances(test):
    if test.dtype == numpy.float16:
        test.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
        test.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        test.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
    else:
        test.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
        test.check_double_backward_options = {'atol': 1e-4, 'rtol': 1e-3}


def _distinct(shape, dtype):
    size = int(numpy.prod(shape))
    values = numpy.random.permutation(size).astype(numpy.float64)
    return ((values / size) * 2 - 1).reshape(shape).astype(dtype)


_CASES = [
    {'func': 'roi_max_pooling_2d', 'outsize': (3, 2), 'scale': 0.6, 'ratio': None},
    {'func': 'roi_average_pooling_2d', 'outsize': (2, 3), 'scale': 1.0, 'ratio': None},
    {'func': 'roi_pooling_2d', 'outsize': (3, 2), 'scale': 0.6, 'ratio': None},
    {'func': 'roi_average_align_2d', 'outsize': (3, 2), 'scale': 0.7, 'ratio': None},
    {'func': 'roi_average_align_2d', 'outsize': (2, 2), 'scale': 0.5, 'ratio': (2, 1)},
    {'func': 'roi_max_align_2d', 'outsize': (3, 2), 'scale': 0.7, 'ratio': None},
    {'func': 'roi_max_align_2d', 'outsize': 2, 'scale': 0.5, 'ratio': 2},
    # None on one axis: the adaptive count there
    {'func': 'roi_average_align_2d', 'outsize': (2, 3), 'scale': 0.7, 'ratio': (None, 2)},
    {'func': 'roi_max_align_2d', 'outsize': (3, 2), 'scale': 1.2,
     'ratio': (numpy.int32(2), None)},
]


@testing.parameterize(*testing.product_dict(_CASES, testing.product({
    'dtype': DTYPES})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestROIFunctions(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)
        if 'max' in self.func or self.func == 'roi_pooling_2d':
            self.check_backward_options['eps'] = 2 ** -10

    def generate_inputs(self):
        # Only x is differentiated: the boxes are constants (the functions give
        # them no gradient, and the binning is piecewise constant in them).
        return _distinct((2, 3, 12, 10), self.dtype),

    def forward(self, inputs, device):
        x, = inputs
        rois = device.send(ROIS.astype(self.dtype))
        roi_indices = device.send(ROI_INDICES)
        f = getattr(F, self.func)
        if self.func == 'roi_pooling_2d':
            rois5 = device.send(numpy.concatenate(
                [ROI_INDICES[:, None], ROIS[:, [1, 0, 3, 2]]], axis=1).astype(
                    self.dtype))
            return f(x, rois5, self.outsize[0], self.outsize[1], self.scale),
        if 'align' in self.func:
            return f(x, rois, roi_indices, self.outsize, self.scale, self.ratio),
        return f(x, rois, roi_indices, self.outsize, self.scale),

    def forward_expected(self, inputs):
        x = inputs[0]
        outsize = self.outsize if isinstance(self.outsize, tuple) else (
            self.outsize, self.outsize)
        rois = ROIS.astype(self.dtype).astype(numpy.float64)
        if 'align' in self.func:
            ratio = self.ratio if self.ratio is None or isinstance(self.ratio, tuple) \
                else (self.ratio, self.ratio)
            y = roi_align_reference(x, rois, ROI_INDICES, outsize[0], outsize[1],
                                    self.scale, ratio,
                                    'avg' if 'average' in self.func else 'max')
        else:
            y = roi_pool_reference(x, rois, ROI_INDICES, outsize[0], outsize[1],
                                   self.scale,
                                   'avg' if 'average' in self.func else 'max')
        return y.astype(self.dtype),


def test_roi_max_pooling_gradient_goes_to_the_argmax():
    x = chainer.Variable(numpy.zeros((1, 1, 4, 4), numpy.float32))
    x.array[0, 0, 1, 2] = 1  # the maximum of the whole box
    y = F.roi_max_pooling_2d(x, numpy.array([[0, 0, 3, 3]], numpy.float32),
                             numpy.array([0], numpy.int32), 1, 1.0)
    y.grad = numpy.full(y.shape, 3, numpy.float32)
    y.backward()
    expected = numpy.zeros((4, 4), numpy.float32)
    expected[1, 2] = 3
    numpy.testing.assert_array_equal(x.grad[0, 0], expected)


def test_roi_average_align_of_a_constant_image_is_constant():
    x = numpy.full((1, 2, 6, 6), 2.5)
    rois = numpy.array([[0.5, 0.5, 4.5, 5.0], [1, 1, 2, 2]])
    y = F.roi_average_align_2d(x, rois, numpy.array([0, 0], numpy.int32), 3, 1.0)
    numpy.testing.assert_allclose(y.array, 2.5, rtol=1e-12)


def test_roi_errors():
    x = numpy.zeros((1, 1, 4, 4), numpy.float32)
    rois = numpy.zeros((2, 4), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        F.roi_max_pooling_2d(x, rois, numpy.zeros(3, numpy.int32), 2, 1.0)
    assert 'rois.shape[0] == roi_indices.shape[0]' in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        F.roi_average_align_2d(x, rois[:, :3], numpy.zeros(2, numpy.int32), 2, 1.0)
    assert 'rois.shape[1] == 4' in str(info.value)
    with pytest.raises(ValueError, match=r'roi_indices must be in \[0, 1\)'):
        F.roi_average_pooling_2d(x, rois, numpy.array([0, 1], numpy.int32), 2, 1.0)
    with pytest.raises(ValueError, match='spatial_scale must be a positive number'):
        F.roi_max_align_2d(x, rois, numpy.zeros(2, numpy.int32), 2, 0)
    for ratio in (0, (None, 0), (1, 2, 3), 1.5, (True, 1)):
        with pytest.raises(ValueError, match='sampling_ratio must be None, a positive '
                           'int or a pair'):
            F.roi_max_align_2d(x, rois, numpy.zeros(2, numpy.int32), 2, 1.0, ratio)
    with pytest.raises(ValueError, match='outsize must be a positive int'):
        F.roi_max_pooling_2d(x, rois, numpy.zeros(2, numpy.int32), (2, 0), 1.0)
    with pytest.raises(type_check.InvalidType) as info:
        F.roi_pooling_2d(x, rois, 2, 2, 1.0)
    assert 'rois.shape[1] == 5' in str(info.value)
    with pytest.raises(ValueError, match='batch index'):
        F.roi_pooling_2d(x, numpy.array([[0.5, 0, 0, 1, 1]], numpy.float32), 2, 2, 1.0)


def test_rois_receive_no_gradient():
    x = chainer.Variable(numpy.random.standard_normal((1, 2, 5, 5)))
    rois = chainer.Variable(numpy.array([[0.5, 0.5, 3.5, 4.0]]))
    y = F.roi_average_align_2d(x, rois, numpy.array([0], numpy.int32), 2, 1.0)
    y.grad = numpy.ones(y.shape)
    y.backward()
    assert rois.grad is None
    assert x.grad is not None
    # Each output is a mean of samples, so the gradient sums to the output count.
    numpy.testing.assert_allclose(x.grad.sum(), y.size, rtol=1e-12)
