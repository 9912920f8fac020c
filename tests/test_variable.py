import copy
import pickle
import weakref

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import initializers
from chainer import Parameter
from chainer import Variable


def _arr(*shape, dtype=numpy.float32):
    return numpy.arange(numpy.prod(shape), dtype=dtype).reshape(shape) + 1


# -- construction and properties ------------------------------------------------

def test_properties_follow_the_array():
    a = _arr(2, 3)
    x = Variable(a, name='x')
    assert x.array is a and x.data is a
    assert x.shape == (2, 3) and x.ndim == 2 and x.size == 6
    assert x.dtype == numpy.float32
    assert len(x) == 2
    assert x.name == 'x'
    assert x.label == '(2, 3), float32'
    assert x.xp is numpy
    assert x.device == chainer.backend.CpuDevice()
    assert x.creator is None and x.creator_node is None and x.rank == 0
    assert x.requires_grad
    assert x.grad is None and x.grad_var is None
    assert x.node.name == 'x' and x.node.shape == (2, 3)


def test_scalar_label_and_item():
    x = Variable(numpy.array(3.5, numpy.float64))
    assert x.label == 'float64'
    assert x.item() == 3.5
    with pytest.raises(ValueError, match='one-element'):
        Variable(_arr(2)).item()
    with pytest.raises(TypeError, match='0-dimensional'):
        len(x)


def test_rejects_non_arrays():
    with pytest.raises(TypeError, match='numpy.ndarray or cupy.ndarray'):
        Variable([1, 2, 3])
    with pytest.raises(TypeError, match='NumPy scalar'):
        Variable(numpy.float32(1))
    with pytest.raises(ValueError, match='volatile'):
        Variable(_arr(2), volatile=True)
    with pytest.raises(TypeError, match='unexpected keyword'):
        Variable(_arr(2), foo=1)


def test_array_setter_updates_node():
    x = Variable(_arr(2))
    x.array = numpy.zeros((3, 4), numpy.float64)
    assert x.shape == (3, 4) and x.node.shape == (3, 4)
    assert x.node.dtype == numpy.float64
    with pytest.raises(TypeError):
        x.array = [1, 2]


def test_requires_grad_false_gets_no_gradient():
    a = Variable(_arr(3))
    b = Variable(_arr(3), requires_grad=False)
    y = F.sum(a * b)
    y.backward()
    assert b.grad is None
    numpy.testing.assert_array_equal(a.grad, b.array)


# -- repr and str -----------------------------------------------------------------

def test_repr_and_str_formats():
    assert repr(Variable(numpy.array([16.], numpy.float32))) == 'variable([16.])'
    x = Variable(numpy.array([[1, 2, 3], [4, 5, 6]], numpy.float32), name='x')
    assert repr(x) == ('variable x([[1., 2., 3.],\n'
                       '            [4., 5., 6.]])')
    assert str(x) == ('variable x([[1. 2. 3.]\n'
                      '            [4. 5. 6.]])')
    assert str(Variable(numpy.array([16.], numpy.float32))) == 'variable([16.])'
    assert repr(Variable()) == 'variable(None)'
    assert str(Variable()) == 'variable(None)'
    assert repr(Variable(numpy.zeros((0, 3), numpy.float32))) == \
        'variable([], shape=(0, 3))'
    assert repr(Variable(numpy.zeros((0,), numpy.float32))) == 'variable([])'
    assert repr(Variable(numpy.array([1, 2], numpy.int32))) == 'variable([1, 2])'


def test_summary_and_debug_print():
    x = Variable(_arr(2, 2), name='w')
    assert x.summary() == '<variable w>'
    text = x.debug_print()
    assert '- shape: (2, 2)' in text and '- dtype: float32' in text
    assert 'mean=2.50000000' in text
    lines = text.split('\n')
    assert lines[1:3] == ['- device: CPU', "- backend: <class 'numpy.ndarray'>"]
    assert lines[-1] == '- grad: None'
    # An uninitialized parameter prints too.
    assert '- grad: None' in chainer.Parameter().debug_print()


# -- gradients ---------------------------------------------------------------------

def test_grad_setter_checks_dtype_and_shape():
    x = Variable(_arr(2, 3))
    x.grad = numpy.ones((2, 3), numpy.float32)
    assert isinstance(x.grad_var, Variable)
    with pytest.raises(TypeError, match='expected float32, got float64'):
        x.grad = numpy.ones((2, 3), numpy.float64)
    with pytest.raises(ValueError, match=r'expected \(2, 3\), got \(3, 2\)'):
        x.grad = numpy.ones((3, 2), numpy.float32)
    with pytest.raises(TypeError, match='grad_var must be a Variable'):
        x.grad_var = numpy.ones((2, 3), numpy.float32)
    x.grad = None
    assert x.grad is None


