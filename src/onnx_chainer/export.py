"""Exporting a Chainer model to ONNX: trace one forward pass, convert its graph."""
import collections
import contextlib
import sys
import types
import warnings

import numpy

import chainer
from chainer import function_hook
from onnx_chainer import _deps
from onnx_chainer import context as context_module
from onnx_chainer import graph as graph_module
from onnx_chainer import replace_func

MINIMUM_OPSET_VERSION = 7
MAXIMUM_OPSET_VERSION = 11


# -- tracing ---------------------------------------------------------------------

class _FunctionRecorder(chainer.FunctionHook):

    name = 'RetainInputHook'

    def __init__(self, owner):
        self.owner = owner

    def forward_postprocess(self, function, in_data):
        self.owner.records.append((function, in_data))


class _LinkInputRecorder(chainer.LinkHook):

    name = 'RetainInputHook'

    def __init__(self, owner):
        self.owner = owner

    def forward_preprocess(self, args):
        found = []
        replace_func._flatten_vars(args.args, found)
        replace_func._flatten_vars(args.kwargs, found)
        for var in found:
            self.owner._link_inputs[id(var.node)] = var.node


class RetainInputHook(object):
    """Records a forward pass for the exporter, and keeps the arrays it needs.

    Use it as a context manager around a forward pass. It records every function
    node applied, with its input arrays (:attr:`records`), and the Variables
    given to links. On exit, the inputs of the recorded functions that were made
    inside the forward pass (not created by a function, not given to a link and
    not Parameters, such as ``chainer.Variable(numpy.array(3))`` or an array
    passed to a function) keep their arrays in their variable nodes, so their
    values can be exported as constants; :attr:`retain_inputs` lists them.

    Example:

        >>> with RetainInputHook() as hook:
        ...     y = model(x)
        >>> hook.retain_inputs   # Variables made inside model.forward

    Attributes:
        records (list): ``(function node, tuple of input arrays)`` in the order
            the functions were applied.
        retain_inputs (list of ~chainer.Variable): the retained inputs (after
            exit).
    """

    def __init__(self):
        self.records = []
        self.retain_inputs = []
        self._link_inputs = {}
        self._function_hook = _FunctionRecorder(self)
        self._link_hook = _LinkInputRecorder(self)

    def __enter__(self):
        self._link_hook.__enter__()
        try:
            self._function_hook.__enter__()
        except Exception:
            self._link_hook.__exit__(None, None, None)
            raise
        # Record the nodes of functions whose inputs need no gradient too (as
        # Chainer does), so that computations on constants stay in the graph.
        state = function_hook._state
        self._saved_graph_flag = state.graph_without_grad
        state.graph_without_grad = True
        return self

    def __exit__(self, *exc_info):
        function_hook._state.graph_without_grad = self._saved_graph_flag
        self._function_hook.__exit__(*exc_info)
        self._link_hook.__exit__(*exc_info)
        self._retain()

    def _retain(self):
        seen = set()
        for func, in_data in self.records:
            if func.inputs is None:
                continue
            for node, array in zip(func.inputs, in_data):
                key = id(node)
                if key in seen or node.creator_node is not None or \
                        key in self._link_inputs:
                    continue
                seen.add(key)
                if isinstance(node.get_variable_or_none(), chainer.Parameter):
                    continue
                node.data = array
                self.retain_inputs.append(node.get_variable())


# Chainer functions that this implementation composes from other functions (or
# computes without a graph) but that ONNX and Chainer 7 treat as one operator:
# during an export they run as one WrappedFunctionNode of the given name,
# converted by convert_<name>.
_COMPOSITE_FUNCTIONS = (
    ('chainer.functions.math.sign', 'sign', 'sign'),
    ('chainer.functions.math.minmax', 'argmax', 'ArgMax'),
    ('chainer.functions.math.minmax', 'argmin', 'ArgMin'),
    ('chainer.functions.activation.selu', 'selu', 'Selu'),
    ('chainer.functions.array.hstack', 'hstack', 'Hstack'),
    ('chainer.functions.array.vstack', 'vstack', 'Vstack'),
    ('chainer.functions.array.dstack', 'dstack', 'Dstack'),
    ('chainer.functions.array.moveaxis', 'moveaxis', 'Moveaxis'),
    ('chainer.functions.array.rollaxis', 'rollaxis', 'Rollaxis'),
    ('chainer.functions.array.transpose_sequence', 'transpose_sequence',
     'TransposeSequence'),
    ('chainer.functions.array.resize_images', 'resize_images', 'ResizeImages'),
    ('chainer.functions.normalization.group_normalization', 'group_normalization',
     'GroupNormalization'),
    ('chainer.functions.rnn.n_step_gru', 'n_step_gru', 'n_step_gru'),
)


