import numpy
import pytest

import chainer.functions as F
from chainer.utils import type_check

DTYPES = (numpy.float16, numpy.float32, numpy.float64)


def _reference(x, out_shape, mode, align_corners):
    # Per-pixel interpolation written out with explicit loops.
    n, c, h, w = x.shape
    ho, wo = out_shape
    y = numpy.empty((n, c, ho, wo), numpy.float64)

    def source(i, n_out, n_in):
        if align_corners:
            return i * (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        return (i + 0.5) * n_in / n_out - 0.5

    for i in range(ho):
        for j in range(wo):
            u, v = source(i, ho, h), source(j, wo, w)
            if mode == 'nearest':
                if align_corners:
                    a, b = int(numpy.floor(u + 0.5)), int(numpy.floor(v + 0.5))
                else:
                    a, b = i * h // ho, j * w // wo
                y[:, :, i, j] = x[:, :, min(a, h - 1), min(b, w - 1)]
                continue
            u = min(max(u, 0), h - 1)
            v = min(max(v, 0), w - 1)
            a0, b0 = int(numpy.floor(u)), int(numpy.floor(v))
            a1, b1 = min(a0 + 1, h - 1), min(b0 + 1, w - 1)
            du, dv = u - a0, v - b0
            y[:, :, i, j] = ((1 - du) * (1 - dv) * x[:, :, a0, b0] +
                             (1 - du) * dv * x[:, :, a0, b1] +
                             du * (1 - dv) * x[:, :, a1, b0] +
                             du * dv * x[:, :, a1, b1])
    return y.astype(x.dtype)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('in_hw,out_hw', [((3, 4), (5, 7)), ((4, 5), (2, 3)),
                                          ((3, 3), (1, 1)), ((1, 2), (3, 3))])
@pytest.mark.parametrize('mode', ['bilinear', 'nearest'])
@pytest.mark.parametrize('align_corners', [True, False])
def test_resize_images(check, dtype, contiguous, in_hw, out_hw, mode, align_corners):
    x = numpy.random.uniform(-1, 1, (2, 2) + in_hw).astype(dtype)
    tol = dict(atol=5e-3, rtol=5e-3) if dtype == numpy.float16 else None
    check(lambda x: F.resize_images(x, out_hw, mode=mode, align_corners=align_corners),
          [x], _reference(x, out_hw, mode, align_corners), contiguous=contiguous,
          forward_tol=tol)


def test_resize_images_default_is_bilinear_aligned():
    x = numpy.array([[[[0, 1], [2, 3]]]], numpy.float32)
    numpy.testing.assert_allclose(F.resize_images(x, (3, 3)).array,
                                  [[[[0, .5, 1], [1, 1.5, 2], [2, 2.5, 3]]]])


def test_resize_images_errors():
    x = numpy.zeros((1, 1, 2, 2), 'f')
    with pytest.raises(ValueError, match='mode'):
        F.resize_images(x, (3, 3), mode='bicubic')
    with pytest.raises(ValueError, match='output_shape'):
        F.resize_images(x, (3,))
    with pytest.raises(ValueError, match='output_shape'):
        F.resize_images(x, (0, 3))
    with pytest.raises(type_check.InvalidType, match='ndim'):
        F.resize_images(numpy.zeros((2, 2, 2), 'f'), (3, 3))
    with pytest.raises(TypeError):
        F.resize_images(x, (3, 3), 'nearest')    # mode is keyword-only
