"""The gradient table of a backward pass, and the engine's state around it."""
import ast
import os
import threading

import numpy
import pytest

import chainer
from chainer import _backprop
from chainer import _grad_table
import chainer.functions as F


def _var(values):
    return chainer.Variable(numpy.array(values, numpy.float32), requires_grad=False)


def _node_of(func_inputs):
    # A function node whose inputs are the nodes of ``func_inputs``.
    y = F.identity(*func_inputs)
    return (y if isinstance(y, chainer.Variable) else y[0]).creator_node


def test_first_gradient_is_stored_as_given():
    x = chainer.Variable(numpy.zeros(2, numpy.float32))
    func = _node_of([x])
    table = _grad_table.GradTable(False)
    g = _var([1, 2])
    assert table.add(func, 0, g) is x.node
    assert table.finish()[x.node] is g


def test_a_shared_gradient_is_never_modified_but_a_sum_of_the_pass_is():
    x = chainer.Variable(numpy.zeros(2, numpy.float32))
    func = _node_of([x, x])
    table = _grad_table.GradTable(False)
    g1, g2, g3 = _var([1, 2]), _var([10, 20]), _var([100, 200])
    table.add(func, 0, g1)
    table.add(func, 1, g2)
    total = table.finish()[x.node]
    assert total is not g1 and total is not g2
    numpy.testing.assert_array_equal(g1.array, [1, 2])   # untouched
    table.add(func, 0, g3)
    assert table.finish()[x.node] is total               # added in place
    numpy.testing.assert_array_equal(total.array, [111, 222])


def test_a_gradient_handed_to_a_backward_becomes_shared():
    x = chainer.Variable(numpy.zeros(2, numpy.float32))
    y = F.identity(x)
    func = _node_of([x, x])
    table = _grad_table.GradTable(False)
    table.add(func, 0, _var([1, 2]))
    table.add(func, 1, _var([3, 4]))
    total = table.take(x.node)
    assert table.take(x.node) is None    # taken out
    table.add(func, 0, total)
    table.add(func, 1, _var([5, 5]))
    numpy.testing.assert_array_equal(total.array, [4, 6])   # not modified since
    del y


def test_double_backprop_sums_are_recorded():
    x = chainer.Variable(numpy.zeros(2, numpy.float32))
    func = _node_of([x, x])
    table = _grad_table.GradTable(True)
    a = chainer.Variable(numpy.array([1, 2], numpy.float32))
    table.add(func, 0, a)
    table.add(func, 1, _var([3, 4]))
    total = table.finish()[x.node]
    assert total.creator is not None
    total.grad = numpy.ones(2, numpy.float32)
    total.backward()
    numpy.testing.assert_array_equal(a.grad, [1, 1])


def test_shape_and_dtype_are_checked():
    x = chainer.Variable(numpy.zeros(2, numpy.float32))
    func = _node_of([x])
    table = _grad_table.GradTable(False)
    with pytest.raises(ValueError, match='shape of gradients .* has shape \\(3,\\)'):
        table.add(func, 0, _var([1, 2, 3]))
    with pytest.raises(ValueError, match='dtype of gradients .* has dtype float64'):
        table.add(func, 0, numpy.zeros(2))


def test_kept_nodes_stay_in_the_table():
    x = chainer.Variable(numpy.zeros(2, numpy.float32))
    func = _node_of([x])
    table = _grad_table.GradTable(False, [x.node])
    g = _var([1, 2])
    table.add(func, 0, g)
    assert table.take(x.node) is g
    assert table.take(x.node) is g


def test_take_outputs_says_whether_a_gradient_arrived():
    x = chainer.Variable(numpy.zeros(2, numpy.float32))
    y = F.identity(x)
    table = _grad_table.GradTable(False)
    assert table.take_outputs(y.creator_node) is None
    g = _var([1, 2])
    table.seed(y.node, g)
    assert table.take_outputs(y.creator_node) == (g,)


def test_deferred_sums_are_merged_and_computed_once():
    w = chainer.Variable(numpy.zeros((3, 4), numpy.float32))
    func = _node_of([w, w])
    table = _grad_table.GradTable(False)
    rng = numpy.random.RandomState(0)
    a1, b1, a2, b2 = (rng.randn(*s).astype(numpy.float32)
                      for s in [(2, 3), (2, 4), (5, 3), (5, 4)])
    table.add(func, 0, _grad_table.OuterSum(a1, b1, numpy.float32))
    table.add(func, 1, _grad_table.OuterSum(a2, b2, numpy.float32))
    plain = _var(numpy.ones((3, 4)))
    table.add(func, 0, plain)
    total = table.finish()[w.node]
    numpy.testing.assert_allclose(total.array, a1.T @ b1 + a2.T @ b2 + 1, rtol=1e-5)


def test_plain_backward_flag_of_function_classes():
    assert chainer.functions.math.identity.Identity._plain_backward
    assert not chainer.functions.connection.linear.LinearFunction._plain_backward

    class Accumulating(chainer.FunctionNode):
        def backward_accumulate(self, indexes, grad_outputs, grad_inputs):
            return grad_inputs

    assert not Accumulating._plain_backward


def test_may_defer_belongs_to_the_thread_running_the_pass():
    seen = {}

    class Deferring(chainer.FunctionNode):
        _defers_gradients = True

        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, indexes, grad_outputs):
            seen['here'] = _backprop.may_defer(self)
            other = threading.Thread(
                target=lambda: seen.setdefault('other', _backprop.may_defer(self)))
            other.start()
            other.join()
            return grad_outputs[0] * 2,

    x = chainer.Variable(numpy.ones(2, numpy.float32))
    y, = Deferring().apply((x,))
    F.sum(y).backward()
    assert seen == {'here': True, 'other': False}
    numpy.testing.assert_array_equal(x.grad, [2, 2])
    # Under double backprop, or called by hand, nothing may be deferred.
    seen.clear()
    x.cleargrad()
    y, = Deferring().apply((x,))
    F.sum(y).backward(enable_double_backprop=True)
    assert seen['here'] is False
    assert not _backprop.may_defer(y.creator_node)


def test_the_pass_settings_are_restored():
    x = chainer.Variable(numpy.ones(2, numpy.float32))
    y = F.sum(F.sin(x))
    with chainer.using_config('enable_backprop', True):
        y.backward()
        assert chainer.config.enable_backprop is True
    assert 'enable_backprop' not in chainer.config.__dict__
    assert _backprop.full_backward_context() is None


_CORE = ['_backprop.py', '_grad_table.py', '_backprop_utils.py', 'function_node.py',
         'variable.py', 'configuration.py']


@pytest.mark.parametrize('name', _CORE)
def test_the_core_imports_nothing_from_chainer_functions(name):
    path = os.path.join(os.path.dirname(chainer.__file__), name)
    with open(path) as f:
        tree = ast.parse(f.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or '').startswith('chainer.functions'), name
        elif isinstance(node, ast.Import):
            assert not any(a.name.startswith('chainer.functions') for a in node.names)