def _names_list(names, n, what):
    """``input_names`` or ``output_names`` (``what``: ``'input'`` or
    ``'output'``) given as one name or a list of ``n`` names, as a list."""
    if isinstance(names, str):
        if n != 1:
            raise ValueError('export: {}_names is one name ({!r}) but the model '
                             'has {} {}s'.format(what, names, n, what))
        return [names]
    if len(names) != n:
        raise ValueError('export: {} {}_names were given for {} {}s: {}'
                         .format(len(names), what, n, what, list(names)))
    return list(names)


def _arrays_as_variables(value):
    if isinstance(value, chainer.get_array_types()):
        return chainer.Variable(value, requires_grad=False)
    if type(value) in (list, tuple):
        return type(value)(_arrays_as_variables(v) for v in value)
    return value


def _export_node(implementation, name):
    node_function = replace_func.fake_as_funcnode(implementation, name,
                                                  experimental_warning=False)

    def wrapper(*args, **kwargs):
        args = tuple(_arrays_as_variables(a) for a in args)
        kwargs = {k: _arrays_as_variables(v) for k, v in kwargs.items()}
        return node_function(*args, **kwargs)

    return wrapper


_TRAMPOLINE_GLOBAL = '_onnx_chainer_export_node'


def _trampoline_code(key):
    """Code calling ``<module>._onnx_chainer_export_node[key]`` with its arguments."""
    namespace = {}
    exec('def trampoline(*args, **kwargs):\n'
         '    return {}[{!r}](*args, **kwargs)\n'.format(_TRAMPOLINE_GLOBAL, key),
         namespace)
    return namespace['trampoline'].__code__


@contextlib.contextmanager
def _composite_functions_as_nodes():
    """Make the functions of ``_COMPOSITE_FUNCTIONS`` single nodes for a while.

    The code of each function object is swapped for a trampoline to a wrapper
    that creates one node (running the original code inside), so every reference
    to the function (``F.resize_images``, a module's own import, a reference a
    model keeps) goes through it; everything is restored on exit.
    """
    restore = []
    try:
        for module_name, attr, node_name in _COMPOSITE_FUNCTIONS:
            module = sys.modules.get(module_name)
            function = getattr(module, attr, None) if module is not None else None
            if not isinstance(function, types.FunctionType) or \
                    function.__closure__ is not None:
                continue
            implementation = types.FunctionType(
                function.__code__, function.__globals__, function.__name__,
                function.__defaults__, function.__closure__)
            implementation.__kwdefaults__ = function.__kwdefaults__
            implementation.__doc__ = function.__doc__
            namespace = function.__globals__
            table = namespace.setdefault(_TRAMPOLINE_GLOBAL, {})
            table[function.__name__] = _export_node(implementation, node_name)
            restore.append((function, function.__code__, function.__defaults__,
                            function.__kwdefaults__, namespace))
            function.__code__ = _trampoline_code(function.__name__)
            function.__defaults__ = None
            function.__kwdefaults__ = None
        yield
    finally:
        for function, code, defaults, kwdefaults, namespace in reversed(restore):
            function.__code__ = code
            function.__defaults__ = defaults
            function.__kwdefaults__ = kwdefaults
            namespace.pop(_TRAMPOLINE_GLOBAL, None)


# -- arguments -------------------------------------------------------------------

def _is_array(value):
    return isinstance(value, chainer.get_array_types())


