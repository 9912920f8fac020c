import itertools

import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import gradient_check
from chainer import testing
from chainer.utils import type_check


def _noncontiguous(a):
    b = numpy.empty(a.shape + (2,), dtype=a.dtype)
    b[..., 0] = a
    return b[..., 0]


_TOL = {numpy.float16: dict(atol=5e-3, rtol=5e-2),
        numpy.float32: dict(atol=1e-5, rtol=1e-4),
        numpy.float64: dict(atol=1e-10, rtol=1e-8)}
_GRAD_TOL = {numpy.float16: dict(atol=5e-2, rtol=5e-1, dtype=numpy.float64),
             numpy.float32: dict(atol=1e-3, rtol=1e-2, dtype=numpy.float64),
             numpy.float64: dict(atol=1e-6, rtol=1e-5)}


def _reference(x, t, normalize, class_weight, ignore_label, reduce):
    # Explicit loop over every instance (batch item and spatial position).
    x = x.astype(numpy.float64)
    n, c = x.shape[:2]
    spatial = x.shape[2:]
    losses = numpy.zeros(t.shape)
    count = 0
    for idx in itertools.product(range(n), *[range(s) for s in spatial]):
        label = t[idx]
        if label == ignore_label:
            continue
        count += 1
        scores = numpy.array([x[(idx[0], k) + idx[1:]] for k in range(c)])
        logz = numpy.log(numpy.exp(scores - scores.max()).sum()) + scores.max()
        loss = logz - scores[label]
        if class_weight is not None:
            loss *= class_weight[label]
        losses[idx] = loss
    if reduce == 'no':
        return losses
    denominator = max(count, 1) if normalize else n
    return losses.sum() / denominator


_CASES = [
    # shape, ignore pattern, class weight, reduce, normalize
    ((4, 3), False, False, 'mean', True),
    ((4, 3), True, False, 'mean', True),
    ((4, 3), True, False, 'mean', False),
    ((4, 3), True, True, 'mean', True),
    ((4, 3), True, True, 'no', True),
    ((2, 3, 2), True, False, 'mean', True),
    ((2, 4, 2, 2), True, True, 'no', True),
    ((2, 3, 2, 2), False, True, 'mean', False),
]


