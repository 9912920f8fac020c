"""The calling conventions of converters.

A converter turns one Chainer function node into ONNX nodes. It is called with a
:class:`FunctionConverterParams` and returns a node or a sequence of nodes
(``onnx.NodeProto``) reading ``params.input_names`` and writing
``params.output_names``. The built-in converters (``onnx_chainer.functions``) are
written with the arguments spread out, ``convert_X(func, opset_version,
input_names, output_names, context)``; :class:`FunctionConverter` adapts them.
"""


class FunctionConverterParams(object):
    """What a converter gets to convert one function node.

    Attributes:
        func (~chainer.FunctionNode): the function node.
        opset_version (int): the ONNX opset being exported.
        input_names (list of str): the names of the node's inputs, in order.
        output_names (list of str): the names its outputs must get.
        context (~onnx_chainer.context.Context): names and added tensors.
    """

    def __init__(self, func=None, opset_version=None, input_names=None,
                 output_names=None, context=None):
        self.func = func
        self.opset_version = opset_version
        self.input_names = input_names
        self.output_names = output_names
        self.context = context


class FunctionConverter(object):
    """Calls a converter written as ``converter(func, opset_version, input_names,
    output_names, context)`` with a :class:`FunctionConverterParams`."""

    def __init__(self, converter):
        self.converter = converter

    def __call__(self, params):
        return self.converter(params.func, params.opset_version, params.input_names,
                              params.output_names, params.context)

    def __repr__(self):
        return '<FunctionConverter {}>'.format(
            getattr(self.converter, '__name__', self.converter))
