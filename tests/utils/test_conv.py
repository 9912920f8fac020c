"""chainer.utils.conv, conv_nd and conv_nd_kernel: output sizes, im2col, col2im."""
import itertools

import numpy
import pytest

from chainer import utils
from chainer.utils import conv
from chainer.utils import conv_nd
from chainer.utils import conv_nd_kernel


def _brute_conv_outsize(size, k, s, p, cover_all, d):
    # Count windows directly: window o covers padded pixels [o s, o s + dk).
    dk = (k - 1) * d + 1
    padded = size + 2 * p
    if not cover_all:
        return sum(1 for o in range(padded + 1) if o * s + dk <= padded)
    # As many windows as needed for the last one to reach the last padded pixel.
    o = 1
    while (o - 1) * s + dk < padded:
        o += 1
    return o


@pytest.mark.parametrize('size,k,s,p,d', list(itertools.product(
    [1, 4, 7, 10], [1, 2, 3], [1, 2, 3], [0, 1, 2], [1, 2])))
@pytest.mark.parametrize('cover_all', [False, True])
def test_get_conv_outsize_counts_windows(size, k, s, p, d, cover_all):
    dk = (k - 1) * d + 1
    if dk > size + 2 * p:
        return
    assert utils.get_conv_outsize(size, k, s, p, cover_all=cover_all, d=d) == \
        _brute_conv_outsize(size, k, s, p, cover_all, d)


@pytest.mark.parametrize('size,k,s,p,d', list(itertools.product(
    [1, 3, 6], [1, 2, 3], [1, 2, 3], [0, 1], [1, 2])))
@pytest.mark.parametrize('cover_all', [False, True])
def test_get_deconv_outsize_inverts_conv_outsize(size, k, s, p, d, cover_all):
    out = utils.get_deconv_outsize(size, k, s, p, cover_all=cover_all, d=d)
    if out <= 0:
        return
    # The deconvolution output, convolved back, gives the input size.
    assert utils.get_conv_outsize(out, k, s, p, cover_all=cover_all, d=d) == size
    # Explicit formulas of the documentation.
    dk = (k - 1) * d + 1
    expected = s * (size - 1) + dk - 2 * p
    if cover_all:
        expected = s * (size - 1) + dk - s + 1 - 2 * p
    assert out == expected


def test_known_values():
    assert conv.get_conv_outsize(32, 3, 1, 1) == 32
    assert conv.get_conv_outsize(32, 2, 2, 0) == 16
    assert conv.get_conv_outsize(5, 2, 2, 0, cover_all=True) == 3
    assert conv.get_conv_outsize(5, 2, 2, 0, cover_all=False) == 2
    assert conv.get_conv_outsize(7, 3, 1, 0, d=2) == 3
    assert conv.get_deconv_outsize(3, 4, 2, 1) == 6


def _im2col_reference(img, kh, kw, sy, sx, ph, pw, pval, dy, dx, out_h, out_w):
    n, c, h, w = img.shape
    col = numpy.empty((n, c, kh, kw, out_h, out_w), img.dtype)
    for i, j, y, x in itertools.product(range(kh), range(kw), range(out_h),
                                        range(out_w)):
        yy = y * sy - ph + i * dy
        xx = x * sx - pw + j * dx
        if 0 <= yy < h and 0 <= xx < w:
            col[:, :, i, j, y, x] = img[:, :, yy, xx]
        else:
            col[:, :, i, j, y, x] = pval
    return col


_GEOMETRIES = [
    # kh, kw, sy, sx, ph, pw, dy, dx, cover_all
    (3, 3, 1, 1, 1, 1, 1, 1, False),
    (2, 3, 2, 1, 0, 2, 1, 2, True),
    (3, 2, 3, 2, 1, 0, 2, 1, True),
    (1, 1, 1, 1, 0, 0, 1, 1, False),
]


@pytest.mark.parametrize('geometry', _GEOMETRIES)
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_im2col_cpu_matches_loops(geometry, dtype):
    kh, kw, sy, sx, ph, pw, dy, dx, cover_all = geometry
    img = numpy.random.uniform(-1, 1, (2, 3, 6, 7)).astype(dtype)
    out_h = conv.get_conv_outsize(6, kh, sy, ph, cover_all, dy)
    out_w = conv.get_conv_outsize(7, kw, sx, pw, cover_all, dx)
    col = conv.im2col_cpu(img, kh, kw, sy, sx, ph, pw, pval=-5, cover_all=cover_all,
                          dy=dy, dx=dx)
    expected = _im2col_reference(img, kh, kw, sy, sx, ph, pw, -5, dy, dx, out_h, out_w)
    assert col.dtype == dtype
    numpy.testing.assert_array_equal(col, expected)
    # The result is a new, writable array.
    col[...] = 0
    assert (img != 0).any()
    # im2col (any array module) and im2col_gpu use zero padding.
    col0 = conv.im2col(img, kh, kw, sy, sx, ph, pw, cover_all=cover_all, dy=dy, dx=dx)
    numpy.testing.assert_array_equal(col0, _im2col_reference(
        img, kh, kw, sy, sx, ph, pw, 0, dy, dx, out_h, out_w))
    numpy.testing.assert_array_equal(
        conv.im2col_gpu(img, kh, kw, sy, sx, ph, pw, cover_all, dy, dx), col0)


