"""onnx_chainer.export: inputs, outputs, names, options and errors."""
import io
import os
import subprocess
import sys

import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
import onnx_chainer
from onnx_chainer import onnx_helper

import onnx
import onnx.numpy_helper


class ThreeInputs(chainer.Chain):

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.prelu = L.PReLU()

    def forward(self, x, y, z):
        return F.relu(x) + self.prelu(y) * z


def _xyz():
    rng = numpy.random.RandomState(0)
    return [rng.uniform(-1, 1, (1, 5)).astype(numpy.float32) for _ in range(3)]


def _expected(x, y, z, slope):
    return numpy.maximum(x, 0) + numpy.where(y >= 0, y, slope * y) * z


def _graph_inputs(onnx_model):
    initializers = {i.name for i in onnx_model.graph.initializer}
    return [i.name for i in onnx_model.graph.input if i.name not in initializers]


@pytest.mark.parametrize('kind', ['tuple', 'list', 'variables', 'dict'])
@pytest.mark.parametrize('names', [None, 'list', 'dict'])
def test_inputs_and_their_names(run, kind, names):
    x, y, z = _xyz()
    model = ThreeInputs()
    if kind == 'tuple':
        args = (x, y, z)
    elif kind == 'list':
        args = [x, y, z]
    elif kind == 'variables':
        args = tuple(chainer.Variable(a) for a in (x, y, z))
    else:
        args = {'x': x, 'y': y, 'z': z}
    if names == 'dict' and kind != 'dict':
        with pytest.raises(ValueError, match='dict'):
            onnx_chainer.export(model, args,
                                input_names={'x': 'a', 'y': 'b', 'z': 'c'})
        return
    input_names = {None: None, 'list': ['in_x', 'in_y', 'in_z'],
                   'dict': {'z': 'in_z', 'x': 'in_x', 'y': 'in_y'}}[names]
    onnx_model = onnx_chainer.export(model, args, input_names=input_names)
    expected_names = ['Input_0', 'Input_1', 'Input_2'] if names is None else \
        ['in_x', 'in_y', 'in_z']
    assert _graph_inputs(onnx_model) == expected_names
    result, = run(onnx_model, dict(zip(expected_names, (x, y, z))))
    numpy.testing.assert_allclose(
        result, _expected(x, y, z, model.prelu.W.array), rtol=1e-6)


def test_wrong_number_of_input_names():
    with pytest.raises(ValueError, match='2 input_names were given for 3 inputs'):
        onnx_chainer.export(ThreeInputs(), _xyz(), input_names=['a', 'b'])


