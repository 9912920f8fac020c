"""Helpers for converters: node construction and naming, tensor files.

While a function node is converted, its ONNX name (``'LinearFunction_0'``) is the
*current function name* (:func:`set_func_name` / :func:`get_func_name`). Nodes made
with :func:`make_node` are named after it, and :class:`GraphBuilder` derives the
names of intermediate values from it (``'LinearFunction_0_tmp_0'``), so that every
name in an exported graph says which Chainer function it comes from.
"""
import threading

import numpy

import chainer
from onnx_chainer import _deps

_state = threading.local()


def set_func_name(func_name):
    """Set the name of the function node being converted (None to clear it)."""
    _state.func_name = func_name


def get_func_name():
    """The name of the function node being converted (None outside conversion)."""
    return getattr(_state, 'func_name', None)


def make_node(*args, **kwargs):
    """``onnx.helper.make_node`` that names the node after the current function.

    Takes the arguments of ``onnx.helper.make_node(op_type, inputs, outputs,
    name=None, doc_string=None, domain=None, **attributes)``; when no name is
    given, the node gets :func:`get_func_name`.
    """
    onnx = _deps.require_onnx('onnx_chainer.onnx_helper.make_node')
    if len(args) < 4 and kwargs.get('name') is None:
        kwargs['name'] = get_func_name() or ''
    return onnx.helper.make_node(*args, **kwargs)


class GraphBuilder(object):
    """Collects the nodes a converter emits and names their intermediate values.

    ``op`` adds a node whose outputs get fresh names (``<func>_tmp_<k>``) and
    returns them, so nodes can be chained; ``op_output_named`` adds a node that
    writes the given names (typically the converter's ``output_names``);
    ``nodes()`` returns everything in order.

    Example (inside a converter)::

        gb = onnx_helper.GraphBuilder()
        shape = gb.op('Shape', input_names)
        gb.op_output_named('ConstantOfShape', [shape], output_names, value=v)
        return gb.nodes()
    """

    def __init__(self):
        self.func_name = get_func_name() or 'Graph'
        self._nodes = []
        self._count = 0

    def node_name(self):
        """A fresh name for an intermediate node (and its output)."""
        name = '{}_tmp_{}'.format(self.func_name, self._count)
        self._count += 1
        return name

    def op(self, op_name, input_names, num_outputs=1, **kwargs):
        """Add an ``op_name`` node; returns its output name (a tuple if several)."""
        name = self.node_name()
        if num_outputs == 1:
            outputs = [name]
        else:
            outputs = ['{}_{}'.format(name, i) for i in range(num_outputs)]
        self._nodes.append(make_node(op_name, list(input_names), outputs, name=name,
                                     **kwargs))
        return outputs[0] if num_outputs == 1 else tuple(outputs)

    def op_output_named(self, op_name, input_names, output_names, **kwargs):
        """Add an ``op_name`` node writing ``output_names``; returns them."""
        output_names = list(output_names)
        kwargs.setdefault('name', self.func_name)
        self._nodes.append(make_node(op_name, list(input_names), output_names,
                                     **kwargs))
        return output_names[0] if len(output_names) == 1 else tuple(output_names)

    def nodes(self, output_names=None):
        """The nodes added so far, as a tuple.

        Args:
            output_names (list of str): if given, the outputs of the last node are
                renamed to these (and the node gets the function's name).
        """
        if output_names is not None:
            if not self._nodes:
                raise ValueError('GraphBuilder.nodes: no node was added, so there is '
                                 'nothing to name {}'.format(list(output_names)))
            last = self._nodes[-1]
            if len(last.output) != len(output_names):
                raise ValueError(
                    'GraphBuilder.nodes: the last node ({}) has {} outputs, but {} '
                    'names were given: {}'.format(last.op_type, len(last.output),
                                                  len(output_names),
                                                  list(output_names)))
            del last.output[:]
            last.output.extend(output_names)
            last.name = self.func_name
        return tuple(self._nodes)


def write_tensor_pb(filename, name, value):
    """Save ``value`` (array or Variable) as an ONNX tensor file named ``name``."""
    onnx = _deps.require_onnx('onnx_chainer.onnx_helper.write_tensor_pb')
    if isinstance(value, chainer.Variable):
        value = value.array
    array = numpy.asarray(chainer.backend.CpuDevice().send(value))
    tensor = onnx.numpy_helper.from_array(array, name)
    with open(filename, 'wb') as f:
        f.write(tensor.SerializeToString())


def cleanse_param_name(name):
    """The ONNX name of a parameter path: ``'/l1/W'`` becomes ``'param_l1_W'``."""
    return 'param' + name.replace('/', '_')


def is_support_non_standard_domain():
    """Whether the ONNX checker accepts operators of domains it does not know.

    Current onnx versions skip operators of custom domains (anything but the
    default and ``ai.onnx.ml`` domains) instead of failing, so a model with
    custom operators declared in ``external_opset_imports`` passes the check.
    """
    _deps.require_onnx('onnx_chainer.onnx_helper.is_support_non_standard_domain')
    return True
