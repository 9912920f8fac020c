"""Variable's operators: values against NumPy, gradients against finite differences."""
import operator

import numpy
import pytest

import chainer
from chainer import gradient_check
from chainer import Variable

DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def _tol(dtype):
    if dtype == numpy.float16:
        return dict(atol=5e-2, rtol=5e-2)
    return dict(atol=1e-4, rtol=1e-3)


def _uniform(shape, dtype, low=-1, high=1):
    return numpy.asarray(numpy.random.uniform(low, high, shape)).astype(dtype)


BINARY = [
    ('add', operator.add, (-1, 1), (-1, 1)),
    ('sub', operator.sub, (-1, 1), (-1, 1)),
    ('mul', operator.mul, (-1, 1), (-1, 1)),
    ('truediv', operator.truediv, (-1, 1), (0.5, 2)),
    ('pow', operator.pow, (0.5, 2), (-1, 1)),
]


@pytest.mark.parametrize('name,op,lrange,rrange', BINARY)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shapes', [((3, 2), (3, 2)), ((3, 2), (2,)), ((1, 2), (3, 1))])
def test_variable_variable(name, op, lrange, rrange, dtype, shapes):
    a = _uniform(shapes[0], dtype, *lrange)
    b = _uniform(shapes[1], dtype, *rrange)
    y = op(Variable(a), Variable(b))
    expected = op(a.astype(numpy.float64), b.astype(numpy.float64))
    assert y.dtype == dtype and y.shape == expected.shape
    numpy.testing.assert_allclose(y.array, expected, **_tol(dtype))
    gy = _uniform(expected.shape, dtype)
    gradient_check.check_backward(op, (a, b), gy, dtype=numpy.float64, **_tol(dtype))
    ggs = (_uniform(shapes[0], dtype), _uniform(shapes[1], dtype))
    gradient_check.check_double_backward(op, (a, b), gy, ggs, dtype=numpy.float64,
                                         **_tol(dtype))


@pytest.mark.parametrize('name,op,lrange,rrange', BINARY)
@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('constant_kind', ['python', 'numpy_scalar', 'array'])
@pytest.mark.parametrize('reflected', [False, True])
def test_variable_constant(name, op, lrange, rrange, dtype, constant_kind, reflected):
    shape = (2, 3)
    if reflected:
        xrange, crange = rrange, lrange
    else:
        xrange, crange = lrange, rrange
    x = _uniform(shape, dtype, *xrange)
    c = numpy.random.uniform(*crange)
    if constant_kind == 'numpy_scalar':
        c = numpy.float64(c)
    elif constant_kind == 'array':
        c = _uniform(shape, numpy.float64, *crange)

    def f(v):
        return op(c, v) if reflected else op(v, c)

    y = f(Variable(x))
    expected = f(x.astype(numpy.float64))
    assert isinstance(y, Variable)
    assert y.dtype == dtype, 'the constant must not change the dtype'
    numpy.testing.assert_allclose(y.array, expected, **_tol(dtype))
    gy = _uniform(shape, dtype)
    gradient_check.check_backward(f, x, gy, dtype=numpy.float64, **_tol(dtype))
    gradient_check.check_double_backward(f, x, gy, _uniform(shape, dtype),
                                         dtype=numpy.float64, **_tol(dtype))


@pytest.mark.parametrize('dtype', DTYPES)
def test_unary(dtype):
    x = _uniform((3, 4), dtype)
    x[numpy.abs(x) < 0.1] = 0.5  # keep away from the kink of abs
    v = Variable(x)
    numpy.testing.assert_array_equal((-v).array, -x)
    numpy.testing.assert_array_equal(abs(v).array, abs(x))
    assert +v is v
    gy = _uniform((3, 4), dtype)
    for f in (operator.neg, abs):
        gradient_check.check_backward(f, x, gy, dtype=numpy.float64, **_tol(dtype))
        gradient_check.check_double_backward(f, x, gy, _uniform((3, 4), dtype),
                                             dtype=numpy.float64, **_tol(dtype))


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('shapes', [((2, 3), (3, 4)), ((5, 2, 3), (3, 4)),
                                    ((3,), (3, 2)), ((2, 3), (3,)), ((3,), (3,)),
                                    ((2, 1, 2, 3), (4, 3, 2))])
def test_matmul_operator(dtype, shapes):
    a = _uniform(shapes[0], dtype)
    b = _uniform(shapes[1], dtype)
    y = Variable(a) @ Variable(b)
    expected = numpy.matmul(a.astype(numpy.float64), b.astype(numpy.float64))
    assert y.shape == expected.shape and y.dtype == dtype
    numpy.testing.assert_allclose(y.array, expected, **_tol(dtype))
    y2 = a @ Variable(b)
    assert isinstance(y2, Variable)
    numpy.testing.assert_allclose(y2.array, expected, **_tol(dtype))
    gy = _uniform(expected.shape, dtype)
    gradient_check.check_backward(operator.matmul, (a, b), gy, dtype=numpy.float64,
                                  **_tol(dtype))
    gradient_check.check_double_backward(
        operator.matmul, (a, b), gy, (_uniform(shapes[0], dtype),
                                      _uniform(shapes[1], dtype)),
        dtype=numpy.float64, **_tol(dtype))