def _as_input_variable(value):
    if isinstance(value, chainer.Variable):
        return value
    return chainer.Variable(value)


def _prepare_inputs(args, input_names):
    """Returns (call_args, call_kwargs, OrderedDict name -> Variable, keys)."""
    if isinstance(args, dict):
        keys = [k for k, v in args.items()
                if _is_array(v) or isinstance(v, chainer.Variable)]
        call_kwargs = collections.OrderedDict(
            (k, _as_input_variable(v) if k in keys else v) for k, v in args.items())
        variables = [call_kwargs[k] for k in keys]
        call_args = ()
    else:
        if _is_array(args) or isinstance(args, chainer.Variable):
            args = (args,)
        elif not isinstance(args, (list, tuple)):
            raise TypeError(
                'export: args must be an array, a Variable, or a list, tuple or dict '
                'of them, got {}'.format(type(args).__name__))
        call_args = tuple(_as_input_variable(a) if _is_array(a) or
                          isinstance(a, chainer.Variable) else a for a in args)
        keys = [i for i, a in enumerate(args)
                if _is_array(a) or isinstance(a, chainer.Variable)]
        variables = [call_args[i] for i in keys]
        call_kwargs = {}

    n = len(variables)
    if input_names is None:
        names = ['Input_{}'.format(i) for i in range(n)]
    elif isinstance(input_names, (str, list, tuple)):
        names = _names_list(input_names, n, 'input')
    elif isinstance(input_names, dict):
        if not isinstance(args, dict):
            raise ValueError('export: input_names can be a dict only when args is a '
                             'dict (got args of type {})'.format(type(args).__name__))
        if set(input_names) != set(keys):
            raise ValueError('export: the keys of input_names {} must be those of '
                             'args {}'.format(sorted(input_names), sorted(keys)))
        names = [input_names[k] for k in keys]
    else:
        raise TypeError('export: input_names must be a str, list, tuple or dict, got '
                        '{}'.format(type(input_names).__name__))
    if len(set(names)) != len(names):
        raise ValueError('export: input names must be distinct, got {}'.format(names))
    seen = set()
    for var in variables:
        if id(var) in seen:
            raise ValueError('export: the same Variable is given twice as an input')
        seen.add(id(var))
    inputs = collections.OrderedDict(zip(names, variables))
    return call_args, call_kwargs, inputs, keys


def _check_shape(shape, variable, what):
    if not isinstance(shape, (tuple, list)) or any(
            isinstance(s, (tuple, list)) for s in shape):
        raise ValueError('export: input_shapes for {} must be a tuple of dims '
                         '(ints or names), got {!r}'.format(what, shape))
    if len(shape) != variable.ndim:
        raise ValueError('export: input_shapes for {} has {} dims but the input has '
                         'shape {}'.format(what, len(shape), variable.shape))
    return tuple(shape)


def _input_shapes(input_shapes, inputs, keys, args_is_dict):
    """The shape each graph input is declared with (default: its actual shape)."""
    variables = list(inputs.values())
    if input_shapes is None:
        return [v.shape for v in variables]
    n = len(variables)
    if isinstance(input_shapes, dict):
        if not args_is_dict:
            raise ValueError('export: input_shapes can be a dict only when args is a '
                             'dict')
        if set(input_shapes) != set(keys):
            raise ValueError('export: the keys of input_shapes {} must be those of '
                             'the inputs {}'.format(sorted(input_shapes), sorted(keys)))
        return [_check_shape(input_shapes[k], v, repr(k))
                for k, v in zip(keys, variables)]
    if isinstance(input_shapes, list):
        if len(input_shapes) != n:
            raise ValueError('export: {} input_shapes were given for {} inputs'.format(
                len(input_shapes), n))
        return [_check_shape(s, v, 'input {}'.format(i))
                for i, (s, v) in enumerate(zip(input_shapes, variables))]
    if isinstance(input_shapes, tuple):
        if n != 1:
            raise ValueError('export: input_shapes is one shape but the model has {} '
                             'inputs; give a list of shapes'.format(n))
        return [_check_shape(input_shapes, variables[0], 'the input')]
    raise ValueError('export: input_shapes must be a tuple (one input), a list or a '
                     'dict of shapes, got {!r}'.format(input_shapes))


