import weakref

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import function_hook
from chainer import FunctionNode
from chainer.utils import type_check
from chainer import Variable


def _v(values, dtype=numpy.float32, **kwargs):
    return Variable(numpy.asarray(values, dtype=dtype), **kwargs)


class Square(FunctionNode):
    """y = x^2 with a differentiable backward, retaining its input."""

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        self.retain_inputs((0,))
        return inputs[0] ** 2,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return 2 * x * grad_outputs[0],


class SplitCpu(FunctionNode):
    """Two outputs computed in forward_cpu; retains its outputs."""

    def forward_cpu(self, inputs):
        x, = inputs
        self.retain_outputs((0, 1))
        return x * 2, x * 3

    def backward(self, indexes, grad_outputs):
        g0, g1 = grad_outputs
        total = None
        if g0 is not None:
            total = g0 * 2
        if g1 is not None:
            total = g1 * 3 if total is None else total + g1 * 3
        return total,


def test_apply_returns_tuple_and_links_graph():
    x = _v([1.0, 2.0])
    f = Square()
    ys = f.apply((x,))
    assert isinstance(ys, tuple) and len(ys) == 1
    y, = ys
    assert y.creator_node is f
    assert f.inputs == (x.node,)
    assert f.outputs[0]() is y.node
    assert f.rank == 0 and y.rank == 1
    assert f.label == 'Square'


def test_apply_accepts_arrays_as_constants():
    y, = Square().apply((numpy.array([3.0], numpy.float32),))
    assert not y.requires_grad and y.creator is None
    numpy.testing.assert_array_equal(y.array, [9.0])


def test_forward_dispatches_to_forward_cpu():
    x = _v([1.0])
    a, b = SplitCpu().apply((x,))
    numpy.testing.assert_array_equal(a.array, [2.0])
    numpy.testing.assert_array_equal(b.array, [3.0])


def test_missing_forward_raises_not_implemented():
    class Nothing(FunctionNode):
        pass

    with pytest.raises(NotImplementedError, match='Nothing implements neither forward'):
        Nothing().apply((_v([1.0]),))


def test_forward_must_return_tuple():
    class NotTuple(FunctionNode):
        def forward(self, inputs):
            return inputs[0]

    with pytest.raises(TypeError, match='forward output must be a tuple of ndarrays: '
                                        'NotTuple.forward returned ndarray'):
        NotTuple().apply((_v([1.0]),))

    class NotArrays(FunctionNode):
        def forward(self, inputs):
            return object(),

    with pytest.raises(TypeError, match='forward output must be a tuple of ndarrays: '
                                        'NotArrays.forward returned an element of '
                                        'type object'):
        NotArrays().apply((_v([1.0]),))


class _Returns(FunctionNode):
    """Returns the given value from backward."""

    def __init__(self, grads):
        self.grads = grads

    def forward(self, inputs):
        return numpy.ones(1, numpy.float32),

    def backward(self, indexes, grad_outputs):
        return self.grads


@pytest.mark.parametrize('grads,error,message', [
    (numpy.ones(1, numpy.float32), (TypeError, ValueError),
     'type of gradients returned from backward is incorrect'),
    ((), ValueError, 'number of gradients returned from backward is incorrect: '
                     '_Returns.backward returned 0 gradients'),
    ((_v([1.0]), _v([2.0])), ValueError,
     'number of gradients returned from backward is incorrect'),
    ((_v([1.0, 2.0]),), ValueError,
     r'shape of gradients returned from backward is incorrect: .*has shape \(2,\), '
     r'but the input has shape \(1,\)'),
    ((chainer.Variable(numpy.ones(1, numpy.int64)),), ValueError,
     'dtype of gradients returned from backward is incorrect: .*has dtype int64, but '
     'the input has dtype float32'),
])
def test_wrong_gradients_from_backward(grads, error, message):
    for debug in (False, True):
        with chainer.using_config('debug', debug):
            for cls in (error if isinstance(error, tuple) else (error,)):
                y, = _Returns(grads).apply((_v([1.0]),))
                with pytest.raises(cls, match=message):
                    y.backward()


