"""convolution_2d, deconvolution_2d, dilated_convolution_2d, depthwise_convolution_2d."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _out_size(size, k, s, p, d, cover_all):
    dk = (k - 1) * d + 1
    if cover_all:
        return -(-(size + 2 * p - dk) // s) + 1
    return (size + 2 * p - dk) // s + 1


def conv2d_reference(x, W, b, stride, pad, dilate, groups, cover_all):
    """Direct convolution: one einsum per output pixel and group."""
    x = x.astype(numpy.float64)
    W = W.astype(numpy.float64)
    n, c, h, w = x.shape
    out_c, cg, kh, kw = W.shape
    (sy, sx), (ph, pw), (dy, dx) = stride, pad, dilate
    oh = _out_size(h, kh, sy, ph, dy, cover_all)
    ow = _out_size(w, kw, sx, pw, dx, cover_all)
    big = numpy.zeros((n, c, h + 2 * ph + sy + kh * dy, w + 2 * pw + sx + kw * dx))
    big[:, :, ph:ph + h, pw:pw + w] = x
    og = out_c // groups
    y = numpy.zeros((n, out_c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = big[:, :, i * sy:i * sy + (kh - 1) * dy + 1:dy,
                        j * sx:j * sx + (kw - 1) * dx + 1:dx]
            for g in range(groups):
                y[:, g * og:(g + 1) * og, i, j] = numpy.einsum(
                    'nckl,ockl->no', patch[:, g * cg:(g + 1) * cg],
                    W[g * og:(g + 1) * og])
    if b is not None:
        y += b[None, :, None, None]
    return y


def deconv2d_reference(x, W, b, stride, pad, dilate, groups, outsize):
    """Direct transposed convolution: each input pixel scatters W times itself."""
    x = x.astype(numpy.float64)
    W = W.astype(numpy.float64)
    n, in_c, h, w = x.shape
    _, og, kh, kw = W.shape
    (sy, sx), (ph, pw), (dy, dx) = stride, pad, dilate
    if outsize is None:
        outsize = (sy * (h - 1) + (kh - 1) * dy + 1 - 2 * ph,
                   sx * (w - 1) + (kw - 1) * dx + 1 - 2 * pw)
    oh, ow = outsize
    big = numpy.zeros((n, og * groups, oh + 2 * ph + sy * h + kh * dy,
                       ow + 2 * pw + sx * w + kw * dx))
    cg = in_c // groups
    for i in range(h):
        for j in range(w):
            for g in range(groups):
                contrib = numpy.einsum('nc,cokl->nokl', x[:, g * cg:(g + 1) * cg, i, j],
                                       W[g * cg:(g + 1) * cg])
                big[:, g * og:(g + 1) * og, i * sy:i * sy + (kh - 1) * dy + 1:dy,
                    j * sx:j * sx + (kw - 1) * dx + 1:dx] += contrib
    y = big[:, :, ph:ph + oh, pw:pw + ow]
    if b is not None:
        y = y + b[None, :, None, None]
    return y


def _tolerances(test, dtype):
    if dtype == numpy.float16:
        test.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
        test.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2, 'eps': 2 ** -3}
        test.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2,
                                              'eps': 2 ** -3}
    elif dtype == numpy.float32:
        test.check_forward_options = {'atol': 1e-5, 'rtol': 1e-5}
        test.check_backward_options = {'atol': 1e-3, 'rtol': 1e-3}
        test.check_double_backward_options = {'atol': 1e-3, 'rtol': 1e-3}
    else:
        test.check_forward_options = {'atol': 1e-12, 'rtol': 1e-12}
        test.check_backward_options = {'atol': 1e-6, 'rtol': 1e-5}
        test.check_double_backward_options = {'atol': 1e-6, 'rtol': 1e-5}


_CONV_CASES = [
    # in shape, out channels, kernel, stride, pad, dilate, groups, cover_all, bias
    {'x_shape': (2, 3, 5, 4), 'out_c': 2, 'ksize': (3, 3), 'stride': (1, 1),
     'pad': (1, 1), 'dilate': (1, 1), 'groups': 1, 'cover_all': False,
     'nobias': False},
    {'x_shape': (1, 4, 6, 5), 'out_c': 4, 'ksize': (2, 3), 'stride': (2, 1),
     'pad': (0, 2), 'dilate': (1, 2), 'groups': 2, 'cover_all': True,
     'nobias': False},
    {'x_shape': (2, 2, 7, 5), 'out_c': 3, 'ksize': (3, 2), 'stride': (3, 2),
     'pad': (1, 0), 'dilate': (2, 1), 'groups': 1, 'cover_all': True,
     'nobias': True},
]


@testing.parameterize(*testing.product_dict(_CONV_CASES, testing.product({
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestConvolution2D(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, self.dtype)

    def generate_inputs(self):
        c = self.x_shape[1]
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, (self.out_c, c // self.groups) +
                                 self.ksize).astype(self.dtype)
        if self.nobias:
            return x, W
        b = numpy.random.uniform(-1, 1, (self.out_c,)).astype(self.dtype)
        return x, W, b

    def forward(self, inputs, device):
        b = None if self.nobias else inputs[2]
        y = F.convolution_2d(inputs[0], inputs[1], b, self.stride, self.pad,
                             self.cover_all, dilate=self.dilate, groups=self.groups)
        return y,

    def forward_expected(self, inputs):
        b = None if self.nobias else inputs[2]
        y = conv2d_reference(inputs[0], inputs[1], b, self.stride, self.pad,
                             self.dilate, self.groups, self.cover_all)
        return y.astype(self.dtype),


_DECONV_CASES = [
    {'x_shape': (2, 3, 3, 4), 'out_c': 2, 'ksize': (3, 3), 'stride': (1, 1),
     'pad': (1, 1), 'dilate': (1, 1), 'groups': 1, 'outsize': None, 'nobias': False},
    {'x_shape': (1, 4, 3, 2), 'out_c': 2, 'ksize': (2, 3), 'stride': (2, 3),
     'pad': (0, 1), 'dilate': (1, 2), 'groups': 2, 'outsize': (7, 8),
     'nobias': False},
    {'x_shape': (2, 2, 2, 3), 'out_c': 3, 'ksize': (3, 2), 'stride': (3, 2),
     'pad': (1, 0), 'dilate': (2, 1), 'groups': 1, 'outsize': None, 'nobias': True},
]


@testing.parameterize(*testing.product_dict(_DECONV_CASES, testing.product({
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestDeconvolution2D(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, self.dtype)

    def generate_inputs(self):
        c = self.x_shape[1]
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, (c, self.out_c // self.groups) +
                                 self.ksize).astype(self.dtype)
        if self.nobias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, (self.out_c,)).astype(self.dtype)

    def forward(self, inputs, device):
        b = None if self.nobias else inputs[2]
        return F.deconvolution_2d(inputs[0], inputs[1], b, self.stride, self.pad,
                                  self.outsize, dilate=self.dilate,
                                  groups=self.groups),

    def forward_expected(self, inputs):
        b = None if self.nobias else inputs[2]
        y = deconv2d_reference(inputs[0], inputs[1], b, self.stride, self.pad,
                               self.dilate, self.groups, self.outsize)
        return y.astype(self.dtype),


@testing.parameterize(*testing.product({'dtype': DTYPES}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestDepthwiseConvolution2D(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, self.dtype)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (2, 3, 5, 4)).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, (2, 3, 3, 2)).astype(self.dtype)
        b = numpy.random.uniform(-1, 1, (6,)).astype(self.dtype)
        return x, W, b

    def forward(self, inputs, device):
        x, W, b = inputs
        return F.depthwise_convolution_2d(x, W, b, stride=(2, 1), pad=1),

    def forward_expected(self, inputs):
        x, W, b = (a.astype(numpy.float64) for a in inputs)
        multiplier, in_c, kh, kw = W.shape
        # Output channel i * c_M + m convolves input channel i with W[m, i].
        ys = []
        for i in range(in_c):
            for m in range(multiplier):
                ys.append(conv2d_reference(
                    x[:, i:i + 1], W[m:m + 1, i:i + 1], b[i * multiplier + m:
                                                         i * multiplier + m + 1],
                    (2, 1), (1, 1), (1, 1), 1, False))
        return numpy.concatenate(ys, axis=1).astype(self.dtype),


@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestDilatedConvolution2D(testing.FunctionTestCase):

    check_backward_options = {'atol': 1e-6, 'rtol': 1e-5}
    check_double_backward_options = {'atol': 1e-6, 'rtol': 1e-5}

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (2, 2, 6, 7))
        W = numpy.random.uniform(-1, 1, (3, 2, 2, 3))
        b = numpy.random.uniform(-1, 1, (3,))
        return x, W, b

    def forward(self, inputs, device):
        x, W, b = inputs
        return F.dilated_convolution_2d(x, W, b, stride=1, pad=(1, 2), dilate=(2, 3),
                                        cover_all=True),

    def forward_expected(self, inputs):
        x, W, b = inputs
        return conv2d_reference(x, W, b, (1, 1), (1, 2), (2, 3), 1, True),


def _xw(x_shape=(2, 3, 5, 5), w_shape=(4, 3, 3, 3), dtype=numpy.float32):
    return (numpy.random.uniform(-1, 1, x_shape).astype(dtype),
            numpy.random.uniform(-1, 1, w_shape).astype(dtype))


def test_output_sizes_follow_get_conv_outsize():
    x, W = _xw((1, 3, 32, 32), (4, 3, 3, 3))
    assert F.convolution_2d(x, W, pad=1).shape == (1, 4, 32, 32)
    assert F.convolution_2d(x, W, stride=2).shape == (1, 4, 15, 15)
    assert F.convolution_2d(x, W, stride=2, cover_all=True).shape == (1, 4, 16, 16)
    assert F.convolution_2d(x, W, dilate=2).shape == (1, 4, 28, 28)
    x2, W2 = _xw((1, 4, 8, 8), (6, 2, 1, 1))
    assert F.convolution_2d(x2, W2, groups=2).shape == (1, 6, 8, 8)


def test_dtype_is_kept_and_1x1_convolution_is_a_matrix_product():
    for dtype in DTYPES:
        x, W = _xw((2, 3, 4, 5), (6, 3, 1, 1), dtype)
        y = F.convolution_2d(x, W)
        assert y.dtype == dtype
        expected = numpy.einsum('nchw,oc->nohw', x.astype(numpy.float64),
                                W[:, :, 0, 0].astype(numpy.float64))
        tol = 1e-2 if dtype == numpy.float16 else 1e-5
        numpy.testing.assert_allclose(y.array, expected, atol=tol, rtol=tol)


def test_deconvolution_is_the_adjoint_of_convolution():
    x, W = _xw((2, 4, 7, 6), (6, 2, 3, 2), numpy.float64)
    kwargs = dict(stride=(2, 3), pad=(1, 1), dilate=(1, 2), groups=2)
    y = F.convolution_2d(x, W, cover_all=True, **kwargs).array
    z = numpy.random.standard_normal(y.shape)
    back = F.deconvolution_2d(z, W, outsize=x.shape[2:], **kwargs).array
    numpy.testing.assert_allclose((y * z).sum(), (x * back).sum(), rtol=1e-10)


def test_deconvolution_output_size_and_outsize_check():
    x = numpy.zeros((1, 2, 4, 4), numpy.float32)
    W = numpy.zeros((2, 3, 3, 3), numpy.float32)
    assert F.deconvolution_2d(x, W, stride=2, pad=1).shape == (1, 3, 7, 7)
    assert F.deconvolution_2d(x, W, stride=2, pad=1, outsize=(8, 8)).shape == \
        (1, 3, 8, 8)
    with pytest.raises(type_check.InvalidType) as info:
        F.deconvolution_2d(x, W, stride=2, pad=1, outsize=(10, 8))
    assert 'Deconvolution2DFunction' in str(info.value)
    assert 'get_conv_outsize(outsize[0]=10' in str(info.value)


def test_gradients_of_gradients_are_convolutions():
    # d/dW of <conv(x, W), gy> is linear in gy; its gradient with respect to gy
    # contracted with ggW is conv(x, ggW): check by a second backward.
    x, W = _xw((1, 2, 4, 4), (3, 2, 3, 3), numpy.float64)
    xv = chainer.Variable(x)
    Wv = chainer.Variable(W)
    gy = chainer.Variable(numpy.random.standard_normal((1, 3, 4, 4)))
    y = F.convolution_2d(xv, Wv, pad=1)
    gW, = chainer.grad([y], [Wv], grad_outputs=[gy], enable_double_backprop=True)
    ggW = numpy.random.standard_normal(W.shape)
    ggy, = chainer.grad([gW], [gy], grad_outputs=[chainer.Variable(ggW)])
    numpy.testing.assert_allclose(
        ggy.array, conv2d_reference(x, ggW, None, (1, 1), (1, 1), (1, 1), 1, False),
        rtol=1e-10, atol=1e-12)


def test_bad_inputs_raise_type_errors():
    x, W = _xw()
    with pytest.raises(type_check.InvalidType) as info:
        F.convolution_2d(x[0], W)
    assert 'Convolution2DFunction (Forward)' in str(info.value)
    assert 'x.ndim == 4' in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        F.convolution_2d(x, W[:, :2])
    assert 'x.shape[1] == W.shape[1] * 1' in str(info.value)
    assert 'Actual: 3 != 2' in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        F.convolution_2d(x, W, numpy.zeros(5, numpy.float32))
    assert 'b.shape[0] == W.shape[0]' in str(info.value)
    with pytest.raises(type_check.InvalidType):
        F.convolution_2d(x.astype(numpy.int32), W)
    with pytest.raises(type_check.InvalidType) as info:
        F.convolution_2d(numpy.zeros((1, 4, 5, 5), numpy.float32),
                         numpy.zeros((3, 2, 3, 3), numpy.float32), groups=2)
    assert 'W.shape[0] % 2 == 0' in str(info.value)


def test_bad_arguments():
    x, W = _xw()
    with pytest.raises(ValueError, match='output would be empty'):
        F.convolution_2d(x, numpy.zeros((2, 3, 7, 7), numpy.float32))
    with pytest.raises(ValueError, match='stride must be positive'):
        F.convolution_2d(x, W, stride=0)
    with pytest.raises(ValueError, match='pad must be non-negative'):
        F.convolution_2d(x, W, pad=-1)
    with pytest.raises(ValueError, match='groups must be positive'):
        F.convolution_2d(x, W, groups=0)
    with pytest.raises(ValueError, match='deterministic argument is not supported'):
        F.convolution_2d(x, W, deterministic=True)
    with pytest.raises(TypeError, match='unexpected keyword'):
        F.convolution_2d(x, W, foo=1)
    with pytest.raises(ValueError, match='stride must be an int or a sequence of 2'):
        F.convolution_2d(x, W, stride=(1, 1, 1))


def test_function_node_attributes():
    node = F.Convolution2DFunction(stride=(2, 3), pad=(1, 0), cover_all=True,
                                   dilate=(1, 2), groups=1)
    assert (node.sy, node.sx, node.ph, node.pw, node.dy, node.dx) == \
        (2, 3, 1, 0, 1, 2)
    assert node.cover_all and node.groups == 1
    dnode = F.Deconvolution2DFunction(stride=2, pad=1, outsize=(5, 6))
    assert (dnode.sy, dnode.outh, dnode.outw) == (2, 5, 6)


def test_deconvolution_outsize_needing_cover_all_on_one_axis_only():
    # Output 8 with stride 2 and kernel 3 maps back to 4 with cover_all and to 3
    # without it; here the height needs it and the width does not: the gradients
    # must still have the shape of x.
    x = numpy.random.standard_normal((1, 2, 4, 3))
    W = numpy.random.standard_normal((2, 3, 3, 3))
    f = lambda x, W: F.deconvolution_2d(x, W, stride=2, outsize=(8, 8))  # NOQA
    y = f(x, W)
    assert y.shape == (1, 3, 8, 8)
    numpy.testing.assert_allclose(
        y.array, deconv2d_reference(x, W, None, (2, 2), (0, 0), (1, 1), 1, (8, 8)),
        rtol=1e-12, atol=1e-12)
    gy = numpy.random.standard_normal(y.shape)
    gradient_check.check_backward(f, (x, W), gy, atol=1e-6, rtol=1e-5)
    gradient_check.check_double_backward(
        f, (x, W), gy, (numpy.random.standard_normal(x.shape),
                        numpy.random.standard_normal(W.shape)), atol=1e-6, rtol=1e-5)


def test_empty_batch():
    x = chainer.Variable(numpy.zeros((0, 3, 5, 5), numpy.float32))
    W = chainer.Variable(numpy.ones((4, 3, 3, 3), numpy.float32))
    y = F.convolution_2d(x, W, pad=1)
    assert y.shape == (0, 4, 5, 5)
    y.grad = numpy.zeros(y.shape, numpy.float32)
    y.backward()
    assert x.grad.shape == x.shape
    numpy.testing.assert_array_equal(W.grad, numpy.zeros(W.shape))
    assert F.deconvolution_2d(numpy.zeros((0, 4, 3, 3), numpy.float32), W.array,
                              stride=2).shape == (0, 3, 7, 7)
