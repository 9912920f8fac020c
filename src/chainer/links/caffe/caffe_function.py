"""Run a trained Caffe network (a binary ``.caffemodel``) as a Chainer link."""
import functools
import warnings

import numpy

import chainer
from chainer import functions
from chainer import link
from chainer import links
from chainer.links.caffe.protobuf3 import caffe_pb2 as caffe_pb
from chainer.utils import argument
from chainer.utils import conv_nd


# Layer types that feed data into a Caffe network; the user gives those blobs as
# ``inputs``, so these layers are skipped without a warning.
_DATA_LAYERS = frozenset([
    'Data', 'ImageData', 'HDF5Data', 'MemoryData', 'DummyData', 'WindowData',
    'AnnotatedData', 'VideoData', 'Input'])

# V1 (``layers { type: CONVOLUTION }``) layer types: enum name -> current type name.
_V1_TYPES = {
    'ABSVAL': 'AbsVal', 'CONCAT': 'Concat', 'CONVOLUTION': 'Convolution',
    'DATA': 'Data', 'DECONVOLUTION': 'Deconvolution', 'DROPOUT': 'Dropout',
    'DUMMY_DATA': 'DummyData', 'ELTWISE': 'Eltwise', 'FLATTEN': 'Flatten',
    'HDF5_DATA': 'HDF5Data', 'IMAGE_DATA': 'ImageData',
    'INNER_PRODUCT': 'InnerProduct', 'LRN': 'LRN', 'MEMORY_DATA': 'MemoryData',
    'POOLING': 'Pooling', 'POWER': 'Power', 'RELU': 'ReLU', 'SIGMOID': 'Sigmoid',
    'SLICE': 'Slice', 'SOFTMAX': 'Softmax', 'SOFTMAX_LOSS': 'SoftmaxWithLoss',
    'SPLIT': 'Split', 'TANH': 'TanH', 'WINDOW_DATA': 'WindowData',
}

_setup_methods = {}


def _layer(*types):
    """Register the decorated method as the builder of the given layer types."""
    def register(method):
        for typ in types:
            _setup_methods[typ] = method
        return method
    return register


class _CallChildLink(object):
    """Calls the child link ``name`` of the CaffeFunction it is run from (with
    ``kwargs``; in test mode if ``test_mode``)."""

    def __init__(self, caffe_func, name, test_mode=False, **kwargs):
        self.caffe_func = caffe_func
        self.name = name
        self.test_mode = test_mode
        self.kwargs = kwargs

    def __call__(self, *xs):
        return self.call(self.caffe_func, *xs)

    def call(self, caffe_func, *xs):
        child = getattr(caffe_func, self.name)
        if self.test_mode:
            with chainer.using_config('train', False):
                return child(*xs, **self.kwargs)
        return child(*xs, **self.kwargs)


