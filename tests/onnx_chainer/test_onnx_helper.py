"""onnx_chainer.onnx_helper: naming helpers and tensor files."""
import numpy
import pytest

import chainer
from onnx_chainer import onnx_helper

import onnx
import onnx.numpy_helper


def test_make_node_is_named_after_the_current_function():
    onnx_helper.set_func_name('ReLU_3')
    try:
        node = onnx_helper.make_node('Relu', ['a'], ['b'])
        named = onnx_helper.make_node('Relu', ['a'], ['b'], name='own')
    finally:
        onnx_helper.set_func_name(None)
    assert node.name == 'ReLU_3'
    assert named.name == 'own'
    assert onnx_helper.get_func_name() is None


def test_graph_builder_names_intermediate_values():
    onnx_helper.set_func_name('Foo_0')
    try:
        gb = onnx_helper.GraphBuilder()
        a = gb.op('Relu', ['x'])
        b, c = gb.op('Split', [a], num_outputs=2, axis=0)
        gb.op_output_named('Add', [b, c], ['y'])
        nodes = gb.nodes()
    finally:
        onnx_helper.set_func_name(None)
    assert [n.name for n in nodes] == ['Foo_0_tmp_0', 'Foo_0_tmp_1', 'Foo_0']
    assert a == 'Foo_0_tmp_0'
    assert (b, c) == ('Foo_0_tmp_1_0', 'Foo_0_tmp_1_1')
    assert list(nodes[-1].output) == ['y']


def test_graph_builder_renames_the_last_outputs():
    onnx_helper.set_func_name('Bar_1')
    try:
        gb = onnx_helper.GraphBuilder()
        gb.op('Relu', ['x'])
        nodes = gb.nodes(output_names=['out'])
        with pytest.raises(ValueError, match='has 1 outputs, but 2 names'):
            gb.nodes(output_names=['a', 'b'])
    finally:
        onnx_helper.set_func_name(None)
    assert list(nodes[0].output) == ['out'] and nodes[0].name == 'Bar_1'


def test_write_tensor_pb(tmp_path):
    path = str(tmp_path / 't.pb')
    value = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    onnx_helper.write_tensor_pb(path, 'x', chainer.Variable(value))
    tensor = onnx.load_tensor(path)
    assert tensor.name == 'x'
    numpy.testing.assert_array_equal(onnx.numpy_helper.to_array(tensor), value)


def test_cleanse_param_name():
    assert onnx_helper.cleanse_param_name('/l1/W') == 'param_l1_W'
    assert onnx_helper.cleanse_param_name('/0/b') == 'param_0_b'


def test_non_standard_domains_are_supported():
    assert onnx_helper.is_support_non_standard_domain() is True
