"""sum, sum_to, max, min, argmax, argmin, logsumexp, average, mean, prod,
batch_l2_norm_squared."""
import math

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import testing
from chainer.utils import type_check

DTYPES = [numpy.float16, numpy.float32, numpy.float64]
_BACKENDS = [{}, {'use_cuda': True}]
_AXES = [
    {'shape': (3, 4), 'axis': None},
    {'shape': (3, 4), 'axis': 0},
    {'shape': (3, 4), 'axis': -1},
    {'shape': (2, 3, 4), 'axis': (0, 2)},
    {'shape': (2, 3, 4), 'axis': (-1, 0, 1)},
    {'shape': (), 'axis': None},
    {'shape': (0, 3), 'axis': 1},
]


def _tolerances(test, forward=1e-3):
    if test.dtype == numpy.float16:
        test.check_forward_options = {'atol': forward, 'rtol': forward}
        test.check_backward_options = {'atol': 1e-2, 'rtol': 5e-2}
        test.check_double_backward_options = {'atol': 1e-2, 'rtol': 5e-2}


def _resolved(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axis = (axis,)
    return tuple(sorted(a % ndim for a in axis))


def _reduce_loop(x, axis, keepdims, combine):
    # Reduce by an explicit loop over the output positions.
    axes = _resolved(axis, x.ndim)
    out_shape = tuple(1 if i in axes else s for i, s in enumerate(x.shape))
    out = numpy.empty(out_shape)
    for index in numpy.ndindex(out_shape):
        sl = tuple(slice(None) if i in axes else index[i] for i in range(x.ndim))
        out[index] = combine(x[sl].astype(numpy.float64).ravel())
    if not keepdims:
        out = out.reshape(tuple(s for i, s in enumerate(x.shape) if i not in axes))
    return out


# -- sum ---------------------------------------------------------------------

@testing.parameterize(*testing.product_dict(_AXES, testing.product({
    'keepdims': [False, True],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, _BACKENDS)
class TestSum(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, 5e-3)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return F.sum(inputs[0], axis=self.axis, keepdims=self.keepdims),

    def forward_expected(self, inputs):
        return _reduce_loop(inputs[0], self.axis, self.keepdims,
                            lambda v: math.fsum(v)).astype(self.dtype),


@testing.parameterize(*testing.product({
    'shapes': [((2, 3, 4), (3, 1)), ((2, 3), (2, 3)), ((2, 3), ()), ((4, 1, 3), (1, 3)),
               ((3,), (1,))],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestSumTo(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, 5e-3)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shapes[0]).astype(self.dtype),

    def forward(self, inputs, device):
        return F.sum_to(inputs[0], self.shapes[1]),

    def forward_expected(self, inputs):
        x, = inputs
        target = self.shapes[1]
        out = numpy.zeros(target)
        lead = x.ndim - len(target)
        for index in numpy.ndindex(x.shape):
            t = tuple(0 if target[k] == 1 else index[lead + k]
                      for k in range(len(target)))
            out[t] += float(x[index])
        return out.astype(self.dtype),


def test_sum_to_its_own_shape_is_the_input():
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    assert F.sum_to(x, (2, 3)) is x


def test_sum_to_rejects_a_shape_it_cannot_reach():
    with pytest.raises(type_check.InvalidType) as info:
        F.sum_to(numpy.ones((2, 3), numpy.float32), (4,))
    assert 'x.shape[1] == 4' in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        F.sum_to(numpy.ones((3,), numpy.float32), (2, 3))
    assert 'x.ndim >= len(shape)' in str(info.value)


# -- max, min ----------------------------------------------------------------

@testing.parameterize(*testing.product_dict(_AXES[:-1], testing.product({
    'name': ['max', 'min'],
    'keepdims': [False, True],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, _BACKENDS)
class TestMaxMin(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        # Distinct values spaced apart, so that no tie or near-tie occurs.
        size = int(numpy.prod(self.shape))
        values = numpy.random.permutation(size) * 0.1 - size * 0.05
        return values.reshape(self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return getattr(F, self.name)(inputs[0], axis=self.axis,
                                     keepdims=self.keepdims),

    def forward_expected(self, inputs):
        combine = max if self.name == 'max' else min
        return _reduce_loop(inputs[0], self.axis, self.keepdims,
                            lambda v: combine(v)).astype(self.dtype),


@pytest.mark.parametrize('name', ['max', 'min'])
def test_ties_each_receive_the_full_gradient(name):
    x = chainer.Variable(numpy.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]]))
    y = getattr(F, name)(x, axis=1)
    y.grad = numpy.array([5.0, 7.0])
    y.backward()
    if name == 'max':
        numpy.testing.assert_array_equal(x.grad, [[0, 5, 5], [7, 7, 0]])
    else:
        numpy.testing.assert_array_equal(x.grad, [[5, 0, 0], [0, 0, 7]])


@pytest.mark.parametrize('name', ['max', 'min', 'sum', 'prod', 'logsumexp', 'mean'])
def test_axis_out_of_range_is_a_type_error_naming_axis(name):
    f = getattr(F, name)
    with pytest.raises(type_check.InvalidType) as info:
        f(numpy.ones((2, 3), numpy.float32), axis=2)
    assert 'axis < x.ndim' in str(info.value)
    assert '2 >= 2' in str(info.value)
    with pytest.raises(type_check.InvalidType) as info:
        f(numpy.ones((2, 3), numpy.float32), axis=-3)
    assert '-axis <= x.ndim' in str(info.value)


@pytest.mark.parametrize('name', ['max', 'min', 'sum', 'prod', 'logsumexp', 'mean'])
def test_bad_axis_arguments(name):
    f = getattr(F, name)
    x = numpy.ones((2, 3), numpy.float32)
    with pytest.raises(TypeError, match='axis must be None, an int or a tuple of ints'):
        f(x, axis=1.5)
    with pytest.raises(TypeError, match='axis must be'):
        f(x, axis=[0, 1])
    with pytest.raises(ValueError, match='duplicate value in axis'):
        f(x, axis=(1, 1))
    with pytest.raises(ValueError, match='refers to the same axis twice'):
        f(x, axis=(1, -1))


@pytest.mark.parametrize('name', ['max', 'min'])
def test_reducing_an_empty_axis_is_an_error(name):
    f = getattr(F, name)
    with pytest.raises(ValueError, match='cannot reduce over an axis of length 0'):
        f(numpy.ones((0, 3), numpy.float32), axis=0)
    with pytest.raises(ValueError, match='cannot reduce'):
        f(numpy.ones((0, 3), numpy.float32))
    # Over a non-empty axis the result is simply empty.
    assert f(numpy.ones((0, 3), numpy.float32), axis=1).shape == (0,)


@pytest.mark.parametrize('name', ['argmax', 'argmin'])
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('axis', [None, 0, 1, -1])
def test_argmax_argmin(name, dtype, axis):
    x = numpy.random.permutation(12).reshape(3, 4).astype(dtype)[:, ::-1]
    y = getattr(F, name)(chainer.Variable(x), axis=axis)
    assert y.dtype == numpy.int32 and not y.requires_grad
    pick = max if name == 'argmax' else min
    if axis is None:
        flat = [float(v) for v in x.ravel()]
        expected = flat.index(pick(flat))
    else:
        moved = numpy.moveaxis(x, axis, -1)
        expected = [list(row).index(pick(row)) for row in moved]
    numpy.testing.assert_array_equal(y.array, expected)


def test_argmax_takes_the_first_of_ties_and_rejects_bad_arguments():
    assert int(F.argmax(numpy.array([1.0, 3.0, 3.0])).array) == 1
    with pytest.raises(TypeError, match='argmax: axis must be None or an int'):
        F.argmax(numpy.ones((2, 2), numpy.float32), axis=(0, 1))
    with pytest.raises(type_check.InvalidType, match='axis < x.ndim'):
        F.argmin(numpy.ones((2, 2), numpy.float32), axis=2)
    with pytest.raises(ValueError, match='empty'):
        F.argmax(numpy.ones((0,), numpy.float32))


# -- logsumexp ---------------------------------------------------------------

@testing.parameterize(*testing.product_dict(_AXES[:-1], testing.product({
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, _BACKENDS)
class TestLogSumExp(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, 5e-3)

    def generate_inputs(self):
        return numpy.random.uniform(-3, 3, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return F.logsumexp(inputs[0], axis=self.axis),

    def forward_expected(self, inputs):
        return _reduce_loop(inputs[0], self.axis, False, lambda v: math.log(
            math.fsum(math.exp(float(e)) for e in v))).astype(self.dtype),


def test_logsumexp_does_not_overflow_and_handles_infinite_rows():
    x = numpy.array([[1000.0, 1000.0], [-numpy.inf, -numpy.inf], [-numpy.inf, 0.0]],
                    numpy.float32)
    y = F.logsumexp(x, axis=1).array
    numpy.testing.assert_allclose(y, [1000 + math.log(2), -numpy.inf, 0.0],
                                  rtol=1e-6)


def test_logsumexp_over_an_empty_axis_is_minus_infinity():
    y = F.logsumexp(numpy.ones((0, 3), numpy.float32), axis=0)
    assert y.shape == (3,) and y.dtype == numpy.float32
    assert (y.array == -numpy.inf).all()


def test_logsumexp_gradient_is_the_softmax():
    x = chainer.Variable(numpy.array([[0.0, 1.0, 2.0]]))
    F.sum(F.logsumexp(x, axis=1)).backward()
    e = numpy.exp([0.0, 1.0, 2.0])
    numpy.testing.assert_allclose(x.grad[0], e / e.sum())


# -- average, mean -----------------------------------------------------------

@testing.parameterize(*testing.product_dict(_AXES[:-1], testing.product({
    'name': ['average', 'mean'],
    'keepdims': [False, True],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, _BACKENDS)
class TestMean(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return getattr(F, self.name)(inputs[0], axis=self.axis,
                                     keepdims=self.keepdims),

    def forward_expected(self, inputs):
        return _reduce_loop(inputs[0], self.axis, self.keepdims,
                            lambda v: math.fsum(v) / len(v)).astype(self.dtype),


@testing.parameterize(*testing.product({
    'case': [((3, 4), None, (3, 4)), ((3, 4), 1, (4,)), ((3, 4), -2, (3,)),
             ((2, 3, 4), 1, (2, 3, 4)), ((2, 3, 4), (0, 2), (2, 3, 4))],
    'keepdims': [False, True],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestWeightedAverage(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, 5e-3)

    def generate_inputs(self):
        shape, _, w_shape = self.case
        x = numpy.random.uniform(-1, 1, shape).astype(self.dtype)
        w = numpy.random.uniform(0.5, 1.5, w_shape).astype(self.dtype)
        return x, w

    def forward(self, inputs, device):
        x, w = inputs
        return F.average(x, axis=self.case[1], weights=w, keepdims=self.keepdims),

    def forward_expected(self, inputs):
        x, w = inputs
        axis = self.case[1]
        if w.shape != x.shape:
            shape = [1] * x.ndim
            shape[axis] = x.shape[axis]
            w = numpy.broadcast_to(w.reshape(shape), x.shape)
        num = _reduce_loop(x.astype(numpy.float64) * w, axis, self.keepdims,
                           lambda v: math.fsum(v))
        den = _reduce_loop(w, axis, self.keepdims, lambda v: math.fsum(v))
        return (num / den).astype(self.dtype),


def test_average_with_weights_matches_numpy_average():
    x = numpy.random.uniform(-1, 1, (3, 4))
    w = numpy.random.uniform(0.1, 1, (4,))
    numpy.testing.assert_allclose(F.average(x, axis=1, weights=w).array,
                                  numpy.average(x, axis=1, weights=w))


def test_mean_of_no_elements_is_nan():
    y = F.mean(numpy.ones((0, 2), numpy.float32), axis=0)
    assert y.shape == (2,) and numpy.isnan(y.array).all()


def test_variable_mean_method_uses_mean():
    x = chainer.Variable(numpy.array([[1.0, 2.0], [3.0, 6.0]]))
    numpy.testing.assert_allclose(x.mean(axis=1).array, [1.5, 4.5])


@pytest.mark.parametrize('x_shape,axis,w_shape,message', [
    ((3, 4), None, (4,), r'weights must have the shape of x \(3, 4\), got shape'),
    ((3, 4), 1, (3,), r'weights must have the shape of x \(3, 4\) or \(4,\)'),
    ((3, 4), (0, 1), (4,), 'weights must have the shape of x'),
])
def test_average_rejects_bad_weights(x_shape, axis, w_shape, message):
    with pytest.raises(ValueError, match=message):
        F.average(numpy.ones(x_shape), axis=axis, weights=numpy.ones(w_shape))


def test_average_rejects_bad_dtypes_and_axes():
    with pytest.raises(TypeError, match='weights must have the dtype of x'):
        F.average(numpy.ones(3), weights=numpy.ones(3, numpy.float32))
    with pytest.raises(ValueError, match='axis 2 is out of range'):
        F.average(numpy.ones((2, 2)), axis=2, weights=numpy.ones(2))


# -- prod ----------------------------------------------------------------------

@testing.parameterize(*testing.product_dict(_AXES, testing.product({
    'keepdims': [False, True],
    'zeros': [0, 1, 2],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
})))
@testing.inject_backend_tests(None, _BACKENDS)
class TestProd(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, 5e-3)

    def generate_inputs(self):
        x = numpy.random.uniform(0.5, 1.5, self.shape) * numpy.random.choice(
            [-1, 1], self.shape)
        if x.size:
            # Zeros placed in one group (or two), to exercise the exact gradient.
            flat = x.reshape(-1)
            flat[numpy.random.choice(x.size, min(self.zeros, x.size),
                                     replace=False)] = 0
        return x.astype(self.dtype),

    def forward(self, inputs, device):
        return F.prod(inputs[0], axis=self.axis, keepdims=self.keepdims),

    def forward_expected(self, inputs):
        return _reduce_loop(inputs[0], self.axis, self.keepdims,
                            lambda v: math.prod(v)).astype(self.dtype),


def test_prod_gradient_with_zeros_is_exact():
    x = chainer.Variable(numpy.array([[2.0, 0.0, 3.0], [0.0, 0.0, 5.0],
                                      [1.0, 2.0, 4.0]]))
    F.sum(F.prod(x, axis=1)).backward()
    numpy.testing.assert_array_equal(
        x.grad, [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [8.0, 4.0, 2.0]])


def test_prod_second_derivative_with_two_zeros():
    # d^2/dx0 dx1 of x0 x1 x2 is x2, also when x0 = x1 = 0.
    x = chainer.Variable(numpy.array([0.0, 0.0, 3.0]))
    g, = chainer.grad([F.prod(x)], [x], enable_double_backprop=True)
    h, = chainer.grad([g[0]], [x])
    numpy.testing.assert_array_equal(h.array, [0.0, 3.0, 0.0])


# -- batch_l2_norm_squared -----------------------------------------------------

@testing.parameterize(*testing.product({
    'shape': [(4, 3), (2, 3, 2), (3, 0), (0, 2)],
    'dtype': DTYPES,
    'contiguous': [None, 'C'],
}))
@testing.inject_backend_tests(None, _BACKENDS)
class TestBatchL2NormSquared(testing.FunctionTestCase):

    def setUp(self):
        _tolerances(self, 5e-3)

    def generate_inputs(self):
        return numpy.random.uniform(-1, 1, self.shape).astype(self.dtype),

    def forward(self, inputs, device):
        return F.batch_l2_norm_squared(inputs[0]),

    def forward_expected(self, inputs):
        x, = inputs
        out = [math.fsum(float(v) ** 2 for v in item.ravel()) for item in x]
        return numpy.array(out, numpy.float64).reshape(len(x)).astype(self.dtype),


def test_batch_l2_norm_squared_needs_a_batch_axis():
    with pytest.raises(type_check.InvalidType) as info:
        F.batch_l2_norm_squared(numpy.ones(3, numpy.float32))
    assert 'x.ndim >= 2' in str(info.value)