class CaffeFunction(link.Chain):

    """Caffe emulator: a trained Caffe network run on Chainer variables.

    Reads a binary Caffe model (``.caffemodel``, a serialized ``NetParameter``)
    and builds, for each of its layers, the Chainer link (with the trained
    weights copied in) or function that computes the same thing. Calling the
    object runs the layers in file order on the blobs given as ``inputs`` and
    returns the blobs named in ``outputs``. Links are registered as children
    under their layer names, so the weights can be saved with
    :func:`~chainer.serializers.save_npz`, copied to a GPU with ``to_gpu``, or
    fine-tuned with an optimizer.

    Supported layer types (Caffe's current names; the V1 ``layers`` format with
    upper-case type names is read too):

    - ``Convolution`` and ``Deconvolution`` (2-D; groups become a block-diagonal
      weight of a :class:`~chainer.links.Convolution2D` /
      :class:`~chainer.links.Deconvolution2D`), ``InnerProduct``
      (:class:`~chainer.links.Linear`)
    - ``Pooling`` (``MAX`` and ``AVE``, global pooling; the output size and the
      border windows follow Caffe's rounding up), ``LRN`` (across channels)
    - ``BatchNorm`` (:class:`~chainer.links.BatchNormalization` without scale and
      shift, running statistics from the blobs), ``Scale``, ``Bias``
    - ``ReLU`` (leaky with ``negative_slope``), ``PReLU``, ``ELU``, ``Sigmoid``,
      ``TanH``, ``AbsVal``, ``Power``, ``Softmax``, ``SoftmaxWithLoss``,
      ``Dropout``
    - ``Concat``, ``Slice``, ``Split``, ``Eltwise`` (``PROD``, ``SUM`` with
      coefficients, ``MAX``), ``Reshape``, ``Flatten``

    It ignores data layers (``Data``, ``Input``, ...: give their blobs as
    ``inputs``), layers of other types (with a warning), layers without top
    blobs, and at call time layers whose bottom blobs are neither given nor
    computed. Layer include/exclude rules by phase are not applied: use
    ``disable`` to skip layers, and ``chainer.config.train`` for the behaviour
    of dropout and batch normalization.

    .. admonition:: Example

       Extract the class scores of BVLC's reference CaffeNet::

           >>> func = CaffeFunction('path/to/bvlc_reference_caffenet.caffemodel')
           >>> with chainer.using_config('train', False):
           ...     y, = func(inputs={'data': x}, outputs=['fc8'])

       and save the weights in Chainer's format::

           >>> chainer.serializers.save_npz('caffenet.npz', func)

    Args:
        model_path (str): path to the binary Caffe model file.

    Attributes:
        forwards (dict): layer name -> the callable that computes the layer.
        split_map (dict): top blob name of a ``Split`` layer -> its bottom blob
            name (the blobs are the same array).
        layers (list): ``(layer name, bottom names, top names)`` of each layer in
            the order they run, bottom names already resolved through
            ``split_map``.
    """

    def __init__(self, model_path):
        super(CaffeFunction, self).__init__()

        net = caffe_pb.NetParameter()
        with open(model_path, 'rb') as f:
            content = f.read()
        try:
            net.MergeFromString(content)
        except Exception as e:
            raise ValueError(
                'CaffeFunction: {!r} is not a binary Caffe model (.caffemodel, a '
                'serialized NetParameter): {}'.format(model_path, e)) from e

        self.forwards = {}
        self.split_map = {}
        self.layers = []

        if net.layer:
            for layer in net.layer:
                self._setup_layer(layer.type, layer)
        else:
            v1_names = caffe_pb.V1LayerParameter.LayerType
            for layer in net.layers:
                enum_name = v1_names.Name(layer.type) if layer.type in \
                    v1_names.values() else str(layer.type)
                self._setup_layer(_V1_TYPES.get(enum_name, enum_name), layer)

    def _setup_layer(self, typ, layer):
        if typ in _DATA_LAYERS:
            return
        method = _setup_methods.get(typ)
        if method is None:
            warnings.warn(
                'Skip the layer "{}", since CaffeFunction does not support {} '
                'layer'.format(layer.name, typ))
            return
        method(self, layer)

    def forward(self, inputs, outputs, disable=(), **kwargs):
        """Run the network from the given blobs to the requested ones.

        Only the layers that the requested outputs depend on are run.

        Args:
            inputs (dict): blob name -> input (:class:`~chainer.Variable` or
                array), typically ``{'data': x}``.
            outputs (list of str): names of the blobs to return.
            disable (list of str): names of layers to skip.

        Returns:
            tuple of Variables: the blobs named in ``outputs``, in that order.
        """
        if kwargs:
            argument.check_unexpected_kwargs(
                kwargs, train='train argument is not supported anymore. '
                'Use chainer.using_config')
            argument.assert_kwargs_empty(kwargs)

        variables = {name: chainer.as_variable(x) for name, x in inputs.items()}
        disable = set(disable)
        wanted = [self.split_map.get(name, name) for name in outputs]

        # The layers the outputs depend on, found backwards from the outputs.
        needed_blobs = set(wanted)
        run = [False] * len(self.layers)
        for i in range(len(self.layers) - 1, -1, -1):
            name, bottoms, tops = self.layers[i]
            if name not in disable and needed_blobs.intersection(tops):
                run[i] = True
                needed_blobs.difference_update(tops)
                needed_blobs.update(bottoms)

        for (name, bottoms, tops), needed in zip(self.layers, run):
            if not needed or any(b not in variables for b in bottoms):
                continue
            func = self.forwards[name]
            xs = [variables[b] for b in bottoms]
            if isinstance(func, _CallChildLink):
                ys = func.call(self, *xs)
            else:
                ys = func(*xs)
            if not isinstance(ys, (tuple, list)):
                ys = (ys,)
            for top, y in zip(tops, ys):
                variables[top] = y

        missing = [name for name, blob in zip(outputs, wanted)
                   if blob not in variables]
        if missing:
            raise KeyError(
                'CaffeFunction: the output blob(s) {} were neither given in inputs '
                '({}) nor computed by a layer (check the names, the inputs the '
                'layers need, and disable)'.format(
                    ', '.join(map(repr, missing)),
                    ', '.join(map(repr, sorted(inputs))) or 'none'))
        return tuple(variables[blob] for blob in wanted)

    # -- registration --------------------------------------------------------

    def _add_layer(self, layer, func):
        if not layer.top:
            return  # nothing to compute for anyone
        self.forwards[layer.name] = func
        bottoms = [self.split_map.get(b, b) for b in layer.bottom]
        self.layers.append((layer.name, bottoms, list(layer.top)))

    def _add_link(self, layer, child, **call_kwargs):
        if not layer.top:
            return
        self.add_link(layer.name, child)
        self._add_layer(layer, _CallChildLink(self, layer.name, **call_kwargs))

    # -- layer builders ------------------------------------------------------

    def _add_grouped_link(self, layer, func, W, group, n_out):
        """Add a (de)convolution link whose Caffe filters ``W`` hold ``group``
        diagonal blocks of ``func.W`` (Caffe keeps only the blocks of a grouped
        filter bank), and its bias."""
        rows, cols = W.shape[0] // group, W.shape[1]
        for g in range(group):
            block = slice(g * rows, (g + 1) * rows)
            func.W.array[block, g * cols:(g + 1) * cols] = W[block]
        if layer.convolution_param.bias_term:
            func.b.array[...] = _blob_data(layer, 1, n_out)
        self._add_link(layer, func)

    @_layer('Concat')
    def _setup_concat(self, layer):
        param = layer.concat_param
        axis = param.axis
        if not param.HasField('axis') and param.HasField('concat_dim'):
            axis = param.concat_dim
        self._add_layer(layer, functools.partial(_concat, axis=axis))

    @_layer('Convolution')
    def _setup_convolution(self, layer):
        param = layer.convolution_param
        ksize, stride, pad, dilate = _convolution_geometry(layer, param, 'Convolution')
        kh, kw = conv_nd.as_tuple(ksize, 2)
        n_out, n_in = _blob_dims(layer, 0)[:2]
        group = param.group
        W = _blob_data(layer, 0).reshape(n_out, n_in, kh, kw)

        func = links.Convolution2D(
            n_in * group, n_out, ksize, stride, pad, nobias=not param.bias_term,
            initialW=0, initial_bias=0, dilate=dilate)
        self._add_grouped_link(layer, func, W, group, n_out)

    @_layer('Deconvolution')
    def _setup_deconvolution(self, layer):
        param = layer.convolution_param
        ksize, stride, pad, dilate = _convolution_geometry(layer, param, 'Deconvolution')
        kh, kw = conv_nd.as_tuple(ksize, 2)
        n_in, out_per_group = _blob_dims(layer, 0)[:2]
        group = param.group
        n_out = out_per_group * group
        W = _blob_data(layer, 0).reshape(n_in, out_per_group, kh, kw)

        kwargs = {} if dilate == 1 else {'dilate': dilate}
        func = links.Deconvolution2D(
            n_in, n_out, ksize, stride, pad, nobias=not param.bias_term,
            initialW=0, initial_bias=0, **kwargs)
        self._add_grouped_link(layer, func, W, group, n_out)

    @_layer('Data')
    def _setup_data(self, layer):
        pass  # data layers are skipped (see _DATA_LAYERS)

    @_layer('Dropout')
    def _setup_dropout(self, layer):
        ratio = layer.dropout_param.dropout_ratio
        self._add_layer(layer, functools.partial(_dropout, ratio=ratio))

    @_layer('InnerProduct')
    def _setup_inner_product(self, layer):
        param = layer.inner_product_param
        if param.axis != 1:
            raise RuntimeError(
                'InnerProduct layer "{}": only axis 1 is supported (given {})'.format(
                    layer.name, param.axis))
        dims = _blob_dims(layer, 0)
        if len(dims) == 2:
            rows, cols = dims
        elif len(dims) == 4:  # the old 4-D layout (1, 1, out, in)
            rows, cols = dims[2:]
        else:
            raise RuntimeError(
                'InnerProduct layer "{}": the weight blob has {} dimensions ({}); '
                'expected 2 or 4'.format(layer.name, len(dims), tuple(dims)))
        W = _blob_data(layer, 0).reshape(rows, cols)
        if param.transpose:
            W = W.T
        n_out, n_in = W.shape
        func = links.Linear(n_in, n_out, nobias=not param.bias_term,
                            initialW=0, initial_bias=0)
        func.W.array[...] = W
        if param.bias_term:
            func.b.array[...] = _blob_data(layer, 1, n_out)
        self._add_link(layer, func)

    @_layer('LRN')
    def _setup_lrn(self, layer):
        param = layer.lrn_param
        if param.norm_region != param.ACROSS_CHANNELS:
            raise RuntimeError(
                'LRN layer "{}": only norm_region ACROSS_CHANNELS is '
                'supported'.format(layer.name))
        n = param.local_size
        self._add_layer(layer, functools.partial(
            _lrn, n=n, k=param.k, alpha=param.alpha / n, beta=param.beta))

    @_layer('Pooling')
    def _setup_pooling(self, layer):
        param = layer.pooling_param
        if param.pool == param.MAX:
            function = _max_pooling
        elif param.pool == param.AVE:
            function = _average_pooling
        else:
            raise RuntimeError(
                'Pooling layer "{}": only MAX and AVE pooling are supported (given '
                '{})'.format(layer.name, param.PoolMethod.Name(param.pool)))
        if param.global_pooling:
            self._add_layer(layer, functools.partial(_global_pooling, function))
            return
        if param.HasField('kernel_h') or param.HasField('kernel_w'):
            ksize = (param.kernel_h, param.kernel_w)
        else:
            ksize = param.kernel_size
        if param.HasField('stride_h') or param.HasField('stride_w'):
            stride = (param.stride_h, param.stride_w)
        else:
            stride = param.stride
        if param.HasField('pad_h') or param.HasField('pad_w'):
            pad = (param.pad_h, param.pad_w)
        else:
            pad = param.pad
        self._add_layer(layer, functools.partial(
            function, ksize=ksize, stride=stride, pad=pad))

    @_layer('ReLU')
    def _setup_relu(self, layer):
        slope = layer.relu_param.negative_slope
        if slope == 0:
            self._add_layer(layer, _relu)
        else:
            self._add_layer(layer, functools.partial(_leaky_relu, slope=slope))

    @_layer('Reshape')
    def _setup_reshape(self, layer):
        param = layer.reshape_param
        self._add_layer(layer, functools.partial(
            _reshape, dims=list(param.shape.dim), axis=param.axis,
            num_axes=param.num_axes))

    @_layer('Flatten')
    def _setup_flatten(self, layer):
        param = layer.flatten_param
        self._add_layer(layer, functools.partial(
            _flatten, axis=param.axis, end_axis=param.end_axis))

    @_layer('BatchNorm')
    def _setup_batchnorm(self, layer):
        param = layer.batch_norm_param
        size = int(numpy.prod(_blob_dims(layer, 0)))
        func = links.BatchNormalization(
            size, decay=param.moving_average_fraction, eps=param.eps,
            use_gamma=False, use_beta=False)
        # Caffe keeps running sums and their weight (the third blob).
        factor = 1.0
        if len(layer.blobs) > 2:
            weight = _blob_data(layer, 2)
            factor = 0.0 if weight[0] == 0 else 1.0 / float(weight[0])
        func.avg_mean[...] = _blob_data(layer, 0, size) * factor
        func.avg_var[...] = _blob_data(layer, 1, size) * factor
        # use_global_stats: always normalize with the stored statistics.
        self._add_link(layer, func, test_mode=param.use_global_stats,
                       finetune=False)

    @_layer('Eltwise')
    def _setup_eltwise(self, layer):
        param = layer.eltwise_param
        if param.operation == param.PROD:
            self._add_layer(layer, _eltwise_prod)
        elif param.operation == param.SUM:
            self._add_layer(layer, functools.partial(
                _eltwise_sum, coeffs=list(param.coeff) or None))
        elif param.operation == param.MAX:
            self._add_layer(layer, _eltwise_max)
        else:  # pragma: no cover - the enum has no other value
            raise RuntimeError('Eltwise layer "{}": unknown operation {}'.format(
                layer.name, param.operation))

    @_layer('Scale')
    def _setup_scale(self, layer):
        param = layer.scale_param
        axis = param.axis
        bias_term = param.bias_term
        if len(layer.bottom) >= 2:
            # The scale is the second input; a bias, if any, is the only blob.
            bias_shape = None
            if bias_term:
                if not layer.blobs:
                    raise RuntimeError(
                        'Scale layer "{}" has a bias term but no bias blob'.format(
                            layer.name))
                bias_shape = tuple(_blob_dims(layer, 0))
            func = links.Scale(axis=axis, bias_term=bias_term, bias_shape=bias_shape)
            if bias_term:
                func.bias.b.array[...] = _blob_data(layer, 0).reshape(bias_shape)
        else:
            W_shape = tuple(_blob_dims(layer, 0))
            func = links.Scale(axis=axis, W_shape=W_shape, bias_term=bias_term)
            func.W.array[...] = _blob_data(layer, 0).reshape(W_shape)
            if bias_term:
                func.bias.b.array[...] = _blob_data(layer, 1).reshape(W_shape)
        self._add_link(layer, func)

    @_layer('Bias')
    def _setup_bias(self, layer):
        axis = layer.bias_param.axis
        if len(layer.bottom) >= 2:
            self._add_layer(layer, functools.partial(_bias, axis=axis))
            return
        shape = tuple(_blob_dims(layer, 0))
        func = links.Bias(axis=axis, shape=shape)
        func.b.array[...] = _blob_data(layer, 0).reshape(shape)
        self._add_link(layer, func)

    @_layer('PReLU')
    def _setup_prelu(self, layer):
        if layer.prelu_param.channel_shared:
            raise RuntimeError(
                'PReLU layer "{}": channel_shared is not supported'.format(layer.name))
        shape = tuple(_blob_dims(layer, 0))
        func = links.PReLU(shape=shape)
        func.W.array[...] = _blob_data(layer, 0).reshape(shape)
        self._add_link(layer, func)

    @_layer('Slice')
    def _setup_slice(self, layer):
        param = layer.slice_param
        if param.HasField('axis'):
            axis = param.axis
        elif param.HasField('slice_dim'):
            axis = param.slice_dim
        else:
            axis = 1
        if param.slice_point:
            sections = list(param.slice_point)
        else:
            sections = len(layer.top)
        self._add_layer(layer, functools.partial(
            _split_axis, indices_or_sections=sections, axis=axis))

    @_layer('Sigmoid')
    def _setup_sigmoid(self, layer):
        self._add_layer(layer, _sigmoid)

    @_layer('TanH')
    def _setup_tanh(self, layer):
        self._add_layer(layer, _tanh)

    @_layer('AbsVal')
    def _setup_absval(self, layer):
        self._add_layer(layer, _absolute)

    @_layer('ELU')
    def _setup_elu(self, layer):
        self._add_layer(layer, functools.partial(_elu, alpha=layer.elu_param.alpha))

    @_layer('Power')
    def _setup_power(self, layer):
        param = layer.power_param
        self._add_layer(layer, functools.partial(
            _power, power=param.power, scale=param.scale, shift=param.shift))

    @_layer('Softmax')
    def _setup_softmax(self, layer):
        _check_softmax_axis(layer)
        self._add_layer(layer, _softmax)

    @_layer('SoftmaxWithLoss')
    def _setup_softmax_with_loss(self, layer):
        _check_softmax_axis(layer)
        param = layer.loss_param
        normalization = param.normalization
        if not param.HasField('normalization') and param.HasField('normalize'):
            normalization = param.VALID if param.normalize else param.BATCH_SIZE
        ignore_label = param.ignore_label if param.HasField('ignore_label') else None
        if normalization == param.VALID and ignore_label is None:
            self._add_layer(layer, _softmax_cross_entropy)
        else:
            self._add_layer(layer, functools.partial(
                _softmax_cross_entropy_normalized,
                normalization=param.NormalizationMode.Name(normalization),
                ignore_label=ignore_label))

    @_layer('Split')
    def _setup_split(self, layer):
        bottom = self.split_map.get(layer.bottom[0], layer.bottom[0])
        for top in layer.top:
            self.split_map[top] = bottom


