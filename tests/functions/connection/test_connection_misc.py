"""linear, bilinear, embed_id, local_convolution_2d, shift,
deformable_convolution_2d_sampler."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _tolerances(test, double_tol=None):
    if test.dtype == numpy.float16:
        test.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
        test.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2, 'eps': 2 ** -3}
        test.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2,
                                              'eps': 2 ** -3}
    elif test.dtype == numpy.float32:
        test.check_forward_options = {'atol': 1e-5, 'rtol': 1e-5}
        test.check_backward_options = {'atol': 1e-3, 'rtol': 1e-3}
        test.check_double_backward_options = {'atol': 1e-3, 'rtol': 1e-3}
    else:
        test.check_backward_options = {'atol': 1e-6, 'rtol': 1e-5}
        test.check_double_backward_options = {'atol': 1e-6, 'rtol': 1e-5}


# -- linear -------------------------------------------------------------------

@testing.parameterize(*testing.product({
    'dtype': DTYPES,
    # batch 3 < 5 outputs and batch 7 > 5 outputs take the two GEMM orientations
    'x_shape': [(3, 4), (3, 2, 2), (7, 4)],
    'nobias': [False, True],
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestLinear(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, (5, 4)).astype(self.dtype)
        if self.nobias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, (5,)).astype(self.dtype)

    def forward(self, inputs, device):
        return F.linear(*inputs),

    def forward_expected(self, inputs):
        n = self.x_shape[0]
        x = inputs[0].astype(numpy.float64).reshape(n, 4)
        W = inputs[1].astype(numpy.float64)
        y = numpy.array([[sum(x[i, k] * W[j, k] for k in range(4)) for j in range(5)]
                         for i in range(n)])
        if not self.nobias:
            y += inputs[2]
        return y.astype(self.dtype),


def test_linear_type_check_message():
    with pytest.raises(type_check.InvalidType) as info:
        F.linear(numpy.zeros((2, 3), numpy.float32), numpy.zeros((4, 5), numpy.float32))
    message = str(info.value)
    assert 'Invalid operation is performed in: LinearFunction (Forward)' in message
    assert 'Expect: x.shape[1] == W.shape[1]' in message
    assert 'Actual: 3 != 5' in message


def test_linear_n_batch_axes():
    x = numpy.random.standard_normal((2, 3, 4))
    W = numpy.random.standard_normal((5, 4))
    y = F.linear(x, W, n_batch_axes=2)
    assert y.shape == (2, 3, 5)
    numpy.testing.assert_allclose(y.array, x.dot(W.T), rtol=1e-12)
    with pytest.raises(ValueError, match='n_batch_axes'):
        F.linear(x, W, n_batch_axes=0)


# -- bilinear -----------------------------------------------------------------

@testing.parameterize(*testing.product({
    'dtype': DTYPES,
    'linear_terms': [False, True],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestBilinear(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        shapes = [(3, 4), (3, 2), (4, 2, 3)]
        if self.linear_terms:
            shapes += [(4, 3), (2, 3), (3,)]
        return tuple(numpy.random.uniform(-1, 1, s).astype(self.dtype) for s in shapes)

    def forward(self, inputs, device):
        return F.bilinear(*inputs),

    def forward_expected(self, inputs):
        e1, e2, W = (a.astype(numpy.float64) for a in inputs[:3])
        y = numpy.zeros((3, 3))
        for n in range(3):
            for j in range(4):
                for k in range(2):
                    y[n] += e1[n, j] * e2[n, k] * W[j, k]
        if self.linear_terms:
            V1, V2, b = (a.astype(numpy.float64) for a in inputs[3:])
            y += e1.dot(V1) + e2.dot(V2) + b
        return y.astype(self.dtype),


def test_bilinear_flattens_and_checks_arguments():
    e1 = numpy.random.standard_normal((2, 2, 2))
    e2 = numpy.random.standard_normal((2, 3))
    W = numpy.random.standard_normal((4, 3, 5))
    y = F.bilinear(e1, e2, W)
    numpy.testing.assert_allclose(
        y.array, numpy.einsum('nj,nk,jkl->nl', e1.reshape(2, 4), e2, W), rtol=1e-12)
    with pytest.raises(ValueError, match='V1, V2 and b must be given all together'):
        F.bilinear(e1, e2, W, numpy.zeros((4, 5)))
    with pytest.raises(type_check.InvalidType) as info:
        F.bilinear(e1, e2, numpy.zeros((3, 3, 5)))
    assert 'e1.shape[1] == W.shape[0]' in str(info.value)


# -- embed_id -----------------------------------------------------------------

@testing.parameterize(*testing.product({
    'dtype': DTYPES,
    'ignore_label': [None, -1, 2],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestEmbedID(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        ids = numpy.array([[0, 1, 3], [3, 3, 0]], numpy.int32)
        if self.ignore_label == -1:
            ids[0, 1] = -1
        W = numpy.random.uniform(-1, 1, (4, 2)).astype(self.dtype)
        return ids, W

    def forward(self, inputs, device):
        return F.embed_id(inputs[0], inputs[1], ignore_label=self.ignore_label),

    def forward_expected(self, inputs):
        ids, W = inputs
        y = numpy.zeros(ids.shape + (2,), self.dtype)
        for idx in numpy.ndindex(ids.shape):
            if ids[idx] != self.ignore_label:
                y[idx] = W[ids[idx]]
        return y,


def test_bilinear_empty_batch_with_flattened_inputs():
    rng = numpy.random.RandomState(0)
    e1 = chainer.Variable(numpy.zeros((0, 2, 2)))
    e2 = chainer.Variable(numpy.zeros((0, 3)))
    y = F.bilinear(e1, e2, rng.randn(4, 3, 5))
    assert y.shape == (0, 5)
    F.sum(y).backward()
    assert e1.grad.shape == (0, 2, 2) and e2.grad.shape == (0, 3)


def test_embed_id_gradient_accumulates_repeated_ids_and_skips_ignored():
    ids = numpy.array([1, 1, 0, -1], numpy.int32)
    W = chainer.Variable(numpy.zeros((3, 2), numpy.float32))
    y = F.embed_id(ids, W, ignore_label=-1)
    y.grad = numpy.arange(8, dtype=numpy.float32).reshape(4, 2)
    y.backward()
    numpy.testing.assert_array_equal(W.grad, [[4, 5], [2, 4], [0, 0]])


def test_embed_id_errors():
    W = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(ValueError, match=r'ids must be in \[0, 3\)'):
        F.embed_id(numpy.array([0, 3], numpy.int32), W)
    with pytest.raises(ValueError, match='got values in'):
        F.embed_id(numpy.array([-1], numpy.int32), W)
    with pytest.raises(type_check.InvalidType) as info:
        F.embed_id(numpy.array([0.0], numpy.float32), W)
    assert 'x.dtype.kind == i' in str(info.value)
    with pytest.raises(TypeError, match='ignore_label'):
        F.embed_id(numpy.array([0], numpy.int32), W, ignore_label=0.5)


def test_linear_empty_batch_with_several_batch_axes():
    # Empty batches keep their shapes through the flattening of the feature
    # axes, forward and backward, for n_batch_axes 1 and 2.
    W = numpy.random.RandomState(0).randn(4, 6)
    for x_shape, nba, y_shape in [((0, 2, 3), 1, (0, 4)), ((0, 2, 6), 2, (0, 2, 4)),
                                  ((3, 0, 6), 2, (3, 0, 4))]:
        x = chainer.Variable(numpy.zeros(x_shape))
        y = F.linear(x, W, numpy.zeros(4), n_batch_axes=nba)
        assert y.shape == y_shape
        F.sum(y).backward()
        assert x.grad.shape == x_shape


# -- local_convolution_2d ---------------------------------------------------------

@testing.parameterize(*testing.product({
    'dtype': DTYPES,
    'nobias': [False, True],
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestLocalConvolution2D(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (2, 3, 5, 6)).astype(self.dtype)
        # stride (2, 3), kernel 2x3 -> output 2x2; W is (c_O, h_O, w_O, c_I, k_H, k_W)
        W = numpy.random.uniform(-1, 1, (4, 2, 2, 3, 2, 3)).astype(self.dtype)
        if self.nobias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, (4, 2, 2)).astype(self.dtype)

    def forward(self, inputs, device):
        b = None if self.nobias else inputs[2]
        return F.local_convolution_2d(inputs[0], inputs[1], b, stride=(2, 3)),

    def forward_expected(self, inputs):
        x, W = (a.astype(numpy.float64) for a in inputs[:2])
        y = numpy.zeros((2, 4, 2, 2))
        for i in range(2):
            for j in range(2):
                patch = x[:, :, 2 * i:2 * i + 2, 3 * j:3 * j + 3]
                y[:, :, i, j] = numpy.einsum('nckl,ockl->no', patch, W[:, i, j])
        if not self.nobias:
            y += inputs[2]
        return y.astype(self.dtype),


def test_local_convolution_checks_output_shape():
    x = numpy.zeros((1, 2, 5, 5), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        F.local_convolution_2d(x, numpy.zeros((1, 3, 3, 2, 2, 2), numpy.float32))
    assert 'LocalConvolution2DFunction' in str(info.value)
    assert '== W.shape[1]' in str(info.value)


def test_local_convolution_documented_weight_layout():
    # W is (c_O, h_O, w_O, c_I, k_H, k_W) and b is (c_O, h_O, w_O), as Chainer
    # documents; with c_O, h_O, w_O all different, any other order fails.
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (2, 3, 5, 4))
    W = rng.uniform(-1, 1, (5, 4, 3, 3, 2, 2))   # c_O=5, h_O=4, w_O=3
    b = rng.uniform(-1, 1, (5, 4, 3))
    y = F.local_convolution_2d(x, W, b)
    assert y.shape == (2, 5, 4, 3)
    expected = numpy.empty((2, 5, 4, 3))
    for o in range(5):
        for i in range(4):
            for j in range(3):
                patch = x[:, :, i:i + 2, j:j + 2]
                expected[:, o, i, j] = (patch * W[o, i, j]).sum(axis=(1, 2, 3)) + b[o, i, j]
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-12)


@pytest.mark.parametrize('x_dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('w_dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_local_convolution_mixed_dtypes(x_dtype, w_dtype):
    # x, W and b of different float dtypes: y has x's dtype and each gradient
    # its input's (Chainer's LocalConvolution2D link trains float16 weights on
    # float32 inputs this way).
    rng = numpy.random.RandomState(1)
    x = chainer.Variable(rng.uniform(-1, 1, (2, 2, 3, 3)).astype(x_dtype))
    W = chainer.Variable(rng.uniform(-1, 1, (2, 2, 2, 2, 2, 2)).astype(w_dtype))
    b = chainer.Variable(rng.uniform(-1, 1, (2, 2, 2)).astype(numpy.float64))
    y = F.local_convolution_2d(x, W, b)
    assert y.dtype == x_dtype
    x64, W64 = x.array.astype(numpy.float64), W.array.astype(numpy.float64)
    expected = numpy.empty((2, 2, 2, 2))
    for i in range(2):
        for j in range(2):
            expected[:, :, i, j] = numpy.einsum(
                'nckl,ockl->no', x64[:, :, i:i + 2, j:j + 2], W64[:, i, j])
    expected += b.array
    tol = 2e-2 if numpy.float16 in (x_dtype, w_dtype) else 1e-5
    numpy.testing.assert_allclose(y.array, expected, atol=tol, rtol=tol)
    y.grad = numpy.ones(y.shape, x_dtype)
    y.backward()
    assert x.grad.dtype == x_dtype and W.grad.dtype == w_dtype
    assert b.grad.dtype == numpy.float64
    # with a gradient of ones, gb counts the batch and gW sums the patches
    numpy.testing.assert_allclose(b.grad, numpy.full((2, 2, 2), 2.0))
    gW = numpy.empty((2, 2, 2, 2, 2, 2))
    for i in range(2):
        for j in range(2):
            gW[:, i, j] = x64[:, :, i:i + 2, j:j + 2].sum(axis=0)
    numpy.testing.assert_allclose(W.grad, gW, atol=tol, rtol=tol)


# -- shift --------------------------------------------------------------------

def _shift_reference(x, kh, kw, dy, dx):
    # A depthwise correlation with one-hot filters, written as explicit loops.
    n, c, h, w = x.shape
    groups = kh * kw
    size = c // groups
    y = numpy.zeros_like(x)
    for ch in range(c):
        g = ch // size if ch < groups * size else (kh // 2) * kw + kw // 2
        ky, kx = divmod(g, kw)
        oy, ox = (ky - kh // 2) * dy, (kx - kw // 2) * dx
        for i in range(h):
            for j in range(w):
                if 0 <= i + oy < h and 0 <= j + ox < w:
                    y[:, ch, i, j] = x[:, ch, i + oy, j + ox]
    return y


@testing.parameterize(*testing.product({
    'dtype': DTYPES,
    'geometry': [(3, 3, 1, 1, 11), (3, 1, 2, 1, 4), (1, 3, 1, -1, 3)],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestShift(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        c = self.geometry[4]
        return numpy.random.uniform(-1, 1, (2, c, 4, 5)).astype(self.dtype),

    def forward(self, inputs, device):
        kh, kw, dy, dx, _ = self.geometry
        return F.shift(inputs[0], (kh, kw), (dy, dx)),

    def forward_expected(self, inputs):
        kh, kw, dy, dx, _ = self.geometry
        return _shift_reference(inputs[0], kh, kw, dy, dx),


def test_shift_errors():
    x = numpy.zeros((1, 9, 3, 3), numpy.float32)
    with pytest.raises(ValueError, match='ksize must be odd'):
        F.shift(x, 2)
    with pytest.raises(type_check.InvalidType) as info:
        F.shift(x[:, :8], 3)
    assert 'x.shape[1] >= 9' in str(info.value)


# -- deformable_convolution_2d_sampler ------------------------------------------------

def _bilinear_sample(img, y, x):
    h, w = img.shape[-2:]
    y0, x0 = int(numpy.floor(y)), int(numpy.floor(x))
    total = numpy.zeros(img.shape[:-2])
    for yy, wy in ((y0, 1 - (y - y0)), (y0 + 1, y - y0)):
        for xx, wx in ((x0, 1 - (x - x0)), (x0 + 1, x - x0)):
            if 0 <= yy < h and 0 <= xx < w:
                total = total + wy * wx * img[..., yy, xx]
    return total


@testing.parameterize(*testing.product({
    'dtype': [numpy.float32, numpy.float64],
    'nobias': [False, True],
}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestDeformableConvolution2DSampler(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, (2, 2, 4, 5)).astype(self.dtype)
        # Offsets kept away from integers, where bilinear sampling has kinks.
        offset = (numpy.random.randint(-2, 2, (2, 8, 3, 3)) +
                  numpy.random.uniform(0.2, 0.8, (2, 8, 3, 3))).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, (3, 2, 2, 2)).astype(self.dtype)
        if self.nobias:
            return x, offset, W
        return x, offset, W, numpy.random.uniform(-1, 1, (3,)).astype(self.dtype)

    def forward(self, inputs, device):
        b = None if self.nobias else inputs[3]
        return F.deformable_convolution_2d_sampler(
            inputs[0], inputs[1], inputs[2], b, stride=(1, 2), pad=(0, 1)),

    def forward_expected(self, inputs):
        x, offset, W = (a.astype(numpy.float64) for a in inputs[:3])
        y = numpy.zeros((2, 3, 3, 3))
        for n in range(2):
            for i in range(3):
                for j in range(3):
                    for ky in range(2):
                        for kx in range(2):
                            t = ky * 2 + kx
                            py = i * 1 - 0 + ky + offset[n, 4 + t, i, j]
                            px = j * 2 - 1 + kx + offset[n, t, i, j]
                            sample = _bilinear_sample(x[n], py, px)  # (c,)
                            y[n, :, i, j] += W[:, :, ky, kx].dot(sample)
        if not self.nobias:
            y += inputs[3][None, :, None, None]
        return y.astype(self.dtype),


def test_deformable_with_zero_offset_is_a_convolution():
    x = numpy.random.standard_normal((1, 2, 5, 5))
    W = numpy.random.standard_normal((3, 2, 3, 3))
    y = F.deformable_convolution_2d_sampler(x, numpy.zeros((1, 18, 5, 5)), W, pad=1)
    numpy.testing.assert_allclose(y.array, F.convolution_2d(x, W, pad=1).array,
                                  rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match='offset must have shape'):
        F.deformable_convolution_2d_sampler(x, numpy.zeros((1, 18, 3, 3)), W, pad=1)


def test_linear_output_is_c_contiguous_in_both_orientations():
    for n in (2, 9):
        x = numpy.random.uniform(-1, 1, (n, 4)).astype(numpy.float32)
        W = numpy.random.uniform(-1, 1, (5, 4)).astype(numpy.float32)
        y = F.linear(x, W)
        assert y.array.flags.c_contiguous
        numpy.testing.assert_allclose(y.array, x @ W.T, rtol=1e-6)
