import numpy
import pytest

import chainer
from chainer import gradient_check
from chainer import initializers
import chainer.links as L


def _conv_ref(x, W, b, stride, pad, dilate=(1, 1), groups=1):
    # Direct loop convolution (cross-correlation), NCHW.
    n, c, h, w = x.shape
    o, cg, kh, kw = W.shape
    sy, sx = stride
    ph, pw = pad
    dy, dx = dilate
    xp = numpy.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out_h = (h + 2 * ph - (kh - 1) * dy - 1) // sy + 1
    out_w = (w + 2 * pw - (kw - 1) * dx - 1) // sx + 1
    y = numpy.zeros((n, o, out_h, out_w))
    og = o // groups
    for oc in range(o):
        g = oc // og
        for i in range(out_h):
            for j in range(out_w):
                for ky in range(kh):
                    for kx in range(kw):
                        patch = xp[:, g * cg:(g + 1) * cg, i * sy + ky * dy,
                                   j * sx + kx * dx]
                        y[:, oc, i, j] += patch @ W[oc, :, ky, kx]
        if b is not None:
            y[:, oc] += b[oc]
    return y


def _deconv_ref(x, W, b, stride, pad, out_size):
    # Scatter each input pixel times the filter into the (padded) output.
    n, c, h, w = x.shape
    _, o, kh, kw = W.shape
    sy, sx = stride
    ph, pw = pad
    full = numpy.zeros((n, o, (h - 1) * sy + kh, (w - 1) * sx + kw))
    for i in range(h):
        for j in range(w):
            full[:, :, i * sy:i * sy + kh, j * sx:j * sx + kw] += numpy.einsum(
                'nc,cokl->nokl', x[:, :, i, j], W)
    y = full[:, :, ph:ph + out_size[0], pw:pw + out_size[1]]
    if b is not None:
        y = y + b.reshape(1, -1, 1, 1)
    return y


def _rand(*shape):
    return numpy.random.uniform(-1, 1, shape)