def test_numpy_scalar_outputs_become_0d_arrays():
    class Total(FunctionNode):
        def forward(self, inputs):
            return inputs[0].sum(),

    y, = Total().apply((_v([1.0, 2.0]),))
    assert isinstance(y.array, numpy.ndarray) and y.shape == ()
    assert y.dtype == numpy.float32


def test_calling_a_function_node_is_an_error():
    with pytest.raises(TypeError, match=r'apply\(\(x, \.\.\.\)\)'):
        Square()(_v([1.0]))


def test_input_types_are_checked():
    with pytest.raises(TypeError, match='NumPy scalar'):
        Square().apply((numpy.float32(1),))
    with pytest.raises(TypeError, match='got None'):
        Square().apply((None,))


def test_type_check_message():
    x = _v([1, 2], dtype=numpy.int32)
    with pytest.raises(type_check.InvalidType) as e:
        Square().apply((x,))
    msg = str(e.value)
    assert 'Invalid operation is performed in: Square (Forward)' in msg
    assert "Expect: x.dtype.kind == f" in msg
    assert "Actual: i != f" in msg


def test_type_check_can_be_disabled():
    x = _v([1, 2], dtype=numpy.int32)
    with chainer.using_config('type_check', False):
        y, = Square().apply((x,))
    numpy.testing.assert_array_equal(y.array, [1, 4])


def test_backward_and_double_backward_through_custom_node():
    x = _v([3.0])
    y, = Square().apply((x,))
    gx, = chainer.grad([y], [x], enable_double_backprop=True)
    numpy.testing.assert_array_equal(gx.array, [6.0])
    ggx, = chainer.grad([gx], [x])
    numpy.testing.assert_array_equal(ggx.array, [2.0])


def test_retained_outputs_survive_dropping_the_output_variable():
    x = _v([1.0])
    f = SplitCpu()
    a, b = f.apply((x,))
    y = a * 1 + b * 1
    del a, b
    outs = f.get_retained_outputs()
    assert len(outs) == 2
    numpy.testing.assert_array_equal(outs[0].array, [2.0])
    numpy.testing.assert_array_equal(outs[1].array, [3.0])
    assert outs[0].creator_node is f
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [5.0])
    assert f.output_data[0] is not None


def test_only_one_output_with_gradient():
    x = _v([1.0])
    a, b = SplitCpu().apply((x,))
    b.backward()
    numpy.testing.assert_array_equal(x.grad, [3.0])


def test_get_retained_inputs_are_same_nodes():
    x = _v([2.0])
    f = Square()
    y, = f.apply((x,))
    r, = f.get_retained_inputs()
    assert r.node is x.node
    assert f.get_retained_outputs() == ()


def test_unchain_forgets_inputs_and_outputs_creator():
    x = _v([2.0])
    f = Square()
    y, = f.apply((x,))
    f.unchain()
    assert f.inputs is None
    assert y.creator is None


def test_no_graph_without_grad_or_backprop():
    x = _v([2.0], requires_grad=False)
    f = Square()
    y, = f.apply((x,))
    assert y.creator is None and f.inputs is None and not y.requires_grad
    x = _v([2.0])
    with chainer.no_backprop_mode():
        f = Square()
        y, = f.apply((x,))
    assert y.creator is None and f.inputs is None


def test_mixed_array_types_are_rejected():
    class Foreign(numpy.ndarray):
        pass

    class Two(FunctionNode):
        def forward(self, inputs):
            return inputs[0] + inputs[1],

    a = numpy.ones(2, numpy.float32)
    # A subclass of ndarray is still compatible with NumPy arrays.
    y, = Two().apply((a, a.view(Foreign)))
    numpy.testing.assert_array_equal(y.array, [2, 2])


