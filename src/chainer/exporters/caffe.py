"""Export a Chainer computation to Caffe's format (``.prototxt`` and ``.caffemodel``)."""
import os
import warnings

import numpy

import chainer
from chainer import function  # NOQA  (module names Chainer's exporter exposes)
from chainer import function_hook
from chainer import function_node  # NOQA
from chainer import variable
from chainer.functions.activation import leaky_relu as _leaky_relu
from chainer.functions.activation import relu as _relu
from chainer.functions.activation import sigmoid as _sigmoid
from chainer.functions.activation import softmax as _softmax
from chainer.functions.activation import tanh as _tanh
from chainer.functions.array import concat as _concat
from chainer.functions.array import reshape as _reshape
from chainer.functions.array import split_axis as _split_axis
from chainer.functions.connection import convolution_nd as _convolution_nd
from chainer.functions.connection import linear as _linear
from chainer.functions.math import basic_math as _basic_math
from chainer.functions.normalization import batch_normalization as _batch_norm
from chainer.functions.normalization import local_response_normalization as _lrn
from chainer.functions.pooling import average_pooling_nd as _average_pooling
from chainer.functions.pooling import max_pooling_nd as _max_pooling
from chainer.links.caffe.protobuf3 import caffe_pb2 as caffe_pb
from chainer.serializers import _common


PROTOTXT = 'chainer_model.prototxt'
CAFFEMODEL = 'chainer_model.caffemodel'


def export(model, args, directory=None, export_params=True, graph_name='Graph'):
    """(Experimental) Export a computational graph in Caffe's format.

    Runs ``model(*args)`` in test mode (``chainer.config.train = False``) with
    backpropagation enabled, follows the computational graph back from the
    output(s) to ``args``, and writes one Caffe layer per function:

    - :func:`~chainer.functions.linear`: ``InnerProduct``
    - :func:`~chainer.functions.convolution_2d`: ``Convolution``
    - :func:`~chainer.functions.deconvolution_2d`: ``Deconvolution``
    - :func:`~chainer.functions.max_pooling_2d`,
      :func:`~chainer.functions.average_pooling_2d`: ``Pooling`` (``MAX``,
      ``AVE``; Caffe rounds the output size up, so a pooling whose windows do
      not tile its input warns that Caffe will compute another size)
    - :func:`~chainer.functions.fixed_batch_normalization` (what
      :class:`~chainer.links.BatchNormalization` runs in test mode):
      ``BatchNorm`` followed by ``Scale``
    - :func:`~chainer.functions.local_response_normalization`: ``LRN``
    - :func:`~chainer.functions.relu`, :func:`~chainer.functions.leaky_relu`:
      ``ReLU``; :func:`~chainer.functions.sigmoid`: ``Sigmoid``;
      :func:`~chainer.functions.tanh`: ``TanH``;
      :func:`~chainer.functions.softmax` over axis 1: ``Softmax``
    - :func:`~chainer.functions.concat`: ``Concat``;
      :func:`~chainer.functions.split_axis`: ``Slice``;
      :func:`~chainer.functions.reshape`: ``Reshape``
    - ``x + y``: ``Eltwise`` (``SUM``)

    Other functions raise :class:`NotImplementedError`. Dropout is the
    identity in test mode and leaves nothing to export. The inputs are the
    blobs ``data`` (``data``, ``data1``, ``data2``, ... for several
    arguments); each layer, and its top blob, is named
    ``<function label>-<rank>-<index>``, the rank being the function's depth in
    the graph.

    This can export at least GoogLeNet, ResNet and VGG.

    Args:
        model (callable): usually a :class:`~chainer.Chain`; it is called as
            ``model(*args)`` and must return a :class:`~chainer.Variable` (or a
            tuple, list or dict of them, as the pre-trained vision models
            return).
        args (list of ~chainer.Variable): the arguments given to ``model``
            (arrays are wrapped in Variables; a single Variable may be given as
            is).
        directory (str): the directory to write ``chainer_model.prototxt`` (the
            network definition) and ``chainer_model.caffemodel`` (the network with
            its weights) into; it is created if missing. If None, nothing is
            written (the export still checks that every function can be
            exported).
        export_params (bool): if False, only the ``.prototxt`` is written.
        graph_name (str): the ``name`` of the network in the ``.prototxt``.

    .. admonition:: Example

       >>> from chainer.exporters import caffe
       >>> class Model(chainer.Chain):
       ...     def __init__(self):
       ...         super(Model, self).__init__()
       ...         with self.init_scope():
       ...             self.l1 = L.Convolution2D(None, 1, 1, 1, 0)
       ...             self.b2 = L.BatchNormalization(1)
       ...             self.l3 = L.Linear(None, 1)
       ...
       ...     def forward(self, x):
       ...         h = F.relu(self.l1(x))
       ...         h = self.b2(h)
       ...         return self.l3(h)
       ...
       >>> x = chainer.Variable(np.zeros((1, 10, 10, 10), np.float32))
       >>> caffe.export(Model(), [x], None, True, 'test')
    """
    if isinstance(args, (list, tuple)):
        args = list(args)
    else:
        args = [args]
    args = [a if isinstance(a, variable.Variable) else variable.Variable(a)
            for a in args]

    recorder = _Recorder()
    with chainer.using_config('train', False), \
            chainer.using_config('enable_backprop', True), recorder:
        outputs = model(*args)
    if isinstance(outputs, variable.Variable):
        outputs = [outputs]
    elif isinstance(outputs, dict):  # the vision models' {layer name: output}
        outputs = list(outputs.values())
    if not (isinstance(outputs, (list, tuple)) and outputs and all(
            isinstance(o, variable.Variable) for o in outputs)):
        raise TypeError(
            'caffe.export: the model must return a Variable, or a tuple, list or '
            'dict of Variables, got {}'.format(type(outputs).__name__))
    outputs = list(outputs)

    net = _build_net(args, outputs, recorder, graph_name)

    if directory is None:
        return
    os.makedirs(directory, exist_ok=True)
    prototxt = _without_blobs(net)
    _write(os.path.join(directory, PROTOTXT),
           _text_format(prototxt).encode('utf-8'))
    if export_params:
        weights = caffe_pb.NetParameter()
        weights.CopyFrom(net)
        del weights.layer[:len(args)]  # the Input layers hold no weights
        weights.ClearField('name')
        for layer in weights.layer:
            layer.phase = caffe_pb.TEST
        _write(os.path.join(directory, CAFFEMODEL), weights.SerializeToString())