def _inputs(shape, ignore, weight, dtype, seed=0):
    rng = numpy.random.RandomState(seed)
    x = rng.uniform(-1, 1, shape).astype(dtype)
    t_shape = shape[:1] + shape[2:]
    t = rng.randint(0, shape[1], t_shape).astype(numpy.int32)
    if ignore:
        t.ravel()[::3] = -1
    cw = rng.uniform(0.5, 2, shape[1]).astype(dtype) if weight else None
    return x, t, cw


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape,ignore,weight,reduce,normalize', _CASES)
def test_forward(shape, ignore, weight, reduce, normalize, dtype):
    x, t, cw = _inputs(shape, ignore, weight, dtype)
    y = F.softmax_cross_entropy(x, t, normalize=normalize, class_weight=cw,
                                reduce=reduce)
    expected = _reference(x, t, normalize, cw, -1, reduce)
    assert y.dtype == dtype
    assert y.shape == numpy.shape(expected)
    testing.assert_allclose(y.array, expected, **_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
@pytest.mark.parametrize('shape,ignore,weight,reduce,normalize', _CASES[1::2])
@pytest.mark.parametrize('cache_score', [True, False])
def test_backward(shape, ignore, weight, reduce, normalize, dtype, contiguous,
                  cache_score):
    x, t, cw = _inputs(shape, ignore, weight, dtype)
    rng = numpy.random.RandomState(1)
    gy = None if reduce == 'mean' else rng.uniform(-1, 1, t.shape).astype(dtype)
    ggx = rng.uniform(-1, 1, x.shape).astype(dtype)
    if not contiguous:
        x = _noncontiguous(x)
        t = _noncontiguous(t)

    def f(x, t):
        y = F.softmax_cross_entropy(x, t, normalize=normalize, class_weight=cw,
                                    reduce=reduce, cache_score=cache_score)
        # A scalar loss is checked as shape (1,) (0-d gradients are awkward inputs
        # for the numerical check).
        return F.reshape(y, (1,)) if reduce == 'mean' else y

    if gy is None:
        gy = numpy.ones((1,), dtype)
    gradient_check.check_backward(f, (x, t), gy, **_GRAD_TOL[dtype])
    gradient_check.check_double_backward(
        f, (x, t), gy, (ggx,), **_GRAD_TOL[dtype])


def test_enable_double_backprop_flag_gives_same_result():
    x, t, _ = _inputs((4, 3), True, False, numpy.float64)
    a = F.softmax_cross_entropy(x, t, enable_double_backprop=True)
    b = F.softmax_cross_entropy(x, t, enable_double_backprop=False)
    testing.assert_allclose(a.array, b.array)


def test_third_order_gradient():
    # The gradient of the gradient is differentiable again.
    x, t, _ = _inputs((3, 4), False, False, numpy.float64)
    xv = chainer.Variable(x)
    loss = F.softmax_cross_entropy(xv, t)
    gx, = chainer.grad([loss], [xv], enable_double_backprop=True)
    r = numpy.random.RandomState(3).uniform(-1, 1, x.shape)
    s = F.sum(gx * r)
    ggx, = chainer.grad([s], [xv], enable_double_backprop=True)
    s2 = F.sum(ggx * r)
    gggx, = chainer.grad([s2], [xv])

    def h(x):
        v = chainer.Variable(x)
        loss = F.softmax_cross_entropy(v, t)
        g, = chainer.grad([loss], [v], enable_double_backprop=True)
        g2, = chainer.grad([F.sum(g * r)], [v], enable_double_backprop=True)
        return float(F.sum(g2 * r).array)

    eps = 1e-4
    num = numpy.zeros_like(x)
    for i in numpy.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps
        xm[i] -= eps
        num[i] = (h(xp) - h(xm)) / (2 * eps)
    testing.assert_allclose(gggx.array, num, atol=1e-5, rtol=1e-4)


def test_all_ignored():
    x = numpy.random.randn(3, 4).astype(numpy.float32)
    t = numpy.full(3, -1, numpy.int32)
    xv = chainer.Variable(x)
    loss = F.softmax_cross_entropy(xv, t)
    assert float(loss.array) == 0.0
    loss.backward()
    assert (xv.grad == 0).all()


def test_custom_ignore_label():
    x, t, _ = _inputs((6, 3), False, False, numpy.float64)
    t[1] = 5
    t[4] = 5
    y = F.softmax_cross_entropy(x, t, ignore_label=5)
    testing.assert_allclose(y.array, _reference(x, t, True, None, 5, 'mean'))


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('loss_kind', ['cross-entropy', 'kl-divergence'])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_soft_target(dtype, loss_kind, reduce):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (3, 4, 2)).astype(dtype)
    t = rng.uniform(0, 1, (3, 4, 2)).astype(dtype)
    t[0, :, 0] = [0, 1, 0, 0]  # a zero probability: 0 log 0 = 0
    t /= t.sum(axis=1, keepdims=True)
    y = F.softmax_cross_entropy(x, t, reduce=reduce, soft_target_loss=loss_kind)
    x64, t64 = x.astype(numpy.float64), t.astype(numpy.float64)
    expected = numpy.zeros((3, 2))
    for n in range(3):
        for k in range(2):
            s = x64[n, :, k]
            log_p = s - numpy.log(numpy.exp(s).sum())
            for c in range(4):
                expected[n, k] -= t64[n, c, k] * log_p[c]
                if loss_kind == 'kl-divergence' and t64[n, c, k] > 0:
                    expected[n, k] += t64[n, c, k] * numpy.log(t64[n, c, k])
    if reduce == 'mean':
        expected = expected.mean()
    testing.assert_allclose(y.array, expected, **_TOL[dtype])
    gy = None if reduce == 'mean' else rng.uniform(-1, 1, (3, 2)).astype(dtype)

    def f(x):
        y = F.softmax_cross_entropy(x, t, reduce=reduce,
                                    soft_target_loss=loss_kind)
        return F.reshape(y, (1,)) if reduce == 'mean' else y
    if gy is None:
        gy = numpy.ones((1,), dtype)
    gradient_check.check_backward(f, x, gy, **_GRAD_TOL[dtype])
    gradient_check.check_double_backward(
        f, x, gy, rng.uniform(-1, 1, x.shape).astype(dtype), **_GRAD_TOL[dtype])