def _collect_outputs(outputs, output_names):
    """``[(name or None, Variable)]`` of the model's outputs."""
    if isinstance(outputs, chainer.Variable):
        items = [(None, outputs)]
    elif isinstance(outputs, (list, tuple)):
        items = [(i, o) for i, o in enumerate(outputs)]
    elif isinstance(outputs, dict):
        items = list(outputs.items())
    else:
        raise RuntimeError(
            'Unexpected output type from the model: {}. A model to export must '
            'return a Variable, or a list, tuple or dict of Variables'.format(
                type(outputs).__name__))
    for key, value in items:
        if not isinstance(value, chainer.Variable):
            raise ValueError(
                'The outputs of the model must be Chainer Variables; output {!r} is a '
                '{}'.format(key, type(value).__name__))
    n = len(items)
    if output_names is None:
        names = [None] * n
    elif isinstance(output_names, (str, list, tuple)):
        names = _names_list(output_names, n, 'output')
    elif isinstance(output_names, dict):
        if not isinstance(outputs, dict):
            raise ValueError('export: output_names can be a dict only when the model '
                             'returns a dict')
        if set(output_names) != set(outputs):
            raise ValueError('export: the keys of output_names {} must be those of '
                             'the outputs {}'.format(sorted(output_names),
                                                     sorted(outputs)))
        names = [output_names[k] for k, _ in items]
    else:
        raise TypeError('export: output_names must be a str, list, tuple or dict, '
                        'got {}'.format(type(output_names).__name__))
    if any(n_ is not None for n_ in names) and len(set(names)) != len(names):
        raise ValueError('export: output names must be distinct, got {}'.format(names))
    return [(name, var) for name, (_, var) in zip(names, items)]


def _resolve_opset_version(opset_version, onnx):
    latest = onnx.defs.onnx_opset_version()
    if opset_version is None:
        return min(latest, MAXIMUM_OPSET_VERSION)
    if isinstance(opset_version, bool) or not isinstance(
            opset_version, (int, numpy.integer)):
        raise TypeError('export: opset_version must be an int, got {!r}'.format(
            opset_version))
    opset_version = int(opset_version)
    if not MINIMUM_OPSET_VERSION <= opset_version <= MAXIMUM_OPSET_VERSION:
        raise ValueError(
            'export: onnx_chainer exports ONNX opsets {} to {}; opset_version={} was '
            'given'.format(MINIMUM_OPSET_VERSION, MAXIMUM_OPSET_VERSION,
                           opset_version))
    if opset_version > latest:
        raise ValueError('export: the installed onnx {} knows opsets up to {}, not {}'
                         .format(onnx.__version__, latest, opset_version))
    return opset_version


def _converter_table(external_converters):
    from onnx_chainer import functions
    from onnx_chainer.functions.converter import FunctionConverter
    table = {}
    for name in dir(functions):
        if name.startswith('convert_'):
            table[name[len('convert_'):]] = FunctionConverter(getattr(functions, name))
    if external_converters:
        if not isinstance(external_converters, dict):
            raise TypeError('export: external_converters must be a dict of function '
                            'name -> converter, got {}'.format(
                                type(external_converters).__name__))
        table.update(external_converters)
    return table


def _to_cpu(array):
    return numpy.asarray(chainer.backend.CpuDevice().send(array))


def convert_parameter(parameter, context):
    """An ONNX tensor holding ``parameter`` (a Variable or an array).

    Its name is the parameter's name in ``context`` (``param_<path>`` for the
    model's parameters and persistent values, else a fresh name).

    Args:
        parameter (~chainer.Variable or array): the value.
        context (~onnx_chainer.context.Context): the naming context.
    """
    onnx = _deps.require_onnx('onnx_chainer.convert_parameter')
    if isinstance(parameter, chainer.Variable):
        array = parameter.array
    elif _is_array(parameter):
        array = parameter
    else:
        raise ValueError('convert_parameter: expected a Variable or an array, got {}'
                         .format(type(parameter).__name__))
    if array is None:
        raise ValueError('convert_parameter: the parameter is not initialized (its '
                         'array is None)')
    name = context.get_param_name(parameter)
    if name is None:
        name = context.get_name(parameter)
    array = _to_cpu(array)
    return onnx.numpy_helper.from_array(array, name)


