"""The old-style chainer.Function, running through FunctionAdapter."""
import numpy
import pytest

import chainer
from chainer import Function
from chainer import Variable


class Cube(Function):
    def forward_cpu(self, inputs):
        x, = inputs
        return x ** 3,

    def backward_cpu(self, inputs, grad_outputs):
        x, = inputs
        gy, = grad_outputs
        return 3 * x ** 2 * gy,


class AddMul(Function):
    """Two inputs, two outputs: x + y and x * y."""

    def forward(self, inputs):
        x, y = inputs
        self.retain_outputs((0,))
        return x + y, x * y

    def backward(self, inputs, grad_outputs):
        x, y = inputs
        ga, gb = grad_outputs
        return ga + gb * y, ga + gb * x


def test_call_returns_variable_and_backprops():
    x = Variable(numpy.array([2.0], numpy.float32))
    y = Cube()(x)
    assert isinstance(y, Variable)
    numpy.testing.assert_array_equal(y.array, [8.0])
    assert isinstance(y.creator, Cube)
    assert isinstance(y.creator_node, chainer.FunctionAdapter)
    assert y.creator_node.function is y.creator
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [12.0])


def test_multiple_outputs_missing_grad_is_zero():
    x = Variable(numpy.array([2.0], numpy.float32))
    w = Variable(numpy.array([5.0], numpy.float32))
    f = AddMul()
    a, b = f(x, w)
    numpy.testing.assert_array_equal(f.output_data[0], [7.0])
    b.backward()    # a receives no gradient: the Function sees zeros
    numpy.testing.assert_array_equal(x.grad, [5.0])
    numpy.testing.assert_array_equal(w.grad, [2.0])
    assert f.label == 'AddMul'
    assert [v.array.tolist() for v in f.inputs] == [[2.0], [5.0]]


def test_array_inputs_and_label():
    y = Cube()(numpy.array([1.0, 2.0], numpy.float32))
    numpy.testing.assert_array_equal(y.array, [1.0, 8.0])
    assert not y.requires_grad


def test_double_backprop_through_old_style_function_is_a_clear_error():
    x = Variable(numpy.array([2.0], numpy.float32))
    y = Cube()(x)
    gx, = chainer.grad([y], [x], enable_double_backprop=True)
    numpy.testing.assert_array_equal(gx.array, [12.0])
    with pytest.raises(RuntimeError, match='old-style Function Cube'):
        gx.backward()


def test_type_check_of_function():
    from chainer.utils import type_check

    class FloatOnly(Cube):
        def check_type_forward(self, in_types):
            type_check.expect(in_types[0].dtype == numpy.float32)

    with pytest.raises(type_check.InvalidType,
                       match=r'FloatOnly \(Forward\)[\s\S]*float64'):
        FloatOnly()(numpy.array([1.0]))


def test_retain_inputs_subset():
    class First(Function):
        def forward(self, inputs):
            self.retain_inputs((0,))
            return inputs[0] * inputs[1],

        def backward(self, inputs, grad_outputs):
            assert inputs[1] is None
            return grad_outputs[0] * 2, None

    x = Variable(numpy.array([1.0], numpy.float32))
    w = Variable(numpy.array([2.0], numpy.float32))
    First()(x, w).backward()
    numpy.testing.assert_array_equal(x.grad, [2.0])
    assert w.grad is None


class _CountingHook(chainer.FunctionHook):
    name = 'counting'

    def __init__(self):
        self.forward_calls = []

    def forward_preprocess(self, function, in_data):
        self.forward_calls.append(function.label)


class _Identity(chainer.Function):
    def forward(self, inputs):
        return inputs[0] * 1,

    def backward(self, inputs, grad_outputs):
        return grad_outputs


def test_function_add_hook_before_call_is_used():
    # Function.add_hook registers a hook on this function: its calls run it.
    import gc
    hook = _CountingHook()
    f = _Identity()
    f.add_hook(hook)
    assert list(f.local_function_hooks) == ['counting']
    f(numpy.ones(2, numpy.float32))      # result dropped: its adapter may go
    gc.collect()
    assert hook.forward_calls == ['_Identity']
    y = f(numpy.ones(2, numpy.float32))  # the hook stays for later calls
    assert hook.forward_calls == ['_Identity', '_Identity']
    assert list(f.local_function_hooks) == ['counting']
    del y
    gc.collect()
    f.delete_hook('counting')
    f(numpy.ones(2, numpy.float32))
    assert hook.forward_calls == ['_Identity', '_Identity']
    assert list(f.local_function_hooks) == []
