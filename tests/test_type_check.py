import pickle

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import type_check as T


def _invalid(func, *args):
    with pytest.raises(T.InvalidType) as e:
        func(*args)
    return str(e.value)


def test_linear_shape_message():
    x = numpy.zeros((2, 3), numpy.float32)
    W = numpy.zeros((4, 5), numpy.float32)
    msg = _invalid(F.linear, x, W)
    assert msg == ('\nInvalid operation is performed in: LinearFunction (Forward)\n\n'
                   'Expect: x.shape[1] == W.shape[1]\n'
                   'Actual: 3 != 5')


def test_linear_dtype_and_ndim_messages():
    W = numpy.zeros((4, 3), numpy.float32)
    msg = _invalid(F.linear, numpy.zeros((2, 3), numpy.int32), W)
    assert 'Expect: x.dtype.kind == f' in msg and 'Actual: i != f' in msg
    b = numpy.zeros(5, numpy.float32)
    msg = _invalid(F.linear, numpy.zeros((2, 3), numpy.float32), W, b)
    assert 'Expect: b.shape[0] == W.shape[0]' in msg and 'Actual: 5 != 4' in msg
    b = numpy.zeros(4, numpy.float64)
    msg = _invalid(F.linear, numpy.zeros((2, 3), numpy.float32), W, b)
    assert 'Expect: b.dtype == x.dtype' in msg and 'Actual: float64 != float32' in msg


def test_binary_operator_dtype_mismatch():
    a = chainer.Variable(numpy.zeros(2, numpy.float32))
    b = chainer.Variable(numpy.zeros(2, numpy.float64))
    msg = _invalid(lambda: a + b)
    assert 'Invalid operation is performed in: _ + _ (Forward)' in msg
    assert 'Expect: lhs.dtype == rhs.dtype' in msg
    assert 'Actual: float32 != float64' in msg


def test_broadcast_failure_message():
    a = chainer.Variable(numpy.zeros((2, 3), numpy.float32))
    b = chainer.Variable(numpy.zeros((4,), numpy.float32))
    msg = _invalid(lambda: a * b)
    assert 'cannot broadcast (2, 3), (4,)' in msg


def test_expression_printing():
    a = T.Variable(3, 'a')
    b = T.Variable(4, 'b')
    assert str(a + b * 2) == 'a + b * 2'
    assert str((a + b) * 2) == '(a + b) * 2'
    assert str(a - (b - 1)) == 'a - (b - 1)'
    assert str(-a) == '-a'
    assert str(a ** b ** 2) == 'a ** b ** 2'
    assert str((a ** b) ** 2) == '(a ** b) ** 2'
    assert str(a.real) == 'a.real'
    assert str(a.bit_length()) == 'a.bit_length()'
    assert str(T.Variable((1, 2), 't')[0]) == 't[0]'
    assert str(T.Variable((1, 2), 't')[1:]) == 't[1:]'
    assert T.eval(a + b * 2) == 11
    assert T.eval(a.bit_length()) == 2
    assert T.eval(5) == 5


def test_bool_of_expression_is_an_error():
    with pytest.raises(RuntimeError, match='cannot be used as a bool'):
        bool(T.Variable(1, 'a') == 1)


def test_expect_full_and_light():
    a = T.Variable(3, 'a')
    T.expect(a == 3, a > 2)
    with pytest.raises(T.InvalidType) as e:
        T.expect(a == 3, a < 2)
    assert e.value.expect == 'a < 2'
    assert e.value.actual == '3 >= 2'
    T.expect(True, numpy.bool_(True))
    with pytest.raises(T.InvalidType):
        T.expect(True, False)
    with pytest.raises(TypeError, match='not a condition'):
        T.expect(a + 1)


def test_get_types_and_argname():
    data = (numpy.zeros((2, 3), numpy.float32),)
    types = T.get_types(data, 'in_types', False)
    assert str(types[0].shape[1]) == 'in_types[0].shape[1]'
    assert T.eval(types.size()) == 1
    T._argname(types, ('x',))
    assert str(types[0].shape[1]) == 'x.shape[1]'
    assert str(types[0].dtype) == 'x.dtype'
    with pytest.raises(T.InvalidType) as e:
        T._argname(types, ('x', 'y'))
    assert 'in_types.size() == 2' in e.value.expect
    light = T.get_light_types(data)
    assert light.size() == 1 and light[0].shape == (2, 3)


def test_light_mode_flag():
    assert not T.in_light_mode()
    with T.light_mode:
        assert T.in_light_mode()
    assert not T.in_light_mode()


def test_invalid_type_pickles():
    err = T.InvalidType('a == 1', '2 != 1', msg='custom')
    back = pickle.loads(pickle.dumps(err))
    assert str(back) == 'custom' and back.expect == 'a == 1'
    assert str(T.InvalidType('x', 'y')) == 'Expect: x\nActual: y'