class TestConvolution2D:

    @pytest.mark.parametrize('groups', [1, 2])
    def test_forward(self, groups):
        link = L.Convolution2D(4, 6, 3, stride=(2, 1), pad=1, dilate=(1, 2),
                               groups=groups)
        assert link.W.shape == (6, 4 // groups, 3, 3)
        numpy.testing.assert_array_equal(link.b.array, 0)
        link.b.array[...] = _rand(6)
        x = _rand(2, 4, 5, 6).astype(numpy.float32)
        expected = _conv_ref(x, link.W.array, link.b.array, (2, 1), (1, 1), (1, 2),
                             groups)
        numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-4, atol=1e-5)

    def test_lazy_and_two_argument_forms(self):
        for link in (L.Convolution2D(3, 2), L.Convolution2D(None, 3, 2)):
            assert link.W.array is None and link.out_channels == 3
            y = link(numpy.ones((1, 5, 4, 4), numpy.float32))
            assert link.W.shape == (3, 5, 2, 2) and y.shape == (1, 3, 3, 3)

    def test_options(self):
        link = L.Convolution2D(2, 3, 1, nobias=True, initialW=initializers.One())
        assert link.b is None
        numpy.testing.assert_array_equal(link.W.array, 1)
        link = L.Convolution2D(2, 3, 1, initial_bias=0.5)
        numpy.testing.assert_array_equal(link.b.array, 0.5)
        with pytest.raises(ValueError, match='deterministic argument'):
            L.Convolution2D(2, 3, 1, deterministic=True)
        with pytest.raises(ValueError, match='groups'):
            L.Convolution2D(3, 4, 1, groups=2)

    def test_from_params(self):
        W = _rand(4, 2, 2, 2).astype(numpy.float32)
        b = _rand(4).astype(numpy.float32)
        link = L.Convolution2D.from_params(W, b, stride=2, groups=2)
        assert link.W.shape == (4, 2, 2, 2) and link.groups == 2
        assert link.stride == (2, 2)
        numpy.testing.assert_array_equal(link.W.array, W)
        numpy.testing.assert_array_equal(link.b.array, b)
        assert link.in_channels == 4

    def test_printable_specs(self):
        text = str(L.Convolution2D(2, 3, 3, pad=1))
        assert 'in_channels=2' in text and 'pad=(1, 1)' in text

    def test_backward(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.Convolution2D(2, 2, 2, pad=1)
        x = _rand(1, 2, 3, 3)
        gradient_check.check_backward(link, x, _rand(1, 2, 4, 4),
                                      params=(link.W, link.b))


class TestConvolutionND:

    def test_3d(self):
        link = L.Convolution3D(2, 3, (2, 1, 2), stride=(1, 2, 1), pad=(0, 1, 0))
        assert link.W.shape == (3, 2, 2, 1, 2)
        x = _rand(2, 2, 3, 4, 3).astype(numpy.float32)
        y = link(x).array
        W = link.W.array
        # Reference: the 3-D convolution as a sum of 2-D ones over the first axis.
        xp = numpy.pad(x, ((0, 0), (0, 0), (0, 0), (1, 1), (0, 0)))
        for d in range(2):
            expected = sum(_conv_ref(xp[:, :, d + kd], W[:, :, kd], None, (2, 1),
                                     (0, 0)) for kd in range(2))
            numpy.testing.assert_allclose(y[:, :, d], expected, rtol=1e-4, atol=1e-5)

    def test_1d(self):
        link = L.Convolution1D(3, 2, 3, pad=1)
        x = _rand(2, 3, 5).astype(numpy.float32)
        expected = _conv_ref(x[:, :, :, None], link.W.array[:, :, :, None],
                             link.b.array, (1, 1), (1, 0))[:, :, :, 0]
        numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-4, atol=1e-5)

    def test_nd_lazy_cover_all_and_groups(self):
        link = L.ConvolutionND(2, 4, 3, stride=2, cover_all=True)
        y = link(numpy.ones((1, 6, 4, 4), numpy.float32))
        assert link.W.shape == (4, 6, 3, 3)
        assert y.shape == (1, 4, 2, 2)     # cover_all adds the last window
        link = L.ConvolutionND(2, 4, 6, 1, groups=2)
        assert link.W.shape == (6, 2, 1, 1)

    def test_from_params(self):
        link = L.ConvolutionND.from_params(numpy.ones((3, 2, 2, 2, 2), 'f'))
        assert link.ndim == 3 and link.ksize == (2, 2, 2)
        link = L.Convolution1D.from_params(numpy.ones((3, 2, 2), 'f'), nobias=True)
        assert link.b is None
        with pytest.raises(ValueError, match='must be 5-dimensional'):
            L.Convolution3D.from_params(numpy.ones((3, 2, 2), 'f'))


