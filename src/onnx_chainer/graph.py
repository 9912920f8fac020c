"""Turning a traced forward pass into the nodes and tensors of an ONNX graph."""
import collections

import numpy

import chainer
from onnx_chainer import _deps
from onnx_chainer import mapping
from onnx_chainer import onnx_helper
from onnx_chainer.functions.converter import FunctionConverterParams


# The argument names of function inputs, used to name the tensors of inputs that
# are neither network inputs nor model parameters (arrays made in forward).
_INPUT_ARG_NAMES = {
    'BatchNormalization': ('x', 'gamma', 'beta'),
    'FixedBatchNormalization': ('x', 'gamma', 'beta', 'avg_mean', 'avg_var'),
    'LinearFunction': ('x', 'W', 'b'),
    'Convolution2DFunction': ('x', 'W', 'b'),
    'ConvolutionND': ('x', 'W', 'b'),
    'Deconvolution2DFunction': ('x', 'W', 'b'),
    'DeconvolutionND': ('x', 'W', 'b'),
    'EmbedIDFunction': ('x', 'W'),
    'PReLUFunction': ('x', 'W'),
    'GroupNormalization': ('x', 'gamma', 'beta'),
}


def function_name(func):
    """The name a function node is converted by: its class name, or the name given
    to :func:`~onnx_chainer.replace_func.fake_as_funcnode`."""
    name = getattr(func, 'custom_function_node_name', None)
    if name is not None:
        return name
    inner = getattr(func, '_function', None)  # an old-style Function's adapter
    if inner is not None:
        return type(inner).__name__
    return type(func).__name__


def _to_cpu(array):
    return numpy.asarray(chainer.backend.CpuDevice().send(array))