def _make_model(onnx, graph, network_inputs, declared_shapes, graph_name,
                opset_version, external_opset_imports, custom_shapes):
    helper = onnx.helper
    ir_version = helper.find_min_ir_version_for(
        [helper.make_opsetid('', opset_version)])
    inputs = [graph.value_info(name, var.dtype, shape)
              for (name, var), shape in zip(network_inputs.items(), declared_shapes)]
    for name, array in graph.param_inputs.items():
        inputs.append(graph.value_info(name, array.dtype, array.shape))
    initializers = []
    for name, array in graph.initializers.items():
        array = _to_cpu(array)
        initializers.append(onnx.numpy_helper.from_array(
            array, name))
        if ir_version < 4:
            # Before IR version 4, every initializer is also a graph input.
            inputs.append(graph.value_info(name, array.dtype, array.shape))
    outputs = []
    for name, (_, var) in zip(graph.output_names, graph.network_outputs):
        shape = [None] * var.ndim if custom_shapes else var.shape
        outputs.append(graph.value_info(name, var.dtype, shape))
    onnx_graph = helper.make_graph(graph.nodes, graph_name, inputs, outputs,
                                   initializer=initializers)
    opset_imports = [helper.make_opsetid('', opset_version)]
    for domain, version in (external_opset_imports or {}).items():
        opset_imports.append(helper.make_opsetid(domain, version))
    model = helper.make_model(onnx_graph, opset_imports=opset_imports,
                              producer_name='Chainer',
                              producer_version=chainer.__version__,
                              ir_version=ir_version)
    return model