class _Recorder(function_hook.FunctionHook):
    """Keeps each function node called and the arrays it was given."""

    name = 'CaffeExportRecorder'

    def __init__(self):
        self.in_data = {}
        self.nodes = []

    def forward_preprocess(self, func, in_data):
        node = getattr(func, 'node', func)
        if id(node) not in self.in_data:
            self.nodes.append(node)  # keeps the node (and so its id) alive
        self.in_data[id(node)] = tuple(in_data)


def _write(path, content):
    with _common.atomic_write(path) as tmp:
        with open(tmp, 'wb') as f:
            f.write(content)


def _text_format(net):
    from google.protobuf import text_format
    return text_format.MessageToString(net)


def _without_blobs(net):
    copy = caffe_pb.NetParameter()
    copy.CopyFrom(net)
    for layer in copy.layer:
        del layer.blobs[:]
    return copy


def _build_net(args, outputs, recorder, graph_name):
    # The function nodes between the inputs and the outputs, each after the
    # functions computing its inputs (depth first, the last input first).
    nodes = []
    seen = set()
    for out in outputs:
        root = out.creator_node
        if root is None or id(root) in seen:
            continue
        seen.add(id(root))
        stack = [(root, iter(root.inputs[::-1]))]
        while stack:
            node, pending = stack[-1]
            for x in pending:
                creator = x.creator_node
                if creator is not None and id(creator) not in seen:
                    seen.add(id(creator))
                    stack.append((creator, iter(creator.inputs[::-1])))
                    break
            else:
                stack.pop()
                nodes.append(node)
    missing = [n for n in nodes if id(n) not in recorder.in_data]
    if missing:
        raise ValueError(
            'caffe.export: the output depends on {} computed before export '
            'called the model; compute everything from the given args inside the '
            'model'.format(missing[0].label))

    net = caffe_pb.NetParameter(name=graph_name)
    blob_names = {}  # id(VariableNode) -> blob name
    for i, arg in enumerate(args):
        name = 'data' if i == 0 else 'data{}'.format(i)
        blob_names[id(arg.node)] = name
        layer = net.layer.add(name=name, type='Input', top=[name])
        layer.input_param.shape.add(dim=arg.shape)

    counts = {}  # (label, rank) -> functions named so far
    for node in nodes:
        key = (node.label, node.rank)
        counts[key] = counts.get(key, 0) + 1
        name = '{}-{}-{}'.format(node.label, node.rank, counts[key])
        outs = [o() for o in node.outputs]
        if len(outs) == 1:
            tops = [name]
        else:
            tops = ['{}_{}'.format(name, i) for i in range(len(outs))]
        for out, top in zip(outs, tops):
            if out is not None:
                blob_names[id(out)] = top
        converter = _converter_for(node)
        converter(_Context(net, node, name, tops, blob_names,
                           recorder.in_data[id(node)]))
    for o in outputs:
        if id(o.node) not in blob_names:
            raise ValueError(
                'caffe.export: an output of the model is not computed from its '
                'arguments')
    return net