def test_cleargrad_zerograd():
    x = Variable(_arr(3))
    x.grad = numpy.full(3, 7, numpy.float32)
    x.cleargrad()
    assert x.grad is None
    with pytest.warns(DeprecationWarning):
        x.zerograd()
    numpy.testing.assert_array_equal(x.grad, numpy.zeros(3))
    g = x.grad
    x.grad[:] = 5
    with pytest.warns(DeprecationWarning):
        x.zerograd()
    assert x.grad is g and (g == 0).all()


def test_addgrad_and_copydata():
    x = Variable(_arr(3))
    y = Variable(_arr(3) * 10)
    y.grad = numpy.full(3, 2, numpy.float32)
    x.addgrad(y)
    numpy.testing.assert_array_equal(x.grad, [2, 2, 2])
    assert x.grad is not y.grad
    x.addgrad(y)
    numpy.testing.assert_array_equal(x.grad, [4, 4, 4])
    x.copydata(y)
    numpy.testing.assert_array_equal(x.array, [10, 20, 30])
    assert x.array is not y.array
    empty = Variable()
    empty.copydata(y)
    numpy.testing.assert_array_equal(empty.array, y.array)


# -- graph manipulation --------------------------------------------------------------

def test_creator_and_rank():
    x = Variable(_arr(3))
    h = F.exp(x)
    y = F.log(h)
    assert isinstance(h.creator, chainer.FunctionNode)
    assert h.creator.label == 'exp'
    assert h.rank == 1 and y.rank == 2
    assert y.creator.inputs[0] is h.node


def test_unchain_cuts_the_graph():
    x = Variable(_arr(3))
    h = x * 2
    y = F.sum(h)
    h.unchain()
    assert h.creator is None
    y.backward()
    assert x.grad is None
    # h is now a leaf of the graph, so it receives its gradient
    numpy.testing.assert_array_equal(h.grad, numpy.ones(3, numpy.float32))


def test_unchain_backward_cuts_everything_below():
    x = Variable(_arr(3))
    h1 = x * 2
    h2 = h1 + 1
    y = F.sum(h2)
    f1, f2 = h1.creator, h2.creator
    y.unchain_backward()
    assert y.creator is None and h2.creator is None and h1.creator is None
    assert f1.inputs is None and f2.inputs is None


def test_retain_data_keeps_array_in_node():
    x = Variable(_arr(3))
    assert x.node.data is None
    x.retain_data()
    assert x.node.data is x.array


def test_reshape_transpose_T():
    x = Variable(_arr(2, 3))
    assert x.reshape(3, 2).shape == (3, 2)
    assert x.reshape((6,)).shape == (6,)
    assert x.transpose().shape == (3, 2)
    assert x.transpose(1, 0).shape == (3, 2)
    assert x.T.shape == (3, 2)
    y = F.sum(x.T * Variable(_arr(3, 2)))
    y.backward()
    numpy.testing.assert_array_equal(x.grad, _arr(3, 2).T)


def test_iteration_yields_rows():
    x = Variable(_arr(3, 2))
    rows = list(x)
    assert len(rows) == 3
    numpy.testing.assert_array_equal(rows[1].array, [3, 4])
    F.sum(rows[2]).backward()
    numpy.testing.assert_array_equal(x.grad, [[0, 0], [0, 0], [1, 1]])


def test_bool_and_comparisons_are_errors():
    x = Variable(_arr(3))
    with pytest.raises(TypeError, match='truth value'):
        bool(x)
    with pytest.raises(NotImplementedError):
        x == x
    with pytest.raises(NotImplementedError):
        x < x
    assert hash(x) == hash(x)
    assert x in {x}


# -- devices -----------------------------------------------------------------------

def test_to_cpu_and_to_device_numpy():
    a = _arr(2)
    x = Variable(a)
    x.to_cpu()
    assert x.array is a
    x.to_device('@numpy')
    assert x.array is a
    assert x.device.name == '@numpy'


class _OwnDevice(chainer.backend.Device):
    # a device of the user's own kind, holding NumPy arrays
    xp = numpy
    supported_array_types = (numpy.ndarray,)

    def __init__(self, index):
        self.index = index

    def __eq__(self, other):
        return isinstance(other, _OwnDevice) and other.index == self.index

    def __str__(self):
        return '@own:{}'.format(self.index)

    def send_array(self, array):
        return array.copy()