class Recorder(function_hook.FunctionHook):
    name = 'recorder'

    def __init__(self):
        self.events = []

    def added(self, function):
        self.events.append(('added', function))

    def deleted(self, function):
        self.events.append(('deleted', function))

    def forward_preprocess(self, function, in_data):
        self.events.append(('fpre', function.label, len(in_data)))

    def forward_postprocess(self, function, in_data):
        self.events.append(('fpost', function.label))

    def backward_preprocess(self, function, in_data, out_grad):
        self.events.append(('bpre', function.label, out_grad[0].tolist()))

    def backward_postprocess(self, function, in_data, out_grad):
        self.events.append(('bpost', function.label))


def test_global_hook():
    hook = Recorder()
    x = _v([2.0])
    with hook:
        assert chainer.get_function_hooks()['recorder'] is hook
        y, = Square().apply((x,))
        y.backward()
    assert 'recorder' not in chainer.get_function_hooks()
    # Square's backward itself calls functions (seen by the hook too): keep Square's.
    events = [e for e in hook.events if e[0] in ('added', 'deleted') or e[1] == 'Square']
    assert events == [('added', None), ('fpre', 'Square', 1), ('fpost', 'Square'),
                           ('bpre', 'Square', [1.0]), ('bpost', 'Square'),
                           ('deleted', None)]


def test_global_hook_name_collision():
    with Recorder():
        with pytest.raises(KeyError, match='already registered'):
            with Recorder():
                pass


def test_local_hook():
    hook = Recorder()
    x = _v([2.0])
    f = Square()
    f.add_hook(hook)
    assert hook.events == [('added', f)]
    assert f.local_function_hooks['recorder'] is hook
    y, = f.apply((x,))
    (y * 1).backward()
    labels = [e[:2] for e in hook.events[1:]]
    assert labels == [('fpre', 'Square'), ('fpost', 'Square'), ('bpre', 'Square'),
                      ('bpost', 'Square')]
    with pytest.raises(KeyError, match='already registered'):
        f.add_hook(hook)
    f.delete_hook('recorder')
    assert hook.events[-1] == ('deleted', f)
    with pytest.raises(KeyError, match='No hook named'):
        f.delete_hook('recorder')
    with pytest.raises(TypeError, match='expected a FunctionHook'):
        f.add_hook(object())


def test_graph_releases_function_nodes_and_arrays():
    x = _v(numpy.ones(100))
    y = Square().apply((x,))[0]
    f_ref = weakref.ref(y.creator)
    z = F.sum(y)
    y_ref = weakref.ref(y.array)
    del y
    # Square retains only its input: its output array goes with the variable.
    assert y_ref() is None
    assert f_ref() is not None
    del z
    assert f_ref() is None


def test_tracing_hook_links_functions_of_no_grad_inputs():
    # Tracers (onnx_chainer's exporter) set graph_without_grad while a hook is
    # active: nodes are then linked as in Chainer even when no input needs a
    # gradient, and the outputs still need none.
    from chainer import function_hook

    class Hook(chainer.FunctionHook):
        name = 'tracer'

    x = numpy.array([-1., 2.], numpy.float32)
    assert chainer.functions.relu(x).creator is None
    state = function_hook._state
    with Hook():
        state.graph_without_grad = True
        try:
            y = chainer.functions.relu(x)
        finally:
            state.graph_without_grad = False
        z = chainer.functions.relu(x)
    assert isinstance(y.creator, chainer.functions.ReLU)
    assert not y.requires_grad
    assert z.creator is None


def test_forward_may_leave_an_output_uncomputed():
    class Partial(FunctionNode):
        def forward(self, inputs):
            return None, inputs[0] * 2

    y, z = Partial().apply((_v([1.0, 2.0]),))
    assert y.array is None
    numpy.testing.assert_array_equal(z.array, [2.0, 4.0])
    with chainer.using_config('debug', True):
        y, z = Partial().apply((_v([1.0]),))
    assert y.array is None