class TestDeconvolution:

    def test_2d(self):
        link = L.Deconvolution2D(3, 2, 3, stride=2, pad=1)
        link.b.array[...] = _rand(2)
        assert link.W.shape == (3, 2, 3, 3)
        x = _rand(2, 3, 3, 4).astype(numpy.float32)
        y = link(x)
        assert y.shape == (2, 2, 5, 7)
        numpy.testing.assert_allclose(
            y.array, _deconv_ref(x, link.W.array, link.b.array, (2, 2), (1, 1),
                                 (5, 7)), rtol=1e-4, atol=1e-5)

    def test_outsize_and_lazy(self):
        link = L.Deconvolution2D(2, 3, stride=2, outsize=(6, 8))
        y = link(numpy.ones((1, 4, 3, 4), numpy.float32))
        assert link.W.shape == (4, 2, 3, 3) and y.shape == (1, 2, 6, 8)

    def test_groups(self):
        link = L.Deconvolution2D(4, 6, 1, groups=2)
        assert link.W.shape == (4, 3, 1, 1)

    def test_nd(self):
        link = L.Deconvolution1D(3, 2, 2, stride=2)
        x = _rand(1, 3, 4).astype(numpy.float32)
        expected = _deconv_ref(x[..., None], link.W.array[..., None], link.b.array,
                               (2, 1), (0, 0), (8, 1))[..., 0]
        numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-4, atol=1e-5)
        link = L.Deconvolution3D(2, 3, 2)
        assert link(numpy.ones((1, 2, 2, 2, 2), 'f')).shape == (1, 3, 3, 3, 3)
        link = L.DeconvolutionND(2, 4, (2, 1), nobias=True)
        assert link.b is None
        assert link(numpy.ones((1, 3, 2, 2), 'f')).shape == (1, 4, 3, 2)

    def test_backward(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.Deconvolution2D(2, 2, 2, stride=2)
        gradient_check.check_backward(link, _rand(1, 2, 2, 2), _rand(1, 2, 4, 4),
                                      params=(link.W, link.b))


class TestOtherConvolutions:

    def test_depthwise(self):
        link = L.DepthwiseConvolution2D(3, 2, 2, pad=1)
        assert link.W.shape == (2, 3, 2, 2) and link.b.shape == (6,)
        link.b.array[...] = _rand(6)
        x = _rand(2, 3, 3, 3).astype(numpy.float32)
        y = link(x).array
        for c in range(3):
            for m in range(2):
                expected = _conv_ref(x[:, c:c + 1], link.W.array[m:m + 1, c:c + 1],
                                     None, (1, 1), (1, 1))[:, 0]
                # Output channel c * multiplier + m.
                numpy.testing.assert_allclose(
                    y[:, c * 2 + m], expected + link.b.array[c * 2 + m], rtol=1e-4,
                    atol=1e-5)
        lazy = L.DepthwiseConvolution2D(None, 3, 1)
        lazy(numpy.ones((1, 2, 2, 2), 'f'))
        assert lazy.W.shape == (3, 2, 1, 1) and lazy.b.shape == (6,)

    def test_dilated(self):
        link = L.DilatedConvolution2D(2, 3, 2, pad=1, dilate=2)
        x = _rand(1, 2, 5, 5).astype(numpy.float32)
        expected = _conv_ref(x, link.W.array, link.b.array, (1, 1), (1, 1), (2, 2))
        numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-4, atol=1e-5)
        lazy = L.DilatedConvolution2D(3, 2)
        lazy(x)
        assert lazy.W.shape == (3, 2, 2, 2)

    def test_local(self):
        link = L.LocalConvolution2D(2, 3, in_size=4, ksize=2, stride=2)
        assert link.W.shape == (3, 2, 2, 2, 2, 2) and link.b.shape == (3, 2, 2)
        link.b.array[...] = _rand(3, 2, 2)
        x = _rand(2, 2, 4, 4).astype(numpy.float32)
        y = link(x).array
        expected = numpy.zeros((2, 3, 2, 2))
        for i in range(2):
            for j in range(2):
                patch = x[:, :, 2 * i:2 * i + 2, 2 * j:2 * j + 2]
                expected[:, :, i, j] = numpy.einsum(
                    'nckl,ockl->no', patch, link.W.array[:, i, j]) + link.b.array[:, i, j]
        numpy.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)
        lazy = L.LocalConvolution2D(None, 3, ksize=3)
        lazy(numpy.ones((1, 2, 5, 4), 'f'))
        assert lazy.W.shape == (3, 3, 2, 2, 3, 3)

    def test_deformable_starts_as_convolution(self):
        link = L.DeformableConvolution2D(2, 3, 3, pad=1)
        assert link.offset_conv.W.shape == (18, 2, 3, 3)
        numpy.testing.assert_array_equal(link.offset_conv.W.array, 0)
        assert link.deform_conv.W.shape == (3, 2, 3, 3)
        x = _rand(1, 2, 4, 4).astype(numpy.float32)
        expected = _conv_ref(x, link.deform_conv.W.array, link.deform_conv.b.array,
                             (1, 1), (1, 1))
        numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-4, atol=1e-5)
        assert sorted(n for n, _ in link.namedparams()) == [
            '/deform_conv/W', '/deform_conv/b', '/offset_conv/W', '/offset_conv/b']

    def test_deformable_backward(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.DeformableConvolution2D(1, 1, 2, offset_initialW=0.1)
        gradient_check.check_backward(link, _rand(1, 1, 3, 3) * 0.3, _rand(1, 1, 2, 2),
                                      params=tuple(link.params()), atol=1e-4,
                                      rtol=1e-3)


class TestEmbedID:

    def test_forward(self):
        link = L.EmbedID(5, 3, ignore_label=-1)
        assert link.W.shape == (5, 3) and link.ignore_label == -1
        x = numpy.array([[0, 4], [-1, 2]], numpy.int32)
        y = link(x).array
        numpy.testing.assert_array_equal(y[0, 1], link.W.array[4])
        numpy.testing.assert_array_equal(y[1, 0], 0)

    def test_default_initializer_is_standard_normal(self):
        w = L.EmbedID(1000, 20).W.array
        assert abs(w.std() - 1) < 0.05 and abs(w.mean()) < 0.05

    def test_from_params_and_backward(self):
        W = _rand(4, 2)
        link = L.EmbedID.from_params(W, ignore_label=0)
        numpy.testing.assert_array_equal(link.W.array, W)
        x = numpy.array([1, 1, 0, 3], numpy.int32)
        link.cleargrads()
        y = link(x)
        y.grad = numpy.ones_like(y.array)
        y.backward()
        numpy.testing.assert_array_equal(link.W.grad, [[0, 0], [2, 2], [0, 0], [1, 1]])

    def test_sizes_must_be_ints(self):
        with pytest.raises(TypeError, match='in_size must be a non-negative int .*'
                                            'got None'):
            L.EmbedID(None, 3)
        with pytest.raises(TypeError, match='out_size must be a non-negative int'):
            L.EmbedID(3, 2.5)
        assert L.EmbedID(numpy.int64(3), 2).W.shape == (3, 2)


class TestBilinear:

    def test_forward(self):
        link = L.Bilinear(3, 2, 4)
        assert link.W.shape == (3, 2, 4) and link.V1.shape == (3, 4)
        assert link.V2.shape == (2, 4) and link.b.shape == (4,)
        link.b.array[...] = _rand(4)
        e1 = _rand(5, 3).astype(numpy.float32)
        e2 = _rand(5, 2).astype(numpy.float32)
        expected = numpy.einsum('ni,ijk,nj->nk', e1, link.W.array, e2) + \
            e1 @ link.V1.array + e2 @ link.V2.array + link.b.array
        numpy.testing.assert_allclose(link(e1, e2).array, expected, rtol=1e-4,
                                      atol=1e-5)

    def test_nobias_and_initial_bias(self):
        link = L.Bilinear(3, 2, 4, nobias=True)
        assert [n for n, _ in link.namedparams()] == ['/W']
        e1 = _rand(1, 3).astype(numpy.float32)
        e2 = _rand(1, 2).astype(numpy.float32)
        numpy.testing.assert_allclose(
            link(e1, e2).array, numpy.einsum('ni,ijk,nj->nk', e1, link.W.array, e2),
            rtol=1e-5)
        link = L.Bilinear(3, 2, 4, initial_bias=(1, 2, 3))
        numpy.testing.assert_array_equal(link.V2.array, 2)
        numpy.testing.assert_array_equal(link.b.array, 3)
        with pytest.raises(ValueError, match='tuple of 3'):
            L.Bilinear(3, 2, 4, initial_bias=1)

    def test_zero_grads_is_deprecated(self):
        link = L.Bilinear(1, 1, 1)
        with pytest.warns(DeprecationWarning):
            link.zero_grads()
        numpy.testing.assert_array_equal(link.W.grad, 0)
