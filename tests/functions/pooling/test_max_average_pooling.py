"""max_pooling_*, average_pooling_*, unpooling_*, upsampling_2d,
spatial_pyramid_pooling_2d."""
import itertools

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _n_windows(size, k, s, p, cover_all):
    if cover_all:
        return -(-(size + 2 * p - k) // s) + 1
    return (size + 2 * p - k) // s + 1


def pooling_reference(x, ksize, stride, pad, cover_all, mode, pad_value=0):
    """Pooling by explicit loops over output positions (any number of axes).

    ``mode`` is 'max' (returns values and argmax offsets) or 'avg'.
    """
    spatial = x.shape[2:]
    outs = tuple(_n_windows(d, k, s, p, cover_all) for d, k, s, p in
                 zip(spatial, ksize, stride, pad))
    y = numpy.zeros(x.shape[:2] + outs)
    arg = numpy.zeros(x.shape[:2] + outs, numpy.int64)
    for pos in itertools.product(*[range(o) for o in outs]):
        best = numpy.full(x.shape[:2], -numpy.inf)
        total = numpy.zeros(x.shape[:2])
        count = 0
        for t, offs in enumerate(itertools.product(*[range(k) for k in ksize])):
            src = tuple(o * s - p + k for o, s, p, k in zip(pos, stride, pad, offs))
            if all(0 <= v < d for v, d in zip(src, spatial)):
                v = x[(slice(None), slice(None)) + src].astype(numpy.float64)
                better = v > best
                best = numpy.where(better, v, best)
                arg[(slice(None), slice(None)) + pos][better] = t
                total += v
                count += 1
        if mode == 'max':
            y[(slice(None), slice(None)) + pos] = best
        else:
            size = count if pad_value is None else numpy.prod(ksize)
            y[(slice(None), slice(None)) + pos] = total / size
    return y, arg


def _tolerances(test):
    if test.dtype == numpy.float16:
        test.check_forward_options = {'atol': 2e-3, 'rtol': 2e-3}
        test.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
        test.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
    else:
        test.check_backward_options = {'atol': 1e-4, 'rtol': 1e-3}
        test.check_double_backward_options = {'atol': 1e-4, 'rtol': 1e-3}


def _distinct(shape, dtype):
    # Values at least 1/size apart, shuffled: max pooling is differentiable there
    # and numerical differentiation does not cross ties.
    size = int(numpy.prod(shape))
    values = numpy.random.permutation(size).astype(numpy.float64)
    return ((values / size) * 2 - 1).reshape(shape).astype(dtype)


_MAX_CASES = [
    {'func': 'max_pooling_2d', 'shape': (2, 3, 6, 5), 'ksize': (2, 2), 'stride': None,
     'pad': (0, 0), 'cover_all': True},
    {'func': 'max_pooling_2d', 'shape': (1, 2, 7, 6), 'ksize': (3, 2), 'stride': (2, 1),
     'pad': (1, 1), 'cover_all': False},
    {'func': 'max_pooling_1d', 'shape': (2, 2, 7), 'ksize': (3,), 'stride': (2,),
     'pad': (1,), 'cover_all': True},
    {'func': 'max_pooling_3d', 'shape': (1, 2, 3, 4, 3), 'ksize': (2, 2, 2),
     'stride': (1, 2, 1), 'pad': (0, 1, 1), 'cover_all': True},
    {'func': 'max_pooling_nd', 'shape': (1, 2, 6, 4), 'ksize': (2, 3), 'stride': (3, 1),
     'pad': (1, 0), 'cover_all': True},
]


@testing.parameterize(*testing.product_dict(_MAX_CASES, testing.product({
    'dtype': DTYPES, 'contiguous': [None, 'C']})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestMaxPooling(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)
        # Steps smaller than the gap between input values.
        self.check_backward_options['eps'] = 1e-3 if self.dtype != numpy.float16 \
            else 2 ** -10

    def generate_inputs(self):
        return _distinct(self.shape, self.dtype),

    def forward(self, inputs, device):
        return getattr(F, self.func)(inputs[0], self.ksize, self.stride, self.pad,
                                     self.cover_all),

    def forward_expected(self, inputs):
        stride = self.ksize if self.stride is None else self.stride
        y, _ = pooling_reference(inputs[0], self.ksize, stride, self.pad,
                                 self.cover_all, 'max')
        return y.astype(self.dtype),

    def generate_grad_grad_inputs(self, inputs_template):
        return numpy.random.uniform(-1, 1, inputs_template[0].shape).astype(
            self.dtype),


def test_max_pooling_indices_match_the_first_maximum():
    x = numpy.random.randint(0, 3, (2, 3, 7, 6)).astype(numpy.float32)  # many ties
    for ksize, stride, pad, cover_all in [(2, None, 0, True), ((3, 2), (2, 1), 1, True),
                                          (3, 2, 1, False)]:
        y, indexes = F.max_pooling_2d(x, ksize, stride, pad, cover_all,
                                      return_indices=True)
        k = (ksize, ksize) if isinstance(ksize, int) else ksize
        s = k if stride is None else ((stride, stride) if isinstance(stride, int)
                                      else stride)
        ref, arg = pooling_reference(x, k, s, (pad, pad), cover_all, 'max')
        numpy.testing.assert_array_equal(y.array, ref)
        numpy.testing.assert_array_equal(indexes, arg)
        assert indexes.dtype.kind == 'i' and isinstance(indexes, numpy.ndarray)


def test_max_pooling_gradient_goes_to_the_first_maximum_on_ties():
    x = chainer.Variable(numpy.ones((1, 1, 4, 4), numpy.float32))
    y = F.max_pooling_2d(x, 2)
    y.grad = numpy.array([[[[1, 2], [3, 4]]]], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(
        x.grad[0, 0], [[1, 0, 2, 0], [0, 0, 0, 0], [3, 0, 4, 0], [0, 0, 0, 0]])
    # Overlapping windows: each output gives its whole gradient to one pixel.
    x = chainer.Variable(numpy.array([[[[0, 5, 5, 0]]]], numpy.float32))
    y = F.max_pooling_2d(x, (1, 2), (1, 1), cover_all=False)
    y.grad = numpy.ones(y.shape, numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad[0, 0, 0], [0, 2, 1, 0])


def test_max_pooling_node_keeps_chainer_attributes():
    x = numpy.arange(36, dtype=numpy.float32).reshape(1, 1, 6, 6)
    p = F.MaxPooling2D(2, 2)
    y, = p.apply((x,))
    assert (p.kh, p.kw, p.sy, p.sx, p.ph, p.pw) == (2, 2, 2, 2, 0, 0)
    numpy.testing.assert_array_equal(p.indexes, numpy.full((1, 1, 3, 3), 3))
    up = F.upsampling_2d(y, p.indexes, p.kh, p.sy, p.ph, x.shape[2:])
    expected = numpy.zeros((6, 6), numpy.float32)
    expected[1::2, 1::2] = x[0, 0, 1::2, 1::2]
    numpy.testing.assert_array_equal(up.array[0, 0], expected)
    # Without backprop the offsets are found on request.
    x2 = numpy.random.randint(0, 3, (2, 2, 5, 5)).astype(numpy.float32)
    with chainer.no_backprop_mode():
        p2 = F.MaxPooling2D(3, 2, 1)
        p2.apply((x2,))
    _, expected_idx = F.max_pooling_2d(x2, 3, 2, 1, return_indices=True)
    numpy.testing.assert_array_equal(p2.indexes, expected_idx)


def test_max_pooling_output_sizes_and_errors():
    x = numpy.zeros((1, 1, 5, 5), numpy.float32)
    assert F.max_pooling_2d(x, 2).shape == (1, 1, 3, 3)
    assert F.max_pooling_2d(x, 2, cover_all=False).shape == (1, 1, 2, 2)
    with pytest.raises(type_check.InvalidType) as info:
        F.max_pooling_2d(x[0], 2)
    assert 'MaxPooling2D (Forward)' in str(info.value)
    assert 'x.ndim == 4' in str(info.value)
    with pytest.raises(ValueError, match='ksize must be positive'):
        F.max_pooling_2d(x, 0)
    with pytest.raises(ValueError, match='pad must be non-negative'):
        F.max_pooling_2d(x, 2, pad=-1)
    with pytest.raises(ValueError, match='output would be empty'):
        F.max_pooling_2d(x, 7, cover_all=False)
    with pytest.raises(ValueError, match='max_pooling_1d: x must have 3 axes'):
        F.max_pooling_1d(x, 2)


_AVG_CASES = [
    {'func': 'average_pooling_2d', 'shape': (2, 3, 6, 5), 'ksize': (2, 2),
     'stride': None, 'pad': (0, 0), 'pad_value': 0},
    {'func': 'average_pooling_2d', 'shape': (1, 2, 7, 6), 'ksize': (3, 2),
     'stride': (2, 1), 'pad': (1, 1), 'pad_value': 0},
    {'func': 'average_pooling_nd', 'shape': (1, 2, 7, 6), 'ksize': (3, 2),
     'stride': (2, 1), 'pad': (1, 1), 'pad_value': None},
    {'func': 'average_pooling_1d', 'shape': (2, 2, 7), 'ksize': (3,), 'stride': (2,),
     'pad': (1,), 'pad_value': None},
    {'func': 'average_pooling_3d', 'shape': (1, 2, 3, 4, 3), 'ksize': (2, 2, 2),
     'stride': (1, 2, 1), 'pad': (0, 1, 1), 'pad_value': 0},
]


@testing.parameterize(*testing.product_dict(_AVG_CASES, testing.product({
    'dtype': DTYPES, 'contiguous': [None, 'C']})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestAveragePooling(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        f = getattr(F, self.func)
        if self.func == 'average_pooling_2d':
            return f(inputs[0], self.ksize, self.stride, self.pad),
        return f(inputs[0], self.ksize, self.stride, self.pad, self.pad_value),

    def forward_expected(self, inputs):
        stride = self.ksize if self.stride is None else self.stride
        y, _ = pooling_reference(inputs[0], self.ksize, stride, self.pad, False,
                                 'avg', self.pad_value)
        return y.astype(self.dtype),


def test_average_pooling_errors():
    x = numpy.zeros((1, 1, 4, 4), numpy.float32)
    with pytest.raises(ValueError, match='pad_value must be 0 or None'):
        F.average_pooling_nd(x, 2, pad_value=1)
    with pytest.raises(ValueError, match='cover_all mode is not supported'):
        F.AveragePooling2D(2, cover_all=True)
    with pytest.raises(type_check.InvalidType):
        F.average_pooling_2d(x.astype(numpy.int32), 2)


def _spread_reference(x, ksize, stride, pad, outsize):
    spatial = x.shape[2:]
    big = numpy.zeros(x.shape[:2] + tuple(
        o + 2 * p + s * d + k for o, p, s, d, k in zip(outsize, pad, stride, spatial,
                                                       ksize)))
    for pos in itertools.product(*[range(d) for d in spatial]):
        for offs in itertools.product(*[range(k) for k in ksize]):
            dst = tuple(o * s + k for o, s, k in zip(pos, stride, offs))
            big[(slice(None), slice(None)) + dst] += x[(slice(None), slice(None)) + pos]
    return big[(slice(None), slice(None)) + tuple(
        slice(p, p + o) for p, o in zip(pad, outsize))]


_UNPOOL_CASES = [
    {'func': 'unpooling_2d', 'shape': (2, 2, 3, 2), 'ksize': (2, 2), 'stride': None,
     'pad': (0, 0), 'outsize': None, 'cover_all': False},
    {'func': 'unpooling_2d', 'shape': (1, 2, 3, 3), 'ksize': (3, 2), 'stride': (2, 1),
     'pad': (1, 0), 'outsize': (5, 4), 'cover_all': True},
    {'func': 'unpooling_1d', 'shape': (2, 2, 3), 'ksize': (3,), 'stride': (2,),
     'pad': (1,), 'outsize': None, 'cover_all': True},
    {'func': 'unpooling_3d', 'shape': (1, 1, 2, 3, 2), 'ksize': (2, 2, 2),
     'stride': (2, 1, 2), 'pad': (0, 1, 0), 'outsize': None, 'cover_all': False},
]


@testing.parameterize(*testing.product_dict(_UNPOOL_CASES, testing.product({
    'dtype': DTYPES})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestUnpooling(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return getattr(F, self.func)(inputs[0], self.ksize, self.stride, self.pad,
                                     self.outsize, self.cover_all),

    def forward_expected(self, inputs):
        x, = inputs
        stride = self.ksize if self.stride is None else self.stride
        outsize = self.outsize
        if outsize is None:
            outsize = tuple(
                s * (d - 1) + k - 2 * p - ((s - 1) if self.cover_all else 0)
                for d, k, s, p in zip(x.shape[2:], self.ksize, stride, self.pad))
        return _spread_reference(x, self.ksize, stride, self.pad,
                                 outsize).astype(self.dtype),


def test_unpooling_repeats_values_and_checks_outsize():
    x = numpy.arange(4, dtype=numpy.float32).reshape(1, 1, 2, 2)
    y = F.unpooling_2d(x, 2, cover_all=False)
    numpy.testing.assert_array_equal(
        y.array[0, 0], [[0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3], [2, 2, 3, 3]])
    # With cover_all (the default) the last pooling window may have been partial.
    assert F.unpooling_2d(x, 2).shape == (1, 1, 3, 3)
    with pytest.raises(type_check.InvalidType) as info:
        F.unpooling_2d(x, 2, outsize=(7, 4))
    assert 'get_conv_outsize(outsize[0]=7' in str(info.value)


@pytest.mark.parametrize('func', ['unpooling_2d', 'unpooling_nd'])
def test_unpooling_to_an_empty_axis(func):
    # ksize 1, pad 1: an input of length 2 maps to 2 - 1 + 1 - 2 = 0 pixels,
    # an empty output as a deconvolution gives; its gradient is zero.
    x = chainer.Variable(numpy.ones((2, 3, 3, 2), numpy.float32))
    y = getattr(F, func)(x, 1, 1, 1, cover_all=False)
    assert y.shape == (2, 3, 1, 0)
    y.grad = numpy.ones(y.shape, numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.zeros((2, 3, 3, 2)))
    with pytest.raises(ValueError, match='output size would be negative'):
        getattr(F, func)(x, 1, 1, 2, cover_all=False)


@testing.parameterize(*testing.product({'dtype': DTYPES}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestUpsampling2D(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)
        self.indexes = numpy.random.randint(0, 6, (2, 2, 3, 2))

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, (2, 2, 3, 2)).astype(self.dtype),

    def forward(self, inputs, device):
        return F.upsampling_2d(inputs[0], device.send(self.indexes), (2, 3), (2, 2),
                               (1, 0),
                               outsize=(4, 5)),

    def forward_expected(self, inputs):
        x, = inputs
        y = numpy.zeros((2, 2, 5 + 2 + 4, 5 + 6), numpy.float64)
        for n, c, i, j in itertools.product(range(2), range(2), range(3), range(2)):
            ky, kx = divmod(self.indexes[n, c, i, j], 3)
            y[n, c, i * 2 + ky, j * 2 + kx] += x[n, c, i, j]
        return y[:, :, 1:5, 0:5].astype(self.dtype),


def test_upsampling_errors():
    x = numpy.zeros((1, 1, 2, 2), numpy.float32)
    with pytest.raises(type_check.InvalidType) as info:
        F.upsampling_2d(x, numpy.zeros((1, 1, 2, 3), numpy.int64), 2)
    assert 'x.shape == indexes.shape' in str(info.value)
    with pytest.raises(ValueError, match=r'indexes must be in \[0, 4\)'):
        F.upsampling_2d(x, numpy.full((1, 1, 2, 2), 4), 2)
    with pytest.raises(TypeError, match='indexes must be an integer array'):
        F.upsampling_2d(x, numpy.zeros((1, 1, 2, 2), numpy.float32), 2)


@testing.parameterize(*testing.product({
    'dtype': DTYPES, 'shape': [(2, 2, 7, 5), (1, 3, 8, 8)]}))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSpatialPyramidPooling2D(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)
        self.check_backward_options['eps'] = 1e-3 if self.dtype != numpy.float16 \
            else 2 ** -10

    def generate_inputs(self):
        return _distinct(self.shape, self.dtype),

    def forward(self, inputs, device):
        return F.spatial_pyramid_pooling_2d(inputs[0], 3, 'max'),

    def forward_expected(self, inputs):
        x, = inputs
        n, c, h, w = x.shape
        parts = []
        for level in range(3):
            bins = 2 ** level
            # Bin boundaries of the documented window and padding.
            kh, kw = -(-h // bins), -(-w // bins)
            ph, pw = (kh * bins - h) // 2, (kw * bins - w) // 2
            out = numpy.zeros((n, c, bins, bins))
            for i in range(bins):
                for j in range(bins):
                    rows = slice(max(i * kh - ph, 0), min(i * kh - ph + kh, h))
                    cols = slice(max(j * kw - pw, 0), min(j * kw - pw + kw, w))
                    block = x[:, :, rows, cols]
                    if block.size:
                        out[:, :, i, j] = block.max(axis=(2, 3))
            parts.append(out.reshape(n, -1))
        return numpy.concatenate(parts, axis=1).reshape(n, -1, 1, 1).astype(
            self.dtype),

    def generate_grad_grad_inputs(self, inputs_template):
        return numpy.random.uniform(-1, 1, inputs_template[0].shape).astype(
            self.dtype),


def test_spatial_pyramid_pooling_errors():
    x = numpy.zeros((1, 1, 3, 3), numpy.float32)
    with pytest.raises(ValueError, match='too small for a pyramid of height 3'):
        F.spatial_pyramid_pooling_2d(x, 3, 'max')
    with pytest.raises(ValueError, match="pooling must be 'max'"):
        F.spatial_pyramid_pooling_2d(x, 1, 'average')
    with pytest.raises(ValueError, match='pooling must be given'):
        F.spatial_pyramid_pooling_2d(x, 1)
    with pytest.raises(ValueError, match='pyramid_height must be a positive int'):
        F.spatial_pyramid_pooling_2d(x, 0, 'max')
    assert F.spatial_pyramid_pooling_2d(x, 2, pooling='max').shape == (1, 5, 1, 1)
    # Bins in the padding only give 0 (not -inf).
    y = F.spatial_pyramid_pooling_2d(-numpy.ones((1, 1, 7, 5), numpy.float32), 3,
                                     'max')
    assert numpy.isfinite(y.array).all()
    assert (y.array == 0).sum() == 4 and (y.array == -1).sum() == 17


def test_max_pooling_does_not_keep_its_input_alive():
    import gc
    import weakref
    x = chainer.Variable(numpy.random.standard_normal((2, 3, 8, 8)).astype(
        numpy.float32))
    h = x * 2  # an intermediate array owned by the graph only
    ref = weakref.ref(h.array)
    y = F.max_pooling_2d(h, 2)
    del h
    gc.collect()
    # Only the argmax offsets are kept for the backward pass.
    assert ref() is None
    y.grad = numpy.ones(y.shape, numpy.float32)
    y.backward()
    assert x.grad.sum() == 2 * y.size


def test_empty_batch():
    x = chainer.Variable(numpy.zeros((0, 3, 4, 4), numpy.float32))
    y = F.max_pooling_2d(x, 2)
    assert y.shape == (0, 3, 2, 2)
    y.grad = numpy.zeros(y.shape, numpy.float32)
    y.backward()
    assert x.grad.shape == x.shape
    assert F.average_pooling_2d(x, 2).shape == (0, 3, 2, 2)
    assert F.unpooling_2d(x, 2, cover_all=False).shape == (0, 3, 8, 8)


def test_spatial_pyramid_pooling_empty_batch():
    # (0, C, H, W) -> (0, C * (1 + 4), 1, 1); the size is not inferred from an
    # empty array.
    x = chainer.Variable(numpy.zeros((0, 3, 4, 4)))
    y = F.spatial_pyramid_pooling_2d(x, 2, 'max')
    assert y.shape == (0, 15, 1, 1)
    F.sum(y).backward()
    assert x.grad.shape == (0, 3, 4, 4)