@pytest.mark.parametrize('geometry', _GEOMETRIES)
def test_col2im_is_adjoint_of_im2col(geometry):
    kh, kw, sy, sx, ph, pw, dy, dx, cover_all = geometry
    h, w = 6, 7
    img = numpy.random.standard_normal((2, 3, h, w))
    col = conv.im2col_cpu(img, kh, kw, sy, sx, ph, pw, cover_all=cover_all, dy=dy,
                          dx=dx)
    other = numpy.random.standard_normal(col.shape)
    back = conv.col2im_cpu(other, sy, sx, ph, pw, h, w, dy, dx)
    assert back.shape == img.shape
    assert back.flags.c_contiguous
    numpy.testing.assert_allclose((col * other).sum(), (img * back).sum(), rtol=1e-10)
    numpy.testing.assert_array_equal(conv.col2im(other, sy, sx, ph, pw, h, w, dy, dx),
                                     back)
    numpy.testing.assert_array_equal(
        conv.col2im_gpu(other, sy, sx, ph, pw, h, w, dy, dx), back)


def test_col2im_sums_overlapping_patches():
    # 1-pixel image seen by every offset of a 2x2 kernel with padding 1.
    col = numpy.ones((1, 1, 2, 2, 2, 2))
    img = conv.col2im_cpu(col, 1, 1, 1, 1, 1, 1)
    assert img.shape == (1, 1, 1, 1)
    assert img[0, 0, 0, 0] == 4


def test_im2col_empty_output_is_an_error():
    with pytest.raises(ValueError, match='output would be empty'):
        conv.im2col_cpu(numpy.zeros((1, 1, 2, 2)), 3, 3, 1, 1, 0, 0)


def test_col2im_rejects_wrong_rank():
    with pytest.raises(ValueError, match='col must have shape'):
        conv.col2im_cpu(numpy.zeros((1, 1, 2, 2)), 1, 1, 0, 0, 2, 2)


@pytest.mark.parametrize('shape,ksize,stride,pad,dilate,cover_all', [
    ((2, 2, 7), (3,), (2,), (1,), (1,), True),
    ((1, 2, 4, 5, 3), (2, 3, 1), (1, 2, 1), (1, 0, 0), (1, 1, 2), False),
    ((1, 1, 3, 4, 2), 2, 1, 1, 1, False),
])
def test_im2col_nd_matches_loops_and_col2im_nd_is_adjoint(shape, ksize, stride, pad,
                                                         dilate, cover_all):
    nd = len(shape) - 2
    img = numpy.random.standard_normal(shape)
    col = conv_nd.im2col_nd_cpu(img, ksize, stride, pad, pval=0, cover_all=cover_all,
                                dilate=dilate)
    ks, ss, ps, ds = (conv_nd.as_tuple(v, nd) for v in (ksize, stride, pad, dilate))
    outs = tuple(conv.get_conv_outsize(d, k, s, p, cover_all, dl)
                 for d, k, s, p, dl in zip(shape[2:], ks, ss, ps, ds))
    assert col.shape == shape[:2] + ks + outs
    for offs in itertools.product(*[range(k) for k in ks]):
        for pos in itertools.product(*[range(o) for o in outs]):
            src = tuple(o * s - p + k * dl for o, s, p, k, dl in
                        zip(pos, ss, ps, offs, ds))
            inside = all(0 <= v < d for v, d in zip(src, shape[2:]))
            want = img[(slice(None), slice(None)) + src] if inside else 0
            numpy.testing.assert_array_equal(
                col[(slice(None), slice(None)) + offs + pos], want)
    other = numpy.random.standard_normal(col.shape)
    back = conv_nd.col2im_nd_cpu(other, stride, pad, shape[2:], dilate)
    numpy.testing.assert_allclose((col * other).sum(), (img * back).sum(), rtol=1e-10)
    numpy.testing.assert_array_equal(
        conv_nd.im2col_nd(img, ksize, stride, pad, cover_all, dilate), col)
    numpy.testing.assert_array_equal(
        conv_nd.im2col_nd_gpu(img, ksize, stride, pad, cover_all, dilate), col)
    numpy.testing.assert_array_equal(
        conv_nd.col2im_nd(other, stride, pad, shape[2:], dilate), back)
    numpy.testing.assert_array_equal(
        conv_nd.col2im_nd_gpu(other, stride, pad, shape[2:], dilate), back)


def test_as_tuple():
    assert conv_nd.as_tuple(3, 2) == (3, 3)
    assert conv_nd.as_tuple([1, 2], 2) == (1, 2)
    with pytest.raises(ValueError, match='expected 3 values'):
        conv_nd.as_tuple((1, 2), 3)


def test_conv_nd_kernel_generates_functions_for_a_rank():
    img = numpy.random.standard_normal((1, 2, 4, 5))
    im2col = conv_nd_kernel.Im2colNDKernel().generate(2)
    col = im2col(img, 2, 1, 1)
    numpy.testing.assert_array_equal(col, conv_nd.im2col_nd_cpu(img, 2, 1, 1))
    col2im = conv_nd_kernel.Col2imNDKernel().generate(2)
    numpy.testing.assert_array_equal(col2im(col, 1, 1, (4, 5)),
                                     conv_nd.col2im_nd_cpu(col, 1, 1, (4, 5)))
    with pytest.raises(ValueError, match='2 spatial axes'):
        im2col(numpy.zeros((1, 1, 3)), 1, 1, 0)
    with pytest.raises(ValueError, match='ndim must be positive'):
        conv_nd_kernel.Col2imNDKernel().generate(0)