class _Context(object):
    """What a converter needs to know about one function node."""

    def __init__(self, net, node, name, tops, blob_names, in_data):
        self.net = net
        self.node = node
        self.name = name
        self.tops = tops
        self.blob_names = blob_names
        self.in_data = in_data

    def bottom(self, index):
        """The blob name of input ``index``, which must come from the model inputs."""
        x = self.node.inputs[index]
        name = self.blob_names.get(id(x))
        if name is None:
            raise NotImplementedError(
                'caffe.export: input {} of {} is a constant (neither a model '
                'argument nor computed from one); Caffe layers cannot hold '
                'constant inputs'.format(index, self.node.label))
        return name

    def array(self, index):
        """The array given as input ``index`` (a weight, for instance), or None."""
        if index >= len(self.in_data):
            return None
        return chainer.backend.CpuDevice().send(self.in_data[index])

    def shape(self, index):
        return self.node.inputs[index].shape

    def out_shape(self, index=0):
        out = self.node.outputs[index]()
        return None if out is None else out.shape

    def add_layer(self, typ, bottoms, name=None, tops=None):
        return self.net.layer.add(
            name=name or self.name, type=typ, bottom=bottoms,
            top=tops or self.tops)


def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7f, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _add_blobs(layer, W, b):
    """The weights ``W`` and the bias ``b`` (unless None) as the layer's blobs."""
    _add_blob(layer, W)
    if b is not None:
        _add_blob(layer, b)


def _add_blob(layer, array):
    array = numpy.ascontiguousarray(array, dtype='<f4')
    blob = layer.blobs.add()
    blob.shape.dim.extend(array.shape)
    # BlobProto.data (field 5, packed floats) parsed from its wire bytes: several
    # times faster than extending the field from a Python list.
    raw = array.tobytes()
    blob.MergeFromString(b'\x2a' + _varint(len(raw)) + raw)


def _unsupported(ctx, why):
    raise NotImplementedError(
        'caffe.export: cannot export {} ({})'.format(ctx.node.label, why))