def test_label_out_of_range():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.array([0, 3], numpy.int32)
    with pytest.raises(ValueError, match='0 <= t < x.shape'):
        F.softmax_cross_entropy(x, t)


def test_invalid_reduce():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.array([0, 1], numpy.int32)
    with pytest.raises(ValueError, match="reduce must be one of 'mean', 'no'"):
        F.softmax_cross_entropy(x, t, reduce='sum')


def test_class_weight_shape():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.array([0, 1], numpy.int32)
    with pytest.raises(ValueError, match='class_weight must have shape'):
        F.softmax_cross_entropy(x, t, class_weight=numpy.ones(4, numpy.float32))
    with pytest.raises(ValueError, match='class_weight must be 1-d'):
        F.softmax_cross_entropy(x, t, class_weight=numpy.ones((3, 1), numpy.float32))


def test_type_error_label_dtype():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.array([0, 1], numpy.uint8)
    with pytest.raises(type_check.InvalidType) as e:
        F.softmax_cross_entropy(x, t)
    assert 'SoftmaxCrossEntropy' in str(e.value)
    assert 't.dtype.kind' in str(e.value)


def test_type_error_shape():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.array([0, 1, 1], numpy.int32)
    with pytest.raises(type_check.InvalidType, match='x.shape\\[0\\] == t.shape\\[0\\]'):
        F.softmax_cross_entropy(x, t)


def test_scalar_loss_used_twice():
    # The gradient of a 0-d loss reaching it along two paths is summed; the sum
    # must stay an array for the gradient node of the loss.
    x = chainer.Variable(numpy.random.randn(4, 3))
    t = numpy.array([0, 1, 2, -1], numpy.int32)
    loss = F.softmax_cross_entropy(x, t)
    F.sum(loss * loss).backward()
    expected = chainer.Variable(x.array.copy())
    loss2 = F.softmax_cross_entropy(expected, t)
    (loss2 * 2 * loss2.array).backward()
    testing.assert_allclose(x.grad, expected.grad)


# The same checks on chainer.testing.FunctionTestCase, on every backend
# (the CUDA variants run where CuPy and a GPU are available).

class _SCEBase(testing.FunctionTestCase):
    __test__ = False

    def setUp(self):
        self.check_forward_options = dict(_TOL[self.dtype])
        options = dict(_GRAD_TOL[self.dtype])
        options.pop('dtype', None)
        self.check_backward_options = options
        self.check_double_backward_options = options

    def generate_inputs(self):
        x, t, self.cw = _inputs(self.shape, self.ignore, self.weight, self.dtype,
                                seed=numpy.random.randint(1000))
        return x, t

    def forward(self, inputs, device):
        x, t = inputs
        cw = None if self.cw is None else device.send(self.cw)
        return F.softmax_cross_entropy(x, t, normalize=self.normalize,
                                       class_weight=cw, reduce=self.reduce),

    def forward_expected(self, inputs):
        x, t = inputs
        expected = _reference(x, t, self.normalize, self.cw, -1, self.reduce)
        return numpy.asarray(expected, dtype=self.dtype),


@testing.parameterize(*testing.product_dict(
    [dict(zip(('shape', 'ignore', 'weight', 'reduce', 'normalize'), c))
     for c in _CASES[1::2]],
    testing.product({'dtype': [numpy.float16, numpy.float32, numpy.float64],
                     'contiguous': [None, 'C']})))
@testing.inject_backend_tests(None, [{}, {'use_cuda': True}])
class TestSoftmaxCrossEntropyFunction(_SCEBase):
    __test__ = True
