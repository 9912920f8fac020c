"""fake_as_funcnode / as_funcnode: any function as one named node."""
import numpy
import pytest

import chainer
import chainer.functions as F
import onnx_chainer
from onnx_chainer import onnx_helper
from onnx_chainer.replace_func import as_funcnode
from onnx_chainer.replace_func import fake_as_funcnode
from onnx_chainer.replace_func import WrappedFunctionNode


def test_attributes_from_arguments_and_defaults():
    def func(x, a, b, c=1, d=2):
        return x * a

    wrapped = fake_as_funcnode(func, 'Custom',
                               rename_attributes=[(1, 'value'), ('c', 'y')],
                               experimental_warning=False)
    x = chainer.Variable(numpy.ones(2, numpy.float32))
    y = wrapped(x, 3., 'bee')
    node = y.creator
    assert isinstance(node, WrappedFunctionNode)
    assert node.label == 'Custom'
    assert (node.value, node.b, node.y, node.d) == (3., 'bee', 1, 2)
    numpy.testing.assert_array_equal(y.array, [3., 3.])


def test_variables_in_lists_are_inputs_and_structure_is_kept():
    def func(xs, scale=1):
        return {'a': (xs[0] * scale, xs[1]), 'b': [xs[0] + xs[1]]}

    wrapped = fake_as_funcnode(func, 'Pairs', experimental_warning=False)
    a = chainer.Variable(numpy.array([1.], numpy.float32))
    b = chainer.Variable(numpy.array([2.], numpy.float32))
    out = wrapped([a, b], scale=3)
    assert set(out) == {'a', 'b'}
    node = out['b'][0].creator
    assert node.inputs[0] is a.node and node.inputs[1] is b.node
    assert node.scale == 3
    numpy.testing.assert_array_equal(out['a'][0].array, [3.])
    numpy.testing.assert_array_equal(out['b'][0].array, [3.])


def test_gradient_through_the_node_equals_the_function_s():
    def func(a, b, c):
        return a * b, a / b, a * b * c

    wrapped = as_funcnode('Three')(func)
    a = chainer.Variable(numpy.array(2.3))
    b = chainer.Variable(numpy.array(4.2))
    expected = chainer.grad(list(func(a, b, 5)), [a, b])
    actual = chainer.grad(list(wrapped(a, b, 5)), [a, b])
    for e, g in zip(expected, actual):
        numpy.testing.assert_allclose(g.array, e.array)
    # Analytic: d/da (ab + a/b + 5ab) = 6b + 1/b.
    numpy.testing.assert_allclose(actual[0].array, 6 * 4.2 + 1 / 4.2)


def test_gradient_stops_at_the_node_inputs():
    a = chainer.Variable(numpy.array(2.))
    b = chainer.Variable(numpy.array(3.))
    x0 = a * b
    x1 = chainer.Variable(numpy.array(5.))
    wrapped = as_funcnode('Mul2')(lambda p, q: p * q)
    y = wrapped(x0, x1)
    gx0, gx1 = chainer.grad([y], [x0, x1], set_grad=True)
    numpy.testing.assert_allclose(gx0.array, 5.)
    numpy.testing.assert_allclose(gx1.array, 6.)
    assert a.grad is None and b.grad is None


def test_backward_of_a_function_returning_arrays_fails_clearly():
    wrapped = as_funcnode('Half')(lambda x: x.array * 0.5)
    x = chainer.Variable(numpy.ones(2, numpy.float32))
    y = wrapped(x)
    assert isinstance(y, chainer.Variable)
    with pytest.raises(ValueError, match="node 'Half' cannot be differentiated"):
        F.sum(y).backward()


def test_non_array_results_are_refused():
    wrapped = as_funcnode('Bad')(lambda x: 3)
    with pytest.raises(ValueError, match='must return arrays or Variables'):
        wrapped(chainer.Variable(numpy.ones(2, numpy.float32)))


def test_without_variables_the_function_just_runs():
    wrapped = as_funcnode('Plain')(lambda a: a * 2)
    assert wrapped(3) == 6


def test_exported_with_an_external_converter(run):
    class Model(chainer.Chain):
        @as_funcnode('NumpyFull')
        def full(self, x, value=0):
            return numpy.full(x.array.shape, value, dtype=numpy.float32)

        def forward(self, x):
            return F.sigmoid(self.full(x, value=5))

    def converter(params):
        import onnx
        gb = onnx_helper.GraphBuilder()
        shape = gb.op('Shape', params.input_names)
        value = onnx.helper.make_tensor('value', onnx.TensorProto.FLOAT, [1],
                                        [params.func.value])
        gb.op_output_named('ConstantOfShape', [shape], params.output_names,
                           value=value)
        return gb.nodes()

    x = numpy.zeros((2, 3), numpy.float32)
    onnx_model = onnx_chainer.export(Model(), x,
                                     external_converters={'NumpyFull': converter})
    assert [n.op_type for n in onnx_model.graph.node] == [
        'Shape', 'ConstantOfShape', 'Sigmoid']
    assert onnx_model.graph.node[1].name == 'NumpyFull_0'
    y, = run(onnx_model, {'Input_0': x})
    numpy.testing.assert_allclose(y, numpy.full((2, 3), 1 / (1 + numpy.exp(-5))),
                                  rtol=1e-6)


def test_builtin_converter_reads_the_attributes(run):
    # A node named like a Chainer function uses that function's converter.
    add = fake_as_funcnode(lambda x, value: x.array + value, 'AddConstant',
                           experimental_warning=False)
    model = chainer.Sequential(lambda x: add(x, 0.5))
    x = numpy.array([[1., 2.]], numpy.float32)
    onnx_model = onnx_chainer.export(model, x)
    y, = run(onnx_model, {'Input_0': x})
    numpy.testing.assert_allclose(y, x + 0.5)


def test_experimental_warning():
    old = chainer.disable_experimental_feature_warning
    chainer.disable_experimental_feature_warning = False
    try:
        with pytest.warns(FutureWarning, match='experimental'):
            fake_as_funcnode(lambda x: x, 'F')
    finally:
        chainer.disable_experimental_feature_warning = old
