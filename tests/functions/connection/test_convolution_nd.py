"""convolution_nd / 1d / 3d and deconvolution_nd / 1d / 3d."""
import itertools

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check


def _windows(in_size, ksize, stride, pad, dilate, cover_all):
    out = []
    for d, k, s, p, dl in zip(in_size, ksize, stride, pad, dilate):
        dk = (k - 1) * dl + 1
        if cover_all:
            out.append(-(-(d + 2 * p - dk) // s) + 1)
        else:
            out.append((d + 2 * p - dk) // s + 1)
    return tuple(out)


def convnd_reference(x, W, b, stride, pad, dilate, groups, cover_all):
    """Direct N-d convolution: loops over output positions and kernel offsets."""
    x = x.astype(numpy.float64)
    W = W.astype(numpy.float64)
    n, c = x.shape[:2]
    out_c, cg = W.shape[:2]
    ksize = W.shape[2:]
    outs = _windows(x.shape[2:], ksize, stride, pad, dilate, cover_all)
    og = out_c // groups
    y = numpy.zeros((n, out_c) + outs)
    for pos in itertools.product(*[range(o) for o in outs]):
        for offs in itertools.product(*[range(k) for k in ksize]):
            src = tuple(o * s - p + k * d for o, s, p, k, d in
                        zip(pos, stride, pad, offs, dilate))
            if not all(0 <= v < dim for v, dim in zip(src, x.shape[2:])):
                continue
            pixel = x[(slice(None), slice(None)) + src]  # (n, c)
            for g in range(groups):
                y[(slice(None), slice(g * og, (g + 1) * og)) + pos] += pixel[
                    :, g * cg:(g + 1) * cg].dot(
                        W[(slice(g * og, (g + 1) * og), slice(None)) + offs].T)
    if b is not None:
        y += b.reshape((1, -1) + (1,) * len(outs))
    return y


def deconvnd_reference(x, W, b, stride, pad, dilate, groups, outsize):
    x = x.astype(numpy.float64)
    W = W.astype(numpy.float64)
    n, in_c = x.shape[:2]
    og = W.shape[1]
    ksize = W.shape[2:]
    if outsize is None:
        outsize = tuple(s * (d - 1) + (k - 1) * dl + 1 - 2 * p for d, k, s, p, dl in
                        zip(x.shape[2:], ksize, stride, pad, dilate))
    y = numpy.zeros((n, og * groups) + tuple(outsize))
    cg = in_c // groups
    for pos in itertools.product(*[range(d) for d in x.shape[2:]]):
        for offs in itertools.product(*[range(k) for k in ksize]):
            dst = tuple(o * s - p + k * d for o, s, p, k, d in
                        zip(pos, stride, pad, offs, dilate))
            if not all(0 <= v < dim for v, dim in zip(dst, outsize)):
                continue
            pixel = x[(slice(None), slice(None)) + pos]
            for g in range(groups):
                y[(slice(None), slice(g * og, (g + 1) * og)) + dst] += pixel[
                    :, g * cg:(g + 1) * cg].dot(
                        W[(slice(g * cg, (g + 1) * cg), slice(None)) + offs])
    if b is not None:
        y += b.reshape((1, -1) + (1,) * len(outsize))
    return y


def _tolerances(test):
    if test.dtype == numpy.float16:
        test.check_forward_options = {'atol': 5e-3, 'rtol': 5e-3}
        test.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2, 'eps': 2 ** -3}
        test.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2,
                                              'eps': 2 ** -3}
    elif test.dtype == numpy.float32:
        test.check_backward_options = {'atol': 1e-3, 'rtol': 1e-3}
        test.check_double_backward_options = {'atol': 1e-3, 'rtol': 1e-3}
    else:
        test.check_backward_options = {'atol': 1e-6, 'rtol': 1e-5}
        test.check_double_backward_options = {'atol': 1e-6, 'rtol': 1e-5}


_CASES = [
    {'func': 'convolution_1d', 'x_shape': (2, 4, 7), 'w_shape': (4, 2, 3),
     'stride': (2,), 'pad': (1,), 'dilate': (1,), 'groups': 2, 'cover_all': True},
    {'func': 'convolution_3d', 'x_shape': (1, 2, 3, 4, 3), 'w_shape': (2, 2, 2, 2, 2),
     'stride': (1, 2, 1), 'pad': (1, 0, 1), 'dilate': (1, 1, 2), 'groups': 1,
     'cover_all': False},
    {'func': 'convolution_nd', 'x_shape': (1, 2, 3, 4, 3), 'w_shape': (2, 2, 2, 1, 2),
     'stride': (2, 1, 2), 'pad': (0, 1, 0), 'dilate': (1, 1, 1), 'groups': 1,
     'cover_all': True},
    # stride 1 on the last two axes: the wide patch columns of the engine
    {'func': 'convolution_3d', 'x_shape': (2, 2, 3, 3, 4), 'w_shape': (4, 1, 2, 2, 2),
     'stride': (2, 1, 1), 'pad': (1, 0, 1), 'dilate': (1, 2, 1), 'groups': 2,
     'cover_all': False},
]


@testing.parameterize(*testing.product_dict(_CASES, testing.product({
    'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'nobias': [False, True],
})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestConvolutionND(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        if self.nobias:
            return x, W
        return x, W, numpy.random.uniform(-1, 1, self.w_shape[:1]).astype(self.dtype)

    def forward(self, inputs, device):
        b = None if self.nobias else inputs[2]
        return getattr(F, self.func)(inputs[0], inputs[1], b, self.stride, self.pad,
                                     self.cover_all, self.dilate, self.groups),

    def forward_expected(self, inputs):
        b = None if self.nobias else inputs[2]
        return convnd_reference(inputs[0], inputs[1], b, self.stride, self.pad,
                                self.dilate, self.groups,
                                self.cover_all).astype(self.dtype),


_DECONV_CASES = [
    {'func': 'deconvolution_1d', 'x_shape': (2, 4, 3), 'w_shape': (4, 2, 3),
     'stride': (2,), 'pad': (1,), 'dilate': (1,), 'groups': 2, 'outsize': (6,)},
    {'func': 'deconvolution_3d', 'x_shape': (1, 2, 2, 3, 2), 'w_shape': (2, 2, 2, 2, 2),
     'stride': (1, 2, 1), 'pad': (1, 0, 0), 'dilate': (1, 1, 2), 'groups': 1,
     'outsize': None},
    {'func': 'deconvolution_3d', 'x_shape': (1, 2, 2, 3, 2), 'w_shape': (2, 3, 2, 2, 3),
     'stride': (2, 1, 1), 'pad': (0, 1, 1), 'dilate': (1, 2, 1), 'groups': 1,
     'outsize': None},
    {'func': 'deconvolution_nd', 'x_shape': (1, 2, 2, 2, 3), 'w_shape': (2, 1, 2, 1, 2),
     'stride': (2, 1, 2), 'pad': (0, 0, 1), 'dilate': (1, 1, 1), 'groups': 1,
     'outsize': (5, 2, 5)},
    # stride 1, a convolution with the flipped filters; the padding exceeds the
    # kernel extent on the first axis (the input is cropped there)
    {'func': 'deconvolution_nd', 'x_shape': (2, 2, 5, 3), 'w_shape': (2, 2, 2, 3),
     'stride': (1, 1), 'pad': (2, 1), 'dilate': (1, 2), 'groups': 1,
     'outsize': None},
    # stride 1 with at least twice as many input as output channels: col2im
    {'func': 'deconvolution_nd', 'x_shape': (2, 4, 4, 3), 'w_shape': (4, 1, 3, 2),
     'stride': (1, 1), 'pad': (1, 0), 'dilate': (1, 1), 'groups': 2,
     'outsize': None},
]


@testing.parameterize(*testing.product_dict(_DECONV_CASES, testing.product({
    'dtype': [numpy.float16, numpy.float32, numpy.float64],
    'nobias': [False, True],
})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestDeconvolutionND(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        x = numpy.random.uniform(-1, 1, self.x_shape).astype(self.dtype)
        W = numpy.random.uniform(-1, 1, self.w_shape).astype(self.dtype)
        if self.nobias:
            return x, W
        out_c = self.w_shape[1] * self.groups
        return x, W, numpy.random.uniform(-1, 1, (out_c,)).astype(self.dtype)

    def forward(self, inputs, device):
        b = None if self.nobias else inputs[2]
        return getattr(F, self.func)(inputs[0], inputs[1], b, self.stride, self.pad,
                                     self.outsize, self.dilate, self.groups),

    def forward_expected(self, inputs):
        b = None if self.nobias else inputs[2]
        return deconvnd_reference(inputs[0], inputs[1], b, self.stride, self.pad,
                                  self.dilate, self.groups,
                                  self.outsize).astype(self.dtype),


def test_rank_specific_functions_check_the_rank():
    x = numpy.zeros((1, 2, 3, 3), numpy.float32)
    with pytest.raises(ValueError, match='convolution_1d: x must have 3 axes'):
        F.convolution_1d(x, numpy.zeros((1, 2, 2), numpy.float32))
    with pytest.raises(ValueError, match='convolution_3d: x must have 5 axes'):
        F.convolution_3d(x, numpy.zeros((1, 2, 2, 2, 2), numpy.float32))
    with pytest.raises(ValueError, match='deconvolution_1d'):
        F.deconvolution_1d(x, numpy.zeros((2, 1, 2), numpy.float32))
    with pytest.raises(ValueError, match='deconvolution_3d'):
        F.deconvolution_3d(x, numpy.zeros((2, 1, 2, 2, 2), numpy.float32))


def test_mismatched_ranks_raise_invalid_type():
    with pytest.raises(type_check.InvalidType) as info:
        F.convolution_nd(numpy.zeros((1, 2, 3, 3), numpy.float32),
                         numpy.zeros((1, 2, 2, 2, 2), numpy.float32))
    assert 'ConvolutionND (Forward)' in str(info.value)
    assert 'x.ndim == 5' in str(info.value)


def test_one_by_one_by_one_kernel_is_a_channel_mix():
    x = numpy.random.standard_normal((2, 3, 2, 3, 4))
    W = numpy.random.standard_normal((5, 3, 1, 1, 1))
    y = F.convolution_3d(x, W).array
    numpy.testing.assert_allclose(y, numpy.einsum('ncdhw,oc->nodhw', x, W[..., 0, 0, 0]),
                                  rtol=1e-12)


def _grad_w_reference(x, gy, ksize, stride, pad, dilate, groups):
    """gW[o, c, k] = sum over items and output positions of gy[n, o, pos] times
    the input pixel pos * s - p + k * d of channel c in the group of o."""
    n, c = x.shape[:2]
    out_c = gy.shape[1]
    cg, og = c // groups, out_c // groups
    gW = numpy.zeros((out_c, cg) + tuple(ksize))
    for pos in itertools.product(*[range(o) for o in gy.shape[2:]]):
        for offs in itertools.product(*[range(k) for k in ksize]):
            src = tuple(o * s - p + k * d for o, s, p, k, d in
                        zip(pos, stride, pad, offs, dilate))
            if not all(0 <= v < dim for v, dim in zip(src, x.shape[2:])):
                continue
            pixel = x[(slice(None), slice(None)) + src]
            for g in range(groups):
                gW[(slice(g * og, (g + 1) * og), slice(None)) + offs] += gy[
                    (slice(None), slice(g * og, (g + 1) * og)) + pos].T.dot(
                        pixel[:, g * cg:(g + 1) * cg])
    return gW


@pytest.mark.parametrize('x_shape,w_shape,stride,pad,dilate,groups,cover_all', [
    # stride 1 on the last two axes: wide patch columns
    ((5, 4, 6, 5), (6, 2, 3, 2), (1, 1), (1, 2), (2, 1), 2, False),
    ((5, 2, 3, 4, 5), (3, 2, 2, 3, 2), (2, 1, 1), (1, 0, 1), (1, 1, 2), 1, False),
    # stride 1 but fewer patch rows than output channels: plain columns
    ((5, 1, 6, 5), (8, 1, 2, 3), (1, 1), (1, 0), (1, 2), 1, False),
    # strided: plain patch columns, and col2im in the input gradient
    ((5, 3, 7, 6), (4, 3, 3, 2), (2, 3), (1, 0), (1, 2), 1, True),
    ((5, 2, 9), (4, 1, 3), (2,), (2,), (2,), 2, True),
])
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('grad_w_per_item', [0, 10 ** 9])
def test_batch_chunks_agree_with_the_references(monkeypatch, x_shape, w_shape, stride,
                                                 pad, dilate, groups, cover_all, dtype,
                                                 grad_w_per_item):
    # The engine works through the batch in chunks; with a tiny chunk budget each
    # item is its own chunk, with a middle one the last chunk is partial. The
    # filter gradient is one GEMM per chunk or a sum of one GEMM per item.
    from chainer.functions.connection import convolution_nd
    monkeypatch.setattr(convolution_nd, '_GRAD_W_PER_ITEM', grad_w_per_item)
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, x_shape).astype(dtype)
    W = rng.uniform(-1, 1, w_shape).astype(dtype)
    b = rng.uniform(-1, 1, w_shape[:1]).astype(dtype)
    y_ref = convnd_reference(x, W, b, stride, pad, dilate, groups, cover_all)
    gy = rng.uniform(-1, 1, y_ref.shape).astype(dtype)
    gx_ref = deconvnd_reference(gy, W, None, stride, pad, dilate, groups, x_shape[2:])
    gW_ref = _grad_w_reference(x, gy, w_shape[2:], stride, pad, dilate, groups)
    tol = {numpy.float16: {'rtol': 2e-2, 'atol': 2e-2},
           numpy.float32: {'rtol': 1e-4, 'atol': 1e-4},
           numpy.float64: {'rtol': 1e-10}}[dtype]
    item_bytes = numpy.prod(w_shape[1:]) * groups * numpy.prod(y_ref.shape[2:]) * 8
    for budget in (1, 2 * item_bytes * 2, 10 ** 9):
        monkeypatch.setattr(convolution_nd, '_CHUNK_BYTES', budget)
        xv, Wv, bv = (chainer.Variable(a) for a in (x, W, b))
        y = F.convolution_nd(xv, Wv, bv, stride, pad, cover_all, dilate, groups)
        y.grad = gy
        y.backward()
        numpy.testing.assert_allclose(y.array, y_ref, **tol)
        numpy.testing.assert_allclose(xv.grad, gx_ref, **tol)
        numpy.testing.assert_allclose(Wv.grad, gW_ref, **tol)
        numpy.testing.assert_allclose(bv.grad, gy.sum(axis=(0,) + tuple(
            range(2, gy.ndim))), **tol)
        # and the deconvolution of gy (the same computation, as a function)
        bx = b[:x_shape[1]]
        z = F.deconvolution_nd(gy, W, bx, stride, pad, x_shape[2:], dilate, groups)
        numpy.testing.assert_allclose(
            z.array, gx_ref + bx.reshape((1, -1) + (1,) * (gy.ndim - 2)), **tol)


def test_convolution_keeps_no_arrays_besides_its_inputs():
    # The patches are recomputed for the filter gradient, not kept.
    x = chainer.Variable(numpy.random.standard_normal((2, 3, 5, 4)))
    W = chainer.Variable(numpy.random.standard_normal((4, 3, 3, 3)))
    y = F.convolution_2d(x, W, pad=1)
    node = y.creator
    assert not [k for k, v in vars(node).items() if isinstance(v, numpy.ndarray)]


def test_wide_patch_columns_are_chosen_where_they_pay():
    from chainer.functions.connection import convolution_nd

    def wide(c, out_c, w):
        x = numpy.zeros((2, c, 6, w), numpy.float32)
        return convolution_nd._Patches(x, (3, 3), (1, 1), (1, 1), (1, 1), (6, w), 1,
                                       numpy.float32, out_c).wide
    assert wide(32, 64, 16)       # many patch rows (288): copying them row by row
    assert not wide(3, 32, 32)    # few patch rows (27): cropping would cost more
    strided = numpy.zeros((2, 32, 6, 6), numpy.float32)
    assert not convolution_nd._Patches(strided, (3, 3), (1, 2), (1, 1), (1, 1),
                                       (6, 3), 1, numpy.float32, 64).wide