def test_device_is_the_one_the_data_was_sent_to():
    x = Variable(_arr(2))
    x.to_device(_OwnDevice(3))
    assert x.device == _OwnDevice(3)
    x.array[...] = 1     # in place: the same array, the same device
    assert x.device == _OwnDevice(3)
    x.array = _arr(2)    # another array: its device is told from the array
    assert x.device == chainer.backend.CpuDevice()
    p = chainer.Parameter(_arr(2))
    p.to_device(_OwnDevice(1))
    assert p.device == _OwnDevice(1)
    link = chainer.Link()
    with link.init_scope():
        link.w = chainer.Parameter(_arr(3))
        link.u = chainer.Parameter()
    link.to_device(_OwnDevice(2))
    assert link.w.device == _OwnDevice(2) and link.u.device == _OwnDevice(2)
    import pickle
    # an unpickled copy has arrays of its own: its device is told from them
    assert pickle.loads(pickle.dumps(p)).device == chainer.backend.CpuDevice()


@pytest.mark.skipif(chainer.backends.cuda.available, reason='CuPy is installed')
def test_to_gpu_without_cupy_names_the_missing_package():
    x = Variable(_arr(2))
    with pytest.raises(RuntimeError, match='cupy'):
        x.to_gpu()
    with pytest.raises(RuntimeError, match='cupy'):
        x.to_device('@cupy:0')


def test_chainerx_is_reported_unavailable():
    x = Variable(_arr(2))
    with pytest.raises(RuntimeError, match='ChainerX is not available'):
        x.to_chx()
    assert x.from_chx() is None


# -- copying and pickling --------------------------------------------------------------

def test_pickle_and_deepcopy_keep_data_grad_and_name():
    x = Variable(_arr(3), name='x')
    x.grad = numpy.full(3, 2, numpy.float32)
    for y in (pickle.loads(pickle.dumps(x)), copy.deepcopy(x)):
        assert y.name == 'x'
        numpy.testing.assert_array_equal(y.array, x.array)
        numpy.testing.assert_array_equal(y.grad, x.grad)
        assert y.array is not x.array
        assert y.node is not x.node and y.node.get_variable() is y
    z = copy.copy(x)
    assert z.array is x.array and z.node is not x.node


# -- memory ---------------------------------------------------------------------------

class _Big(object):
    pass


def test_unretained_arrays_are_freed_with_their_variable():
    # y = x * 2 retains nothing (its gradient is the constant 2): once the user
    # drops y, its array must be freed even though the graph still exists.
    x = Variable(_arr(1000))
    h = x * 2
    ref = weakref.ref(h.array)
    y = F.sum(h)
    del h
    assert ref() is None
    y.backward()
    numpy.testing.assert_array_equal(x.grad, numpy.full(1000, 2, numpy.float32))


def test_retained_arrays_live_while_the_graph_lives():
    x = Variable(_arr(10))
    h = F.exp(x)  # exp retains its output for backward
    ref = weakref.ref(h.array)
    y = F.sum(h)
    del h
    assert ref() is not None
    del y
    assert ref() is None


def test_graph_is_freed_with_the_output():
    x = Variable(_arr(10))
    y = F.sum(x * x)
    func_ref = weakref.ref(y.creator)
    del y
    assert func_ref() is None


# -- Parameter ----------------------------------------------------------------------------

def test_parameter_from_initializer_and_shape():
    p = Parameter(initializers.Constant(3), (2, 3), name='W')
    assert p.shape == (2, 3) and p.dtype == numpy.float32
    assert (p.array == 3).all()
    assert numpy.isnan(p.grad).all()
    assert p.is_initialized
    # Chainer prints a Parameter exactly like a Variable: 'variable NAME(...)'.
    assert repr(p).startswith('variable W([[3., 3., 3.],')
    assert str(p).startswith('variable W([[3. 3. 3.]')
    assert repr(Parameter(name='b')) == 'variable b(None)'


def test_parameter_from_scalar_array_and_none():
    p = Parameter(2.5, (3,))
    numpy.testing.assert_array_equal(p.array, [2.5, 2.5, 2.5])
    a = numpy.arange(4, dtype=numpy.float64)
    q = Parameter(a)
    assert q.array is a and q.dtype == numpy.float64
    r = Parameter(shape=(2,))
    assert numpy.isnan(r.array).all()


def test_parameter_lazy_initialization():
    p = Parameter(initializers.Constant(1))
    assert not p.is_initialized and p.array is None
    assert p.dtype == numpy.float32
    p.initialize((2, 2))
    assert p.is_initialized and (p.array == 1).all()
    assert numpy.isnan(p.grad).all()

    q = Parameter(initializers.Constant(1))
    q.zerograd()
    q.initialize((3,))
    numpy.testing.assert_array_equal(q.grad, numpy.zeros(3))

    r = Parameter(initializers.Constant(1))
    r.cleargrad()
    r.initialize((3,))
    assert r.grad is None


