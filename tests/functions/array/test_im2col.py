"""im2col (the function)."""
import itertools

import numpy
import pytest

import chainer.functions as F
from chainer import testing
from chainer.utils import type_check


@testing.parameterize(*testing.product_dict(
    [{'ksize': (2, 3), 'stride': (1, 2), 'pad': (1, 0), 'dilate': (1, 1),
      'cover_all': False},
     {'ksize': (3, 2), 'stride': (2, 1), 'pad': (0, 1), 'dilate': (2, 1),
      'cover_all': True}],
    testing.product({'dtype': [numpy.float16, numpy.float32, numpy.float64],
                     'contiguous': [None, 'C']})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestIm2Col(testing.FunctionTestCase):

    def setUp(self):
        if self.dtype == numpy.float16:
            self.check_backward_options = {'atol': 5e-2, 'rtol': 5e-2}
            self.check_double_backward_options = {'atol': 5e-2, 'rtol': 5e-2}

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, (2, 2, 5, 6)).astype(self.dtype),

    def forward(self, inputs, device):
        return F.im2col(inputs[0], self.ksize, self.stride, self.pad, self.cover_all,
                        self.dilate),

    def forward_expected(self, inputs):
        x, = inputs
        n, c, h, w = x.shape
        kh, kw = self.ksize
        (sy, sx), (ph, pw), (dy, dx) = self.stride, self.pad, self.dilate

        def count(size, k, s, p, d):
            # windows whose start o*s - p keeps them inside (or, with cover_all,
            # until the padded image is covered)
            dk = (k - 1) * d + 1
            o = 0
            while o * s + dk <= size + 2 * p:
                o += 1
            if self.cover_all and (o - 1) * s + dk < size + 2 * p:
                o += 1
            return o
        oh, ow = count(h, kh, sy, ph, dy), count(w, kw, sx, pw, dx)
        y = numpy.zeros((n, c * kh * kw, oh, ow), self.dtype)
        for ch, i, j, a, b in itertools.product(range(c), range(kh), range(kw),
                                                range(oh), range(ow)):
            yy, xx = a * sy - ph + i * dy, b * sx - pw + j * dx
            if 0 <= yy < h and 0 <= xx < w:
                y[:, ch * kh * kw + i * kw + j, a, b] = x[:, ch, yy, xx]
        return y,


def test_im2col_errors():
    with pytest.raises(type_check.InvalidType) as info:
        F.im2col(numpy.zeros((2, 3, 4), numpy.float32), 2)
    assert 'x.ndim == 4' in str(info.value)
    with pytest.raises(ValueError, match='ksize must be positive'):
        F.im2col(numpy.zeros((1, 1, 4, 4), numpy.float32), 0)
    with pytest.raises(ValueError, match='output would be empty'):
        F.im2col(numpy.zeros((1, 1, 2, 2), numpy.float32), 3)


def test_im2col_empty_batch_backward():
    # The gradient of an empty batch is an empty image of the input's shape
    # (the channel count is not inferred from an empty array).
    import chainer
    x = chainer.Variable(numpy.zeros((0, 3, 5, 4)))
    y = F.im2col(x, 2)
    assert y.shape == (0, 12, 4, 3)
    F.sum(y).backward()
    assert x.grad.shape == (0, 3, 5, 4)