# -- helpers for reading layers ----------------------------------------------

def _blob(layer, index):
    if len(layer.blobs) <= index:
        raise RuntimeError(
            'layer "{}" ({}) has {} parameter blob(s); blob {} is needed (is this a '
            'trained .caffemodel?)'.format(
                layer.name, layer.type, len(layer.blobs), index))
    return layer.blobs[index]


def _blob_dims(layer, index):
    blob = _blob(layer, index)
    if blob.HasField('shape'):
        return list(blob.shape.dim)
    # The old 4-D layout; unset trailing sizes are 0.
    return [blob.num, blob.channels, blob.height, blob.width]


def _blob_data(layer, index, size=None):
    blob = _blob(layer, index)
    values = blob.data if len(blob.data) or not len(blob.double_data) \
        else blob.double_data
    data = numpy.array(values, dtype=numpy.float32)
    if size is not None and data.size != size:
        raise RuntimeError(
            'layer "{}" ({}): blob {} holds {} values, expected {}'.format(
                layer.name, layer.type, index, data.size, size))
    return data


def _pair_param(values, param, name_h, name_w, default):
    """A size given per spatial axis (``kernel_h``/``kernel_w``) or repeated."""
    if name_h is not None and (param.HasField(name_h) or param.HasField(name_w)):
        return getattr(param, name_h), getattr(param, name_w)
    if len(values) == 0:
        return default
    if len(values) == 1:
        return values[0]
    return tuple(values)