def export(model, args, filename=None, export_params=True, graph_name='Graph',
           save_text=False, opset_version=None, input_names=None,
           output_names=None, train=False, return_named_inout=False,
           external_converters=None, external_opset_imports=None,
           input_shapes=None, no_testcase=False):
    """Export a Chainer model to ONNX.

    The model runs once on ``args`` (``model(*args)``, ``model(**args)`` for a
    dict, ``model(args)`` for a single array) with ``chainer.config.train`` set to
    ``train``; the function nodes of that forward pass are converted to ONNX
    operators by the converters of :mod:`onnx_chainer.functions`. The arrays of
    ``args`` become the inputs of the graph, the model's parameters and
    persistent values (``avg_mean`` ...) its initializers, named ``param_<path>``
    (``param_l1_W``), and other arrays the forward pass uses become constants.

    Custom operators: ``external_converters`` maps a function name (the class
    name of a FunctionNode, or the name given to
    :func:`~onnx_chainer.replace_func.fake_as_funcnode`) to a converter called
    with a :class:`~onnx_chainer.functions.converter.FunctionConverterParams`
    (``func``, ``opset_version``, ``input_names``, ``output_names``,
    ``context``) and returning ONNX nodes; ``external_opset_imports`` maps the
    domains of those operators to their versions::

        def custom_converter(params):
            return onnx_helper.make_node(
                'CustomizedRelu', params.input_names, params.output_names,
                domain='chainer'),

        onnx_chainer.export(model, x, external_converters={'ReLU': custom_converter},
                            external_opset_imports={'chainer': 0})

    Args:
        model (~chainer.Chain or callable): the model.
        args (array, Variable, or list, tuple or dict of them): the inputs; other
            values in a list, tuple or dict are passed to the model unchanged.
        filename (str or file-like): where to save the model (nothing is saved
            when None).
        export_params (bool): store the parameters in the model (else they are
            inputs of the graph).
        graph_name (str): the name of the ONNX graph.
        save_text (bool): also save a text dump of the model to
            ``<filename>.txt``.
        opset_version (int): the ONNX opset, from
            :data:`~onnx_chainer.MINIMUM_OPSET_VERSION` (7) to
            :data:`~onnx_chainer.MAXIMUM_OPSET_VERSION` (11); the newest one the
            installed onnx knows, at most 11, by default.
        input_names (str, list or dict): names of the graph inputs, one per
            input (a dict maps the keys of a dict ``args``); ``Input_<i>`` by
            default.
        output_names (str, list or dict): names of the graph outputs, one per
            output (a dict maps the keys of a dict the model returns).
        train (bool): run (and export) the model in training mode.
        return_named_inout (bool): also return the inputs and outputs as ordered
            dicts name -> Variable.
        external_converters (dict): function name -> converter, added to (and
            overriding) the built-in converters.
        external_opset_imports (dict): operator domain -> version, for custom
            operators.
        input_shapes (tuple, list or dict): shapes to declare for the inputs
            instead of those of ``args``, where a dim may be a name (``('b', 3,
            224, 224)``): a tuple for a single input, a list (or a dict, for a dict
            ``args``) for several.
        no_testcase (bool): with ``filename``, silences the notice that
            :func:`export` writes only the model (use
            :func:`~onnx_chainer.export_testcase` for input and output data).

    Returns:
        ``onnx.ModelProto``, or ``(model, inputs, outputs)`` with
        ``return_named_inout``.
    """
    onnx = _deps.require_onnx('onnx_chainer.export')
    if filename is not None and not no_testcase:
        warnings.warn(
            'onnx_chainer.export writes only the ONNX model to {!r}; to save input '
            'and output data for testing as well, use onnx_chainer.export_testcase. '
            'Pass no_testcase=True to silence this warning.'.format(
                filename if isinstance(filename, str) else 'the file'),
            DeprecationWarning, stacklevel=2)
    opset_version = _resolve_opset_version(opset_version, onnx)
    if external_opset_imports is not None and not isinstance(
            external_opset_imports, dict):
        raise TypeError('export: external_opset_imports must be a dict of domain -> '
                        'version, got {}'.format(type(external_opset_imports).__name__))

    call_args, call_kwargs, network_inputs, keys = _prepare_inputs(args, input_names)
    declared_shapes = _input_shapes(input_shapes, network_inputs, keys,
                                    isinstance(args, dict))

    with chainer.using_config('train', train), \
            chainer.using_config('enable_backprop', True), \
            _composite_functions_as_nodes(), RetainInputHook() as hook:
        outputs = model(*call_args, **call_kwargs)
    network_outputs = _collect_outputs(outputs, output_names)

    context = context_module.Context(model)
    if context.uninitialized_params:
        warnings.warn(
            'The parameters {} of the model are not initialized (their links were '
            'not used in the forward pass) and are not exported'.format(
                ', '.join(context.uninitialized_params)), UserWarning, stacklevel=2)
    converters = _converter_table(external_converters)
    graph = graph_module.Graph(context, converters, opset_version, hook.records,
                               network_inputs, network_outputs,
                               export_params=export_params)
    graph.build()
    onnx_model = _make_model(onnx, graph, network_inputs, declared_shapes,
                             graph_name, opset_version, external_opset_imports,
                             input_shapes is not None)
    try:
        onnx.checker.check_model(onnx_model)
    except onnx.checker.ValidationError as e:
        if not external_converters:
            raise
        warnings.warn(
            'The exported model does not pass the ONNX checker, which is expected '
            'when external converters emit operators it does not know; check it '
            'with the runtime that will run it. The checker says: {}'.format(
                str(e).strip().splitlines()[0] if str(e).strip() else e),
            UserWarning, stacklevel=2)

    if filename is not None:
        data = onnx_model.SerializeToString()
        if isinstance(filename, (str, bytes)) or hasattr(filename, '__fspath__'):
            with open(filename, 'wb') as f:
                f.write(data)
            if save_text:
                with open('{}.txt'.format(filename), 'w') as f:
                    f.write(str(onnx_model))
        else:
            filename.write(data)

    if return_named_inout:
        named_outputs = collections.OrderedDict(
            zip(graph.output_names, [var for _, var in network_outputs]))
        return onnx_model, network_inputs, named_outputs
    return onnx_model