def test_parameters_are_named_after_their_paths():
    class MLP(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.l1 = L.Linear(3, 4)
                self.l2 = L.Linear(4, 2, nobias=True)

        def forward(self, x):
            return self.l2(F.relu(self.l1(x)))

    onnx_model = onnx_chainer.export(MLP(), numpy.ones((1, 3), numpy.float32))
    assert [i.name for i in onnx_model.graph.initializer] == [
        'param_l1_W', 'param_l1_b', 'param_l2_W']
    assert [n.name for n in onnx_model.graph.node] == [
        'LinearFunction_0', 'ReLU_0', 'LinearFunction_1']
    assert [o.name for o in onnx_model.graph.output] == ['LinearFunction_1']


def test_export_params_false_makes_parameters_inputs(run):
    model = L.Linear(3, 2)
    x = numpy.ones((1, 3), numpy.float32)
    onnx_model = onnx_chainer.export(model, x, export_params=False)
    assert len(onnx_model.graph.initializer) == 0
    names = [i.name for i in onnx_model.graph.input]
    assert names == ['Input_0', 'param_W', 'param_b']
    W, b = model.W.array, model.b.array
    y, = run(onnx_model, {'Input_0': x, 'param_W': W, 'param_b': b})
    numpy.testing.assert_allclose(y, x @ W.T + b, rtol=1e-6)


class TwoOutputs(chainer.Chain):

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def forward(self, x):
        a, b = F.tanh(x), F.sigmoid(x)
        if self.kind == 'dict':
            return {'tanh': a, 'sigmoid': b}
        return (a, b) if self.kind == 'tuple' else [a, b]


@pytest.mark.parametrize('kind', ['tuple', 'list', 'dict'])
def test_several_outputs(run, kind):
    x = numpy.linspace(-2, 2, 6, dtype=numpy.float32).reshape(2, 3)
    onnx_model, inputs, outputs = onnx_chainer.export(
        TwoOutputs(kind), x, return_named_inout=True)
    assert list(outputs) == ['Tanh_0', 'Sigmoid_0']
    tanh, sigmoid = run(onnx_model, {'Input_0': x})
    numpy.testing.assert_allclose(tanh, numpy.tanh(x), rtol=1e-6)
    numpy.testing.assert_allclose(sigmoid, 1 / (1 + numpy.exp(-x)), rtol=1e-6)


def test_output_names_list_and_dict():
    x = numpy.ones((1, 2), numpy.float32)
    onnx_model = onnx_chainer.export(TwoOutputs('tuple'), x,
                                     output_names=['t', 's'])
    assert [o.name for o in onnx_model.graph.output] == ['t', 's']
    onnx_model = onnx_chainer.export(TwoOutputs('dict'), x,
                                     output_names={'sigmoid': 's', 'tanh': 't'})
    assert [o.name for o in onnx_model.graph.output] == ['t', 's']
    with pytest.raises(ValueError, match='keys of output_names'):
        onnx_chainer.export(TwoOutputs('dict'), x, output_names={'tanh': 't'})
    with pytest.raises(ValueError, match='1 output_names were given for 2'):
        onnx_chainer.export(TwoOutputs('list'), x, output_names=['t'])


def test_named_intermediate_output_feeds_the_next_node(run):
    class Model(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.l1 = L.Linear(3, 4)
                self.l2 = L.Linear(4, 5)

        def forward(self, x):
            y = self.l1(x)
            return y, self.l2(y)

    model = Model()
    x = numpy.ones((1, 3), numpy.float32)
    onnx_model = onnx_chainer.export(model, x, output_names=['y', 'z'])
    second = onnx_model.graph.node[-1]
    assert second.input[0] == 'y'
    y, z = run(onnx_model, {'Input_0': x})
    numpy.testing.assert_allclose(z, model(x)[1].array, rtol=1e-6)


def test_output_that_is_an_input_goes_through_identity(run):
    model = chainer.Sequential(lambda x: (x, F.relu(x)))
    x = numpy.array([[-1., 2.]], numpy.float32)
    onnx_model = onnx_chainer.export(model, x)
    a, b = run(onnx_model, {'Input_0': x})
    numpy.testing.assert_array_equal(a, x)
    numpy.testing.assert_array_equal(b, [[0., 2.]])
    identity, = [n for n in onnx_model.graph.node if n.op_type == 'Identity']
    assert list(identity.input) == ['Input_0']


@pytest.mark.parametrize('output,error,message', [
    (lambda x: x.array, RuntimeError, 'Unexpected output type'),
    (lambda x: (x, x.array), ValueError, 'must be Chainer Variables'),
    (lambda x: ([x],), ValueError, 'must be Chainer Variables'),
])
def test_outputs_must_be_variables(output, error, message):
    model = chainer.Sequential(output)
    with pytest.raises(error, match=message):
        onnx_chainer.export(model, numpy.ones((1, 3), numpy.float32))


def test_arrays_made_in_forward_become_initializers(run):
    class Model(chainer.Chain):
        def __init__(self):
            super().__init__()
            self.frac = chainer.Parameter(numpy.array(2, numpy.float32))

        def forward(self, x):
            return x / self.frac + numpy.array(3, numpy.float32)

    x = numpy.array([1., 4.], numpy.float32)
    onnx_model = onnx_chainer.export(Model(), x)
    assert len(onnx_model.graph.initializer) == 2
    y, = run(onnx_model, {'Input_0': x})
    numpy.testing.assert_allclose(y, x / 2 + 3)


def test_constant_computations_stay_in_the_graph():
    # Computing on .array leaves the graph; the sigmoid of that constant is
    # still a node (fed by a constant, not by the input), as in Chainer.
    model = chainer.Sequential(lambda x: F.sigmoid(x.array + 1))
    onnx_model = onnx_chainer.export(model, numpy.ones((2, 2), numpy.float32))
    sigmoid, = [n for n in onnx_model.graph.node if n.op_type == 'Sigmoid']
    assert sigmoid.input[0] != 'Input_0'


def test_unused_link_parameters_warn():
    class Model(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.used = L.Linear(None, 3)
                self.unused = L.Linear(None, 3)

        def forward(self, x):
            return self.used(x)

    with pytest.warns(UserWarning, match='/unused/W'):
        onnx_model = onnx_chainer.export(Model(), numpy.ones((1, 4), 'f'))
    assert [i.name for i in onnx_model.graph.initializer] == [
        'param_used_W', 'param_used_b']


@pytest.mark.parametrize('shapes', [
    ('b', 3, 4), [('b', 3, 4)], {'x': ('b', 3, 4)}])
def test_input_shapes_with_names(run, shapes):
    x = numpy.ones((2, 3, 4), numpy.float32)
    args = {'x': x} if isinstance(shapes, dict) else x
    model = _KeywordModel()
    onnx_model = onnx_chainer.export(model, args, input_shapes=shapes)
    dims = onnx_model.graph.input[0].type.tensor_type.shape.dim
    assert dims[0].dim_param == 'b'
    assert [d.dim_value for d in dims[1:]] == [3, 4]
    # The batch size is free now.
    y, = run(onnx_model, {'Input_0': numpy.ones((5, 3, 4), numpy.float32)})
    assert y.shape == (5, 3, 4)


class _KeywordModel(chainer.Chain):

    def forward(self, x):
        return F.relu(x)


@pytest.mark.parametrize('x_shape,shapes', [
    ((10, 5), '?'),
    ((10, 5), ('?', 5, 5)),
    ((10, 5), [('?', 5), ('?', 5)]),
    ([(10, 5), (10, 5)], [('?', 5), ('?', 5), ('?', 5)]),
    ([(10, 5), (10, 5)], [('?', 5), ('?', 5, 5)]),
    ({'a': (10, 5), 'b': (10, 5)}, {'a': ('?', 5), 'c': ('?', 5)}),
    ({'a': (10, 5), 'b': (10, 5)}, [('?', 5)]),
    ({'a': (10, 5), 'b': (10, 5)}, {'a': ('?', 5), 'b': ('?', 5, 5)}),
])
def test_invalid_input_shapes(x_shape, shapes):
    model = chainer.Sequential(F.relu)
    if isinstance(x_shape, tuple):
        xs = numpy.zeros(x_shape, numpy.float32)
    elif isinstance(x_shape, list):
        xs = tuple(numpy.zeros(s, numpy.float32) for s in x_shape)
    else:
        xs = {k: numpy.zeros(s, numpy.float32) for k, s in x_shape.items()}
    with pytest.raises(ValueError, match='input_shapes'):
        onnx_chainer.export(model, xs, input_shapes=shapes)


def test_opset_version_choice():
    model = chainer.Sequential(F.relu)
    x = numpy.ones((1, 2), numpy.float32)
    assert onnx_chainer.export(model, x).opset_import[0].version == \
        min(onnx.defs.onnx_opset_version(), onnx_chainer.MAXIMUM_OPSET_VERSION)
    assert onnx_chainer.export(model, x, opset_version=9).opset_import[0].version \
        == 9
    for bad in (6, 12):
        with pytest.raises(ValueError, match='opsets 7 to 11'):
            onnx_chainer.export(model, x, opset_version=bad)
    # A converter that needs a newer opset says which.
    with pytest.raises(ValueError, match='needs opset 9'):
        onnx_chainer.export(
            chainer.Sequential(lambda a: F.where(a.array > 0, a, a)), x,
            opset_version=8)


def test_unsupported_function_names_the_way_out():
    class Unknown(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

    model = chainer.Sequential(lambda x: Unknown().apply((x,))[0])
    with pytest.raises(ValueError, match="Unknown is not supported.*"
                       "external_converters"):
        onnx_chainer.export(model, numpy.ones((1, 2), numpy.float32))


def test_external_converter_overrides_a_builtin(run):
    def converter(params):
        return onnx_helper.make_node('Tanh', params.input_names,
                                     params.output_names),

    model = chainer.Sequential(F.sigmoid)
    x = numpy.array([[-1., 1.]], numpy.float32)
    onnx_model = onnx_chainer.export(model, x,
                                     external_converters={'Sigmoid': converter})
    assert [n.op_type for n in onnx_model.graph.node] == ['Tanh']
    assert onnx_model.graph.node[0].name == 'Sigmoid_0'
    y, = run(onnx_model, {'Input_0': x})
    numpy.testing.assert_allclose(y, numpy.tanh(x), rtol=1e-6)


def test_custom_operator_in_its_own_domain():
    class Twice(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

    def converter(params):
        return onnx_helper.make_node('Twice', params.input_names,
                                     params.output_names, domain='my.ops'),

    model = chainer.Sequential(lambda x: Twice().apply((x,))[0])
    onnx_model = onnx_chainer.export(
        model, numpy.ones((1, 2), numpy.float32),
        external_converters={'Twice': converter},
        external_opset_imports={'my.ops': 1})
    assert onnx_model.graph.node[0].domain == 'my.ops'
    assert ('my.ops', 1) in [(o.domain, o.version)
                             for o in onnx_model.opset_import]


def test_custom_operator_without_domain_warns_about_the_checker():
    class Twice(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

    def converter(params):
        return onnx_helper.make_node('Twice', params.input_names,
                                     params.output_names),

    model = chainer.Sequential(lambda x: Twice().apply((x,))[0])
    with pytest.warns(UserWarning, match='ONNX checker'):
        onnx_chainer.export(model, numpy.ones((1, 2), numpy.float32),
                            external_converters={'Twice': converter})


def test_converter_must_return_nodes():
    model = chainer.Sequential(F.relu)
    with pytest.raises(ValueError, match='ReLU returned None'):
        onnx_chainer.export(model, numpy.ones((1, 2), numpy.float32),
                            external_converters={'ReLU': lambda params: None})


def test_filename_file_object_and_text(tmp_path):
    model = chainer.Sequential(F.relu)
    x = numpy.ones((1, 2), numpy.float32)
    path = str(tmp_path / 'model.onnx')
    with pytest.warns(DeprecationWarning, match='export_testcase'):
        onnx_model = onnx_chainer.export(model, x, filename=path, save_text=True,
                                         graph_name='relu_net')
    assert onnx.load(path) == onnx_model
    assert onnx_model.graph.name == 'relu_net'
    with open(path + '.txt') as f:
        assert 'op_type: "Relu"' in f.read()
    buffer = io.BytesIO()
    onnx_chainer.export(model, x, filename=buffer, no_testcase=True,
                        graph_name='relu_net')
    assert onnx.load_model_from_string(buffer.getvalue()) == onnx_model


def test_train_mode_is_used_during_the_export():
    seen = []
    model = chainer.Sequential(lambda x: seen.append(chainer.config.train) or x * 2)
    onnx_chainer.export(model, numpy.ones(2, numpy.float32), train=True)
    onnx_chainer.export(model, numpy.ones(2, numpy.float32))
    assert seen == [True, False]


def test_composite_functions_are_restored_after_export():
    before = F.hstack.__code__
    model = chainer.Sequential(lambda a: F.hstack((a, a)))
    onnx_model = onnx_chainer.export(model, numpy.ones(2, numpy.float32))
    assert [n.op_type for n in onnx_model.graph.node] == ['Concat']
    assert F.hstack.__code__ is before
    y = F.hstack((numpy.ones(2, 'f'), numpy.zeros(1, 'f')))
    assert y.creator is None or type(y.creator).__name__ == 'Concat'

    def failing(a):
        F.hstack((a, a))
        raise KeyError('in forward')

    with pytest.raises(KeyError, match='in forward'):
        onnx_chainer.export(chainer.Sequential(failing), numpy.ones(2, 'f'))
    assert F.hstack.__code__ is before
    from chainer import function_hook
    assert not function_hook._state.graph_without_grad
    assert not function_hook.get_function_hooks()


def test_convert_parameter():
    model = L.Linear(2, 3)
    context = onnx_chainer.context.Context(model)
    tensor = onnx_chainer.convert_parameter(model.W, context)
    assert tensor.name == 'param_W'
    numpy.testing.assert_array_equal(onnx.numpy_helper.to_array(tensor),
                                     model.W.array)


def test_import_and_export_without_onnx():
    # onnx_chainer imports without onnx; export says what to install.
    code = ('import sys; sys.modules["onnx"] = None\n'
            'import numpy, chainer, onnx_chainer\n'
            'try:\n'
            '    onnx_chainer.export(chainer.Sequential(chainer.functions.relu),'
            ' numpy.ones(2, "f"))\n'
            'except ImportError as e:\n'
            '    print(e)\n')
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=os.path.join(root, 'src'))
    out = subprocess.run([sys.executable, '-c', code], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert 'pip install "chainer[onnx]"' in out.stdout


def _stack_model(kind):
    class Model(chainer.Chain):
        def forward(self, x):
            if kind in ('variable', 'array'):
                x = [chainer.as_variable(x)]
            elif kind == 'dict':
                x = list(x.values())
            x.append(chainer.Variable(numpy.array(7, numpy.float32)))
            return F.stack(x)
    return Model()


@pytest.mark.parametrize('kind,args,expected', [
    # The Variables given to the model are known; the 7 made in forward is kept.
    ('variable', chainer.Variable(numpy.array(3, numpy.float32)), 1),
    ('list', [chainer.Variable(numpy.array(3, numpy.float32)),
              chainer.Variable(numpy.array(5, numpy.float32))], 1),
    ('dict', {'x': chainer.Variable(numpy.array(3, numpy.float32))}, 1),
    # An array given to the model is wrapped inside forward: kept too.
    ('array', numpy.array(3, numpy.float32), 2),
])
def test_retain_input_hook(kind, args, expected):
    from onnx_chainer.export import RetainInputHook
    model = _stack_model(kind)
    with RetainInputHook() as hook:
        model(args)
    assert len(hook.retain_inputs) == expected
    values = [float(v.array) for v in hook.retain_inputs]
    assert 7.0 in values
    # The arrays are kept in the graph's variable nodes.
    assert all(v.node.data is not None for v in hook.retain_inputs)
    assert [type(f).__name__ for f, _ in hook.records] == ['Stack']