class Graph(object):
    """Builds the ONNX nodes, initializers and value infos of one export.

    Args:
        context (~onnx_chainer.context.Context): naming state.
        converters (dict): function name -> converter taking
            :class:`~onnx_chainer.functions.converter.FunctionConverterParams`.
        opset_version (int): the opset to export.
        records (list): ``(function node, input arrays)`` of every function applied
            during the forward pass, in order (see
            :class:`~onnx_chainer.export.RetainInputHook`).
        network_inputs (OrderedDict): input name -> Variable.
        network_outputs (list): ``(name or None, Variable)`` per output.
        export_params (bool): store the model's parameters as initializers (else
            they become inputs of the graph).
    """

    def __init__(self, context, converters, opset_version, records, network_inputs,
                 network_outputs, export_params=True):
        self.context = context
        self.converters = converters
        self.opset_version = opset_version
        self.records = records
        self.network_inputs = network_inputs
        self.network_outputs = network_outputs
        self.export_params = export_params
        self.nodes = []
        self.initializers = collections.OrderedDict()  # name -> array
        self.param_inputs = collections.OrderedDict()  # name -> array (inputs)
        self.output_names = []
        self.converted_functions = []
        self._leaf_names = {}

    # -- the traced functions ----------------------------------------------------

    def _needed_functions(self):
        """The recorded function nodes the outputs depend on, in forward order."""
        order = {}
        in_data = {}
        for k, (func, data) in enumerate(self.records):
            order[id(func)] = k
            in_data[id(func)] = data
        self._in_data = in_data
        input_ids = set(id(v.node) for v in self.network_inputs.values())
        needed = {}
        seen = set()
        stack = [var.node for _, var in self.network_outputs]
        while stack:
            node = stack.pop()
            if id(node) in seen or id(node) in input_ids:
                continue
            seen.add(id(node))
            func = node.creator_node
            if func is None or id(func) not in order or id(func) in needed:
                continue
            needed[id(func)] = func
            if func.inputs is not None:
                stack.extend(func.inputs)
        return sorted(needed.values(), key=lambda f: order[id(f)])

    # -- names of the values -----------------------------------------------------

    def _leaf_name(self, node, value, consumer_name, index, func_label):
        """Name (and register) an input of a function that no traced function made."""
        context = self.context
        key = id(node)
        if key in self._leaf_names:
            return self._leaf_names[key]
        param_name = context.known_node_name(node)
        if param_name is None and value is not None:
            param_name = context.get_param_name(value)
        if param_name is not None:
            if param_name in self.initializers or param_name in self.param_inputs:
                name = param_name
            else:
                name = context.reserve_name(context.unique_name(param_name))
                if self.export_params:
                    self.initializers[name] = value
                else:
                    self.param_inputs[name] = value
        else:
            arg_names = _INPUT_ARG_NAMES.get(func_label, ())
            arg = arg_names[index] if index < len(arg_names) else str(index)
            name = context.reserve_name(context.unique_name(
                '{}_param_{}'.format(consumer_name, arg)))
            self.initializers[name] = value
        context.name_list[key] = name
        context._alive.append(node)
        self._leaf_names[key] = name
        return name

    def _leaf_value(self, node, func, index):
        data = self._in_data.get(id(func))
        if data is not None:
            return data[index]
        if node.data is not None:
            return node.data
        var = node.get_variable_or_none()
        return None if var is None else var.array

    # -- conversion --------------------------------------------------------------

    def build(self):
        """Convert the traced functions; fills ``nodes``, ``initializers``,
        ``param_inputs`` and ``output_names``."""
        context = self.context
        for name, var in self.network_inputs.items():
            context.set_name(var.node, name, pinned=True)
            context.register_input_array(var.array, name)
        functions = self._needed_functions()
        produced = set()

        # Names the user chose for outputs are fixed first (other names avoid
        # them); an output that is also an input or appears twice gets an
        # Identity node later.
        pinned_outputs = {}
        input_ids = set(id(v.node) for v in self.network_inputs.values())
        for name, var in self.network_outputs:
            node = var.node
            if name is not None and id(node) not in input_ids and \
                    id(node) not in pinned_outputs and \
                    node.creator_node is not None:
                pinned_outputs[id(node)] = name
                context.set_name(node, name, pinned=True)

        counts = collections.defaultdict(int)
        for func in functions:
            label = function_name(func)
            node_name = context.unique_name('{}_{}'.format(label, counts[label]))
            counts[label] += 1
            onnx_helper.set_func_name(node_name)
            try:
                input_names = []
                for i, inode in enumerate(func.inputs):
                    creator = inode.creator_node
                    if id(inode) in input_ids or (
                            creator is not None and id(creator) in produced):
                        input_names.append(context.get_name(inode))
                    else:
                        value = self._leaf_value(inode, func, i)
                        input_names.append(
                            self._leaf_name(inode, value, node_name, i, label))
                output_names = []
                n_out = len(func.outputs)
                for j, ref in enumerate(func.outputs):
                    out = ref()
                    default = node_name if n_out == 1 else '{}_{}'.format(node_name, j)
                    if out is not None and context.is_named(out):
                        output_names.append(context.get_name(out))
                    elif out is not None:
                        output_names.append(context.set_name(out, default))
                    else:
                        output_names.append(context.reserve_name(
                            context.unique_name(default)))
                converter = self.converters.get(label)
                if converter is None:
                    raise ValueError(
                        '{} is not supported by onnx_chainer: there is no converter '
                        'for this function. Give one with external_converters={{{!r}:'
                        ' converter}}, or wrap the code with onnx_chainer.replace_func.'
                        'fake_as_funcnode'.format(label, label))
                params = FunctionConverterParams(
                    func, self.opset_version, input_names, output_names, context)
                result = converter(params)
                nodes = self._as_nodes(result, label)
                self.nodes.extend(context.constants)
                del context.constants[:]
                self.nodes.extend(nodes)
                self._add_converter_params()
            finally:
                onnx_helper.set_func_name(None)
            produced.add(id(func))
            self.converted_functions.append((node_name, func))

        self._make_outputs(produced, input_ids)
        self._dedupe_node_names()

    def _add_converter_params(self):
        for name, array in self.context.parameters:
            if name not in self.initializers:
                self.initializers[name] = array
        del self.context.parameters[:]

    @staticmethod
    def _as_nodes(result, label):
        onnx = _deps.require_onnx()
        if isinstance(result, onnx.NodeProto):
            return [result]
        if result is None:
            raise ValueError('the converter of {} returned None; it must return ONNX '
                             'nodes'.format(label))
        nodes = list(result)
        for n in nodes:
            if not isinstance(n, onnx.NodeProto):
                raise ValueError('the converter of {} must return ONNX nodes '
                                 '(onnx.NodeProto), got a {}'.format(
                                     label, type(n).__name__))
        return nodes

    def _make_outputs(self, produced, input_ids):
        context = self.context
        onnx = _deps.require_onnx()
        used = set()
        for k, (name, var) in enumerate(self.network_outputs):
            node = var.node
            creator = node.creator_node
            made_here = creator is not None and id(creator) in produced
            if made_here and id(node) not in used:
                used.add(id(node))
                self.output_names.append(context.get_name(node))
                continue
            # An input, a constant or a repeated output: add an Identity node.
            if id(node) in input_ids or made_here:
                source = context.get_name(node)
            else:
                source = self._leaf_name(node, _to_cpu(var.array) if var.array
                                         is not None else None,
                                         'Output_{}'.format(k), 0, None)
            out_name = name if name is not None else context.unique_name(
                'Identity_{}'.format(k))
            out_name = context.reserve_name(out_name)
            self.nodes.append(onnx.helper.make_node(
                'Identity', [source], [out_name], name=out_name))
            self.output_names.append(out_name)

    def _dedupe_node_names(self):
        seen = collections.Counter()
        for node in self.nodes:
            if not node.name:
                continue
            seen[node.name] += 1
            if seen[node.name] > 1:
                node.name = '{}_{}'.format(node.name, seen[node.name] - 1)

    # -- value infos -------------------------------------------------------------

    @staticmethod
    def value_info(name, array_or_dtype, shape):
        onnx = _deps.require_onnx()
        dtype = getattr(array_or_dtype, 'dtype', array_or_dtype)
        return onnx.helper.make_tensor_value_info(
            name, mapping.to_onnx_dtype(dtype), shape)