def test_pow_with_variable_exponent_and_constant_base():
    x = Variable(numpy.array([1.0, 2.0], numpy.float32))
    e = Variable(numpy.array([3.0, 0.5], numpy.float32))
    numpy.testing.assert_allclose((x ** e).array, [1.0, 2.0 ** 0.5], rtol=1e-6)
    numpy.testing.assert_allclose((2 ** x).array, [2.0, 4.0])
    (2 ** x).grad = None
    y = 2 ** x
    y.grad = numpy.ones(2, numpy.float32)
    y.backward()
    numpy.testing.assert_allclose(x.grad, numpy.log(2) * numpy.array([2.0, 4.0]),
                                  rtol=1e-6)


def test_unsupported_operands_raise_type_error():
    x = Variable(numpy.ones(2, numpy.float32))
    with pytest.raises(TypeError):
        x + 'a'
    with pytest.raises(TypeError):
        x * [1, 2]
    with pytest.raises(TypeError):
        x @ 2
    with pytest.raises(TypeError):
        x + True


def test_numpy_array_on_the_left_gives_variable():
    x = Variable(numpy.ones(2, numpy.float32))
    a = numpy.array([2.0, 3.0], numpy.float32)
    for y in (a + x, a - x, a * x, a / x, a ** x):
        assert isinstance(y, Variable)
    numpy.testing.assert_array_equal((a - x).array, [1.0, 2.0])


def test_scalar_division_by_zero_gives_inf_not_an_exception():
    x = Variable(numpy.ones(2, numpy.float32))
    with numpy.errstate(divide='ignore'):
        y = x / 0.0
    assert numpy.isinf(y.array).all()


def test_integer_variables_keep_numpy_semantics():
    x = Variable(numpy.array([1, 2], numpy.int32))
    assert (x + 1).dtype == numpy.int32
    assert (x * x).array.tolist() == [1, 4]


@pytest.mark.parametrize('index', [
    1, -1, slice(None, 2), (slice(None), 1), (Ellipsis, 0), (None, 1),
    [0, 2, 2], numpy.array([1, 1, 0]), (numpy.array([0, 2]), numpy.array([1, 0])),
    numpy.array([True, False, True]), (slice(1, 3), [0, 0]),
])
def test_getitem_values_and_gradients(index):
    x = _uniform((3, 2), numpy.float64)
    y = Variable(x)[index]
    expected = x[index]
    numpy.testing.assert_array_equal(y.array, expected)
    gy = numpy.random.uniform(-1, 1, expected.shape)
    gradient_check.check_backward(lambda v: v[index], x, gy)
    gradient_check.check_double_backward(lambda v: v[index], x, gy,
                                         numpy.random.uniform(-1, 1, (3, 2)))


def test_getitem_repeated_indices_accumulate():
    x = Variable(numpy.zeros(3, numpy.float32))
    y = x[[0, 0, 2, 0]]
    y.grad = numpy.ones(4, numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [3, 0, 1])


def test_getitem_errors():
    x = Variable(numpy.zeros((2, 2), numpy.float32))
    with pytest.raises(TypeError, match='Variables cannot be used as indices'):
        x[x]
    with pytest.raises(TypeError, match='indices must be'):
        x['a']
    with pytest.raises(IndexError):
        x[5]
    with pytest.raises(chainer.utils.type_check.InvalidType):
        Variable(numpy.zeros((), numpy.float32))[0]


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_floor_division_operators(dtype):
    a = numpy.array([-3.5, 2.0, 7.0, -0.5], dtype)
    b = numpy.array([2.0, -3.0, 2.5, 1.0], dtype)
    x = Variable(a)
    expected = [numpy.floor(float(p) / float(q)) for p, q in zip(a, b)]
    for y in (x // b, x // Variable(b), a // Variable(b)):
        assert isinstance(y, Variable) and y.dtype == dtype
        assert not y.requires_grad and y.creator is None
        numpy.testing.assert_array_equal(y.array, numpy.asarray(expected, dtype))
    numpy.testing.assert_array_equal(
        (x // 2).array, numpy.asarray([-2, 1, 3, -1], dtype))
    numpy.testing.assert_array_equal(
        (7 // x).array, numpy.asarray([-2, 3, 1, -14], dtype))


def test_floor_division_dtype_mismatch_and_bad_operand():
    x = Variable(numpy.ones(3, numpy.float32))
    with pytest.raises(TypeError, match='same dtype'):
        x // numpy.ones(3, numpy.float64)
    with pytest.raises(TypeError):
        x // 'a'