def _convolution_geometry(layer, param, kind):
    """``(ksize, stride, pad, dilate)`` of a 2-d (de)convolution layer."""
    _check_2d_convolution(layer, param)
    ksize = _pair_param(param.kernel_size, param, 'kernel_h', 'kernel_w', None)
    stride = _pair_param(param.stride, param, 'stride_h', 'stride_w', 1)
    pad = _pair_param(param.pad, param, 'pad_h', 'pad_w', 0)
    dilate = _pair_param(param.dilation, param, None, None, 1)
    if ksize is None:
        raise RuntimeError('{} layer "{}" gives no kernel size'.format(
            kind, layer.name))
    return ksize, stride, pad, dilate


def _check_2d_convolution(layer, param):
    if param.axis != 1 or any(len(v) > 2 for v in (
            param.kernel_size, param.stride, param.pad, param.dilation)):
        raise RuntimeError(
            '{} layer "{}": only 2-D convolution over axis 1 is supported'.format(
                layer.type, layer.name))


def _check_softmax_axis(layer):
    if layer.softmax_param.axis != 1:
        raise RuntimeError(
            '{} layer "{}": only axis 1 is supported (given {})'.format(
                layer.type, layer.name, layer.softmax_param.axis))


# -- what the layers compute (module functions, so the object pickles) -------