def _pooled_size_caffe(size, k, s, p):
    out = -(-(size + 2 * p - k) // s) + 1
    if p > 0 and (out - 1) * s >= size + p:
        out -= 1
    return out


# -- converters ----------------------------------------------------------------

def _convert_linear(ctx):
    if len(ctx.shape(0)) != 2:
        _unsupported(ctx, 'only a 2-D input (batch, features) can be exported')
    W = ctx.array(1)
    b = ctx.array(2)
    layer = ctx.add_layer('InnerProduct', [ctx.bottom(0)])
    param = layer.inner_product_param
    param.num_output = W.shape[0]
    param.bias_term = b is not None
    _add_blobs(layer, W, b)


def _convert_convolution(ctx):
    node = ctx.node
    if node.ndim != 2:
        _unsupported(ctx, 'only 2-D convolution can be exported')
    if node.cover_all:
        _unsupported(ctx, 'Caffe has no cover_all')
    W = ctx.array(1)
    b = ctx.array(2)
    _add_convolution_layer(ctx, 'Convolution', W, b, W.shape[0])


def _convert_deconvolution(ctx):
    node = ctx.node
    if node.ndim != 2:
        _unsupported(ctx, 'only 2-D deconvolution can be exported')
    W = ctx.array(1)
    b = ctx.array(2)
    in_h, in_w = ctx.shape(0)[2:]
    out_shape = ctx.out_shape()
    kh, kw = W.shape[2:]
    expected = tuple(
        s * (size - 1) + d * (k - 1) + 1 - 2 * p for size, k, s, p, d in zip(
            (in_h, in_w), (kh, kw), node.stride, node.pad, node.dilate))
    if out_shape is not None and tuple(out_shape[2:]) != expected:
        _unsupported(ctx, 'its output size {} is not the one Caffe computes, {} '
                     '(outsize cannot be exported)'.format(
                         tuple(out_shape[2:]), expected))
    _add_convolution_layer(ctx, 'Deconvolution', W, b, W.shape[1] * node.groups)


def _add_convolution_layer(ctx, kind, W, b, num_output):
    """A Convolution or Deconvolution layer of the node's geometry, with the
    filters ``W`` and the bias ``b`` (or none) as blobs."""
    node = ctx.node
    layer = ctx.add_layer(kind, [ctx.bottom(0)])
    param = layer.convolution_param
    param.num_output = num_output
    param.bias_term = b is not None
    _set_window(param, W.shape[2:], node.stride, node.pad)
    param.group = node.groups
    if any(d != 1 for d in node.dilate):
        param.dilation.extend(node.dilate)
    _add_blobs(layer, W, b)


def _set_window(param, ksize, stride, pad):
    param.pad_h, param.pad_w = (int(p) for p in pad)
    param.kernel_h, param.kernel_w = (int(k) for k in ksize)
    param.stride_h, param.stride_w = (int(s) for s in stride)


def _convert_pooling(ctx):
    node = ctx.node
    if node.ndim != 2:
        _unsupported(ctx, 'only 2-D pooling can be exported')
    is_max = isinstance(node, _max_pooling.MaxPoolingND)
    if not is_max and getattr(node, 'pad_value', 0) is None:
        _unsupported(ctx, 'Caffe counts the padding in averages (pad_value=0)')
    layer = ctx.add_layer('Pooling', [ctx.bottom(0)])
    param = layer.pooling_param
    param.pool = param.MAX if is_max else param.AVE
    _set_window(param, node.ksize, node.stride, node.pad)
    in_shape = ctx.shape(0)
    out_shape = ctx.out_shape()
    caffe_shape = tuple(_pooled_size_caffe(size, k, s, p) for size, k, s, p in zip(
        in_shape[2:], node.ksize, node.stride, node.pad))
    if out_shape is not None and tuple(out_shape[2:]) != caffe_shape:
        warnings.warn(
            'caffe.export: Caffe computes the {} layer "{}" with an output of size '
            '{} (it rounds up), where Chainer gave {}'.format(
                'max pooling' if is_max else 'average pooling', ctx.name,
                caffe_shape, tuple(out_shape[2:])))


def _convert_fixed_batch_normalization(ctx):
    node = ctx.node
    ndim = len(ctx.shape(0))
    axis = tuple(getattr(node, '_axis', None) or ())  # normalized in forward
    if axis != (0,) + tuple(range(2, ndim)):
        _unsupported(ctx, 'Caffe normalizes over all axes but the second')
    gamma, beta, mean, var = (ctx.array(i) for i in range(1, 5))
    bn_name = ctx.name + '_bn'
    bn = ctx.add_layer('BatchNorm', [ctx.bottom(0)], name=bn_name, tops=[bn_name])
    bn.batch_norm_param.use_global_stats = True
    bn.batch_norm_param.eps = float(node.eps)
    _add_blob(bn, mean)
    _add_blob(bn, var)
    _add_blob(bn, numpy.ones((1,), numpy.float32))
    scale = ctx.add_layer('Scale', [bn_name])
    scale.scale_param.axis = 1
    scale.scale_param.bias_term = True
    _add_blob(scale, gamma)
    _add_blob(scale, beta)


def _convert_batch_normalization(ctx):
    _unsupported(ctx, 'it normalizes with the statistics of the batch; export '
                 'in test mode, where BatchNormalization links use their running '
                 'statistics')


def _convert_lrn(ctx):
    node = ctx.node
    layer = ctx.add_layer('LRN', [ctx.bottom(0)])
    param = layer.lrn_param
    param.norm_region = param.ACROSS_CHANNELS
    param.local_size = int(node.n)
    param.alpha = float(node.alpha) * node.n
    param.beta = float(node.beta)
    param.k = float(node.k)


def _convert_relu(ctx):
    ctx.add_layer('ReLU', [ctx.bottom(0)])


def _convert_leaky_relu(ctx):
    layer = ctx.add_layer('ReLU', [ctx.bottom(0)])
    layer.relu_param.negative_slope = float(ctx.node.slope)


def _convert_sigmoid(ctx):
    ctx.add_layer('Sigmoid', [ctx.bottom(0)])


def _convert_tanh(ctx):
    ctx.add_layer('TanH', [ctx.bottom(0)])


def _convert_softmax(ctx):
    if ctx.node.axis not in (1, 1 - len(ctx.shape(0))):
        _unsupported(ctx, 'only softmax over axis 1 can be exported')
    ctx.add_layer('Softmax', [ctx.bottom(0)])


def _convert_concat(ctx):
    bottoms = [ctx.bottom(i) for i in range(len(ctx.node.inputs))]
    layer = ctx.add_layer('Concat', bottoms)
    layer.concat_param.axis = int(ctx.node.axis)


def _convert_split_axis(ctx):
    node = ctx.node
    layer = ctx.add_layer('Slice', [ctx.bottom(0)])
    layer.slice_param.axis = int(node._axis)  # both set by forward
    layer.slice_param.slice_point.extend(int(p) for p in node._points)


def _convert_reshape(ctx):
    layer = ctx.add_layer('Reshape', [ctx.bottom(0)])
    # The shape as requested (-1 kept: Caffe infers it the same way).
    layer.reshape_param.shape.dim.extend(int(d) for d in ctx.node.shape)


def _convert_add(ctx):
    ctx.add_layer('Eltwise', [ctx.bottom(0), ctx.bottom(1)])


_EXPORTABLE = (
    'linear, convolution_2d, deconvolution_2d, max_pooling_2d, average_pooling_2d, '
    'fixed_batch_normalization (BatchNormalization in test mode), '
    'local_response_normalization, relu, leaky_relu, sigmoid, tanh, softmax, '
    'concat, split_axis, reshape and add (x + y)')

_CONVERTERS = [
    (_linear.LinearFunction, _convert_linear),
    (_convolution_nd.ConvolutionND, _convert_convolution),
    (_convolution_nd.DeconvolutionND, _convert_deconvolution),
    (_max_pooling.MaxPoolingND, _convert_pooling),
    (_average_pooling.AveragePoolingND, _convert_pooling),
    (_batch_norm.FixedBatchNormalization, _convert_fixed_batch_normalization),
    (_batch_norm.BatchNormalization, _convert_batch_normalization),
    (_lrn.LocalResponseNormalization, _convert_lrn),
    (_relu.ReLU, _convert_relu),
    (_leaky_relu.LeakyReLU, _convert_leaky_relu),
    (_sigmoid.Sigmoid, _convert_sigmoid),
    (_tanh.Tanh, _convert_tanh),
    (_softmax.Softmax, _convert_softmax),
    (_concat.Concat, _convert_concat),
    (_split_axis.SplitAxis, _convert_split_axis),
    (_reshape.Reshape, _convert_reshape),
    (_basic_math.Add, _convert_add),
]


def _converter_for(node):
    for cls, converter in _CONVERTERS:
        if isinstance(node, cls):
            return converter
    raise NotImplementedError(
        'caffe.export: {} has no Caffe layer; the functions that can be exported '
        'are {}'.format(node.label, _EXPORTABLE))