def test_parameter_dtype_follows_config():
    with chainer.using_config('dtype', numpy.float16):
        p = Parameter(initializers.Constant(1), (2,))
    assert p.dtype == numpy.float16
    p = Parameter(initializers.Constant(1, dtype=numpy.float64), (2,))
    assert p.dtype == numpy.float64


def test_parameter_update_calls_update_rule():
    p = Parameter(initializers.Constant(1), (2,))
    calls = []

    class Rule(object):
        def update(self, param):
            calls.append(param)
            param.array -= 1

    p.update()  # no rule: nothing happens
    assert (p.array == 1).all()
    p.update_rule = Rule()
    p.update()
    assert calls == [p] and (p.array == 0).all()


def test_parameter_pickle_and_copy():
    p = Parameter(initializers.Constant(4), (2,), name='b')
    p.grad = numpy.ones(2, numpy.float32)
    for q in (pickle.loads(pickle.dumps(p)), copy.deepcopy(p)):
        assert isinstance(q, Parameter) and q.name == 'b'
        numpy.testing.assert_array_equal(q.array, p.array)
        numpy.testing.assert_array_equal(q.grad, p.grad)


def test_parameter_used_in_graph_receives_gradient():
    p = Parameter(initializers.Constant(2), (3,))
    p.cleargrad()
    x = Variable(_arr(3))
    F.sum(p * x).backward()
    numpy.testing.assert_array_equal(p.grad, x.array)


def test_as_variable_and_as_array():
    a = _arr(2)
    v = chainer.as_variable(a)
    assert isinstance(v, Variable) and v.array is a and not v.requires_grad
    assert chainer.as_variable(v) is v
    assert chainer.as_array(v) is a
    assert chainer.as_array(a) is a


def test_grad_assignment_errors_name_the_variable_with_single_spacing():
    # Legacy code assigns .grad directly; a wrong shape or dtype is reported
    # with the variable's name when it has one, and no stray double space.
    unnamed = chainer.Variable(numpy.zeros((2, 3), numpy.float32))
    with pytest.raises(ValueError) as info:
        unnamed.grad = numpy.ones((3, 2), numpy.float32)
    message = str(info.value)
    assert '  ' not in message
    assert 'The gradient of variable must have the shape' in message
    assert '(2, 3)' in message and '(3, 2)' in message
    named = chainer.Variable(numpy.zeros(3, numpy.float32), name='h1')
    with pytest.raises(TypeError, match='variable h1 must have the dtype'):
        named.grad = numpy.ones(3, numpy.float64)


def test_backward_of_a_variable_no_function_made_does_nothing():
    import chainer.functions as F
    leaf = Variable(numpy.array(2.0))
    leaf.backward()
    assert leaf.grad is None
    # functions of inputs that require no gradient build no graph
    x = Variable(numpy.ones((2, 3)), requires_grad=False)
    y = F.exp(x)
    assert y.creator is None
    y.backward()           # a non-scalar: nothing to do, no error
    assert x.grad is None
    # with a graph, a non-scalar without a gradient still needs one
    z = F.exp(Variable(numpy.ones((2, 3))))
    with pytest.raises(TypeError, match='no gradient'):
        z.backward()


def test_device_is_the_one_sent_to():
    class CopyingDevice(chainer.backend.Device):
        xp = numpy
        supported_array_types = (numpy.ndarray,)

        def __init__(self, index):
            self.index = index

        def __eq__(self, other):
            return isinstance(other, CopyingDevice) and other.index == self.index

        @property
        def name(self):
            return '@copying:{}'.format(self.index)

        def send_array(self, array):
            return array.copy()

    x = Variable(_arr(2, 3))
    assert x.device == chainer.get_device('@numpy')
    x.to_device(CopyingDevice(1))
    assert x.device == CopyingDevice(1)
    x.to_device('@intel64')
    assert isinstance(x.device, chainer.backend.Intel64Device)
    x.to_device(CopyingDevice(2))
    p = chainer.Parameter()
    p.to_device(CopyingDevice(3))
    p.initialize((2,))
    assert p.device == CopyingDevice(3)
    link = chainer.Link()
    with link.init_scope():
        link.w = chainer.Parameter(_arr(2))
    link.to_device(CopyingDevice(4))
    assert link.w.device == CopyingDevice(4) and link.device == CopyingDevice(4)