def _concat(*xs, axis):
    return functions.concat(xs, axis=axis)


def _dropout(x, ratio):
    return functions.dropout(x, ratio=ratio)


def _lrn(x, n, k, alpha, beta):
    return functions.local_response_normalization(
        x, n=n, k=k, alpha=alpha, beta=beta)


def _caffe_pooled_size(size, k, s, p):
    """Caffe's pooling output size: rounded up, the last window starting inside."""
    out = -(-(size + 2 * p - k) // s) + 1
    if p > 0 and (out - 1) * s >= size + p:
        out -= 1
    return out


def _pooling_axes(x, ksize, stride, pad):
    """``(size, k, s, p)`` for each of the two spatial axes of ``x``."""
    return list(zip(x.shape[2:], conv_nd.as_tuple(ksize, 2), conv_nd.as_tuple(stride, 2),
                    conv_nd.as_tuple(pad, 2)))


def _needs_caffe_rounding(x, ksize, stride, pad):
    if x.ndim != 4:
        return False
    return any((size + 2 * p - k) % s != 0
               for size, k, s, p in _pooling_axes(x, ksize, stride, pad))


def _max_pooling(x, ksize, stride, pad):
    y = functions.max_pooling_2d(x, ksize, stride=stride, pad=pad)
    if _needs_caffe_rounding(x, ksize, stride, pad):
        # Chainer's cover_all rounds up too, but may add one window that starts
        # in the padding, which Caffe drops.
        out = [_caffe_pooled_size(*axis) for axis in _pooling_axes(x, ksize, stride, pad)]
        if tuple(out) != y.shape[2:]:
            y = y[:, :, :out[0], :out[1]]
    return y


def _average_pooling(x, ksize, stride, pad):
    if not _needs_caffe_rounding(x, ksize, stride, pad):
        # Windows tile the padded input exactly: Caffe and Chainer agree.
        return functions.average_pooling_2d(x, ksize, stride=stride, pad=pad)
    # Caffe rounds the output size up, and divides each window sum by the part
    # of the window inside the padded input.
    xp = chainer.backend.get_array_module(x)
    counts = []
    extra = []
    for size, k, s, p in _pooling_axes(x, ksize, stride, pad):
        out = _caffe_pooled_size(size, k, s, p)
        starts = numpy.arange(out) * s - p
        counts.append(numpy.minimum(starts + k, size + p) - starts)
        extra.append((out - 1) * s + k - size - p)
    (ph, pw), (right_h, right_w) = conv_nd.as_tuple(pad, 2), extra
    # Crop what no window reaches, pad with zeros what windows reach past the end.
    x = x[:, :, :x.shape[2] + min(right_h, 0), :x.shape[3] + min(right_w, 0)]
    x = functions.pad(x, ((0, 0), (0, 0), (ph, max(right_h, 0)),
                          (pw, max(right_w, 0))), mode='constant')
    kh, kw = conv_nd.as_tuple(ksize, 2)
    sums = functions.average_pooling_2d(x, ksize, stride=stride, pad=0) * (kh * kw)
    divisor = xp.asarray(numpy.outer(counts[0], counts[1]).astype(x.dtype))
    return sums / functions.broadcast_to(divisor, sums.shape)


def _global_pooling(function, x):
    return function(x, ksize=tuple(x.shape[2:]), stride=1, pad=0)


def _relu(x):
    return functions.relu(x)


def _leaky_relu(x, slope):
    return functions.leaky_relu(x, slope=slope)


def _reshape(x, dims, axis, num_axes):
    if axis == 0 and num_axes == -1 and 0 not in dims:
        shape = dims
    else:
        in_shape = list(x.shape)
        start = axis if axis >= 0 else len(in_shape) + axis + 1
        end = len(in_shape) if num_axes == -1 else start + num_axes
        middle = [in_shape[start + i] if d == 0 else d for i, d in enumerate(dims)]
        shape = in_shape[:start] + middle + in_shape[end:]
    return functions.reshape(x, shape=shape)


def _flatten(x, axis, end_axis):
    shape = list(x.shape)
    start = axis % len(shape)
    end = end_axis % len(shape)
    flat = int(numpy.prod(shape[start:end + 1]))
    return functions.reshape(x, tuple(shape[:start] + [flat] + shape[end + 1:]))


def _eltwise_prod(*xs):
    y = xs[0]
    for x in xs[1:]:
        y = y * x
    return y


def _eltwise_sum(*xs, coeffs):
    if coeffs is None:
        y = xs[0]
        for x in xs[1:]:
            y = y + x
        return y
    if len(coeffs) != len(xs):
        raise AssertionError(
            'Eltwise SUM: {} coefficients given for {} inputs; give one per '
            'input'.format(len(coeffs), len(xs)))
    y = xs[0] * coeffs[0]
    for x, c in zip(xs[1:], coeffs[1:]):
        y = y + x * c
    return y


def _eltwise_max(*xs):
    y = xs[0]
    for x in xs[1:]:
        y = functions.maximum(y, x)
    return y


def _bias(x, y, axis):
    return functions.bias(x, y, axis=axis)


def _split_axis(x, indices_or_sections, axis):
    return functions.split_axis(
        x, indices_or_sections=indices_or_sections, axis=axis)


def _sigmoid(x):
    return functions.sigmoid(x)


def _tanh(x):
    return functions.tanh(x)


def _absolute(x):
    return functions.absolute(x)


def _elu(x, alpha):
    return functions.elu(x, alpha=alpha)


def _power(x, power, scale, shift):
    y = x
    if scale != 1:
        y = y * scale
    if shift != 0:
        y = y + shift
    if power != 1:
        y = y ** power
    return y


def _softmax(x):
    return functions.softmax(x)


def _softmax_cross_entropy(*xs):
    return functions.softmax_cross_entropy(*xs)


def _softmax_cross_entropy_normalized(x, t, normalization, ignore_label):
    kwargs = {} if ignore_label is None else {'ignore_label': ignore_label}
    losses = functions.softmax_cross_entropy(x, t, reduce='no', **kwargs)
    total = functions.sum(losses)
    if normalization == 'NONE':
        return total
    if normalization == 'BATCH_SIZE':
        count = t.shape[0]
    elif normalization == 'FULL':
        count = t.size
    else:  # VALID
        t_array = chainer.as_array(t) if isinstance(t, chainer.Variable) else t
        count = int((t_array != (-1 if ignore_label is None
                                 else ignore_label)).sum())
    return total / max(count, 1)