def test_helpers():
    # prod: an expression outside light mode, a number inside it.
    p = T.prod([2, 3, 4])
    assert str(p) == 'prod([2, 3, 4])' and p.eval() == 24
    assert str(T.prod([])) == 'prod([])' and T.eval(T.prod([])) == 1
    with T.light_mode:
        assert T.prod([2, 3, 4]) == 24
    assert T.same_types(numpy.zeros(1), numpy.zeros(2))
    assert not T.same_types(numpy.zeros(1), [1])
    T.expect_broadcast_shapes((2, 1), (1, 3))
    with pytest.raises(T.InvalidType):
        T.expect_broadcast_shapes((2, 3), (4,))


def test_full_mode_rerun_only_on_failure():
    calls = []

    class Check(chainer.FunctionNode):
        def check_type_forward(self, in_types):
            calls.append(type(in_types).__name__)
            T.expect(in_types[0].ndim == 1)

        def forward(self, inputs):
            return inputs[0],

    Check().apply((numpy.zeros(3, numpy.float32),))
    assert calls == ['LightTypeInfoTuple']
    with pytest.raises(T.InvalidType, match='Expect: in_types\\[0\\].ndim == 1'):
        Check().apply((numpy.zeros((3, 1), numpy.float32),))
    assert calls == ['LightTypeInfoTuple', 'LightTypeInfoTuple', 'TypeInfoTuple']


def test_whole_shapes_and_slices_compare_in_full_mode():
    # User code compares whole shapes (x.shape == y.shape); in full mode that must
    # be a condition with a message, while shapes still act as tuples.
    class SameShape(chainer.FunctionNode):
        def check_type_forward(self, in_types):
            T.expect(in_types.size() == 2)
            x_type, y_type = in_types
            T.expect(x_type.shape == y_type.shape,
                     x_type.shape[1:] == y_type.shape[1:])
            assert len(x_type.shape) == 2
            n, m = x_type.shape
            T.expect(n * m == x_type.size)

        def forward(self, inputs):
            return inputs[0] + inputs[1],

    a = numpy.zeros((2, 3), numpy.float32)
    SameShape().apply((a, a))
    msg = _invalid(SameShape().apply, (a, numpy.zeros((3, 2), numpy.float32)))
    assert 'Expect: in_types[0].shape == in_types[1].shape' in msg
    assert 'Actual: (2, 3) != (3, 2)' in msg
    shape = T.get_types((a,), 'in_types', False)[0].shape
    assert str(shape[1:]) == 'in_types[0].shape[1:]' and T.eval(shape[1:]) == (3,)
    assert str(shape[-1]) == 'in_types[0].shape[-1]'
    assert [str(d) for d in shape] == ['in_types[0].shape[0]', 'in_types[0].shape[1]']
    with pytest.raises(IndexError):
        shape[2]


def test_expressions_print_with_the_parentheses_python_needs():
    x = T.Variable(1, 'x')
    y = T.Variable(2, 'y')
    assert str(x + y * x) == 'x + y * x'
    assert str((x + y) * x) == '(x + y) * x'
    assert str(x - (y - x)) == 'x - (y - x)'
    assert str(x ** y ** x) == 'x ** y ** x'
    assert str((x ** y) ** x) == '(x ** y) ** x'
    assert str(-x ** y) == '-x ** y' and str((-x) ** y) == '(-x) ** y'
    assert str(-(x + y)) == '-(x + y)'
    assert str((x | y) & x) == '(x | y) & x'
    assert str(x + y == y * 2) == 'x + y == y * 2'
    assert (x | y).priority < (x ^ y).priority < (x & y).priority < \
        (x << y).priority < (x + y).priority < (x * y).priority < \
        (-x).priority < (x ** y).priority < x.priority


def test_attribute_item_and_list_forms():
    obj = T.Variable({'a': 1}, 'y')
    assert str(obj['a']) == "y['a']" and obj['a'].eval() == 1
    assert str(T.GetAttr(x_var(), T.Constant('real'))) == 'x.real'
    assert str(T.GetAttr(x_var(), 3)) == 'getattr(x, 3)'
    assert T._repr([T.Constant(0), 'a']) == "[0, 'a']"
    assert T._repr((T.Constant(0),)) == '(0,)'
    assert (T.Constant([[0]]) == [[T.Constant(0)]]).eval()
    assert T.eval([T.Constant(1), (T.Constant(2),)]) == [1, (2,)]


def x_var():
    return T.Variable(1.5, 'x')


def test_get_types_describes_inputs_as_expressions():
    ts = T.get_types((numpy.zeros((1, 2), numpy.float32),), 'in_types', False)
    t = ts[0]
    assert isinstance(t, T.Expr) and str(t) == 'in_types[0]'
    assert t.shape[1].eval() == 2 and t.ndim.eval() == 2
    assert str(t.size) == 'in_types[0].size' and t.size.eval() == 2
    with pytest.raises(TypeError, match='must be a tuple'):
        T.get_types(1, 'in_types', False)
    with pytest.raises(AssertionError):   # (what Chainer raised)
        T.get_types(1, 'in_types', False)
