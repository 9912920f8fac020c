"""CaffeFunction on Caffe models built here, byte by byte with the protobuf classes.

Every expected value is computed in the test with NumPy (loops written out for
convolution and pooling, following Caffe's definitions).
"""
import pickle
import warnings

import numpy
import pytest

import chainer
from chainer.links import caffe
from chainer.links.caffe.caffe_function import caffe_pb


# -- building models ----------------------------------------------------------

def _blob(layer, array, legacy=False):
    array = numpy.asarray(array, numpy.float32)
    blob = layer.blobs.add()
    if legacy:  # the old num/channels/height/width layout
        dims = (1,) * (4 - array.ndim) + array.shape
        blob.num, blob.channels, blob.height, blob.width = dims
    else:
        blob.shape.dim.extend(array.shape)
    blob.data.extend(array.ravel().tolist())
    return blob


def _layer(net, name, typ, bottoms, tops, blobs=()):
    layer = net.layer.add(name=name, type=typ, bottom=bottoms, top=tops)
    for b in blobs:
        _blob(layer, b)
    return layer


def _load(tmp_path, net, name='model.caffemodel'):
    path = tmp_path / name
    path.write_bytes(net.SerializeToString())
    return caffe.CaffeFunction(str(path))


def _run(func, inputs, outputs, train=False):
    with chainer.using_config('train', train):
        return func(inputs=inputs, outputs=outputs)


def _rand(*shape, seed=0):
    return numpy.random.RandomState(seed).uniform(-1, 1, shape).astype(numpy.float32)


# -- NumPy references -----------------------------------------------------------

def _conv_ref(x, W, b, stride, pad, groups=1, dilate=1):
    n, c, h, w = x.shape
    co, cg, kh, kw = W.shape
    (sh, sw), (ph, pw), (dh, dw) = stride, pad, (dilate, dilate)
    xp = numpy.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    y = numpy.zeros((n, co, oh, ow), numpy.float64)
    per_group = co // groups
    for oc in range(co):
        g = oc // per_group
        for i in range(oh):
            for j in range(ow):
                patch = xp[:, g * cg:(g + 1) * cg,
                           i * sh:i * sh + dh * (kh - 1) + 1:dh,
                           j * sw:j * sw + dw * (kw - 1) + 1:dw]
                y[:, oc, i, j] = (patch * W[oc]).sum(axis=(1, 2, 3))
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def _deconv_ref(x, W, b, stride, pad, groups=1):
    n, c, h, w = x.shape
    _, og, kh, kw = W.shape
    (sh, sw), (ph, pw) = stride, pad
    full = numpy.zeros((n, og * groups, (h - 1) * sh + kh, (w - 1) * sw + kw))
    in_per_group = c // groups
    for ci in range(c):
        g = ci // in_per_group
        for i in range(h):
            for j in range(w):
                full[:, g * og:(g + 1) * og, i * sh:i * sh + kh, j * sw:j * sw + kw] += \
                    x[:, ci, i, j][:, None, None, None] * W[ci][None]
    y = full[:, :, ph:full.shape[2] - ph, pw:full.shape[3] - pw]
    if b is not None:
        y = y + b.reshape(1, -1, 1, 1)
    return y


def _caffe_pool_ref(x, k, s, p, method):
    """Caffe's pooling: output size rounded up, the last window starting inside
    the input or its leading padding; an average divides by the part of the
    window inside the padded input."""
    n, c, h, w = x.shape

    def out_size(size, k, s, p):
        o = int(numpy.ceil((size + 2 * p - k) / s)) + 1
        if p > 0 and (o - 1) * s >= size + p:
            o -= 1
        return o

    oh, ow = out_size(h, k[0], s[0], p[0]), out_size(w, k[1], s[1], p[1])
    y = numpy.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            hs, ws = i * s[0] - p[0], j * s[1] - p[1]
            he, we = min(hs + k[0], h + p[0]), min(ws + k[1], w + p[1])
            area = (he - hs) * (we - ws)
            window = x[:, :, max(hs, 0):min(he, h), max(ws, 0):min(we, w)]
            if method == 'max':
                y[:, :, i, j] = window.max(axis=(2, 3))
            else:
                y[:, :, i, j] = window.sum(axis=(2, 3)) / area
    return y


# -- layers ------------------------------------------------------------------------

@pytest.mark.parametrize('group,stride,pad,bias', [
    (1, (1, 1), (0, 0), True), (2, (2, 1), (1, 2), True), (3, (1, 2), (1, 0), False)])
def test_convolution_matches_numpy(tmp_path, group, stride, pad, bias):
    c_in, c_out = 2 * group, 2 * group
    W = _rand(c_out, c_in // group, 3, 2, seed=1)
    b = _rand(c_out, seed=2)
    x = _rand(2, c_in, 6, 5, seed=3)
    net = caffe_pb.NetParameter()
    layer = _layer(net, 'conv', 'Convolution', ['data'], ['y'], [W] + [b] * bias)
    p = layer.convolution_param
    p.num_output = c_out
    p.bias_term = bias
    p.group = group
    p.kernel_h, p.kernel_w = 3, 2
    p.stride_h, p.stride_w = stride
    p.pad_h, p.pad_w = pad
    func = _load(tmp_path, net)
    assert isinstance(func.conv, chainer.links.Convolution2D)
    # Groups become one block-diagonal weight, as in Chainer.
    assert func.conv.W.shape == (c_out, c_in, 3, 2)
    y, = _run(func, {'data': x}, ['y'])
    expected = _conv_ref(x.astype(numpy.float64), W, b if bias else None, stride,
                         pad, group)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-5)


def test_convolution_repeated_sizes_and_dilation(tmp_path):
    W = _rand(3, 2, 2, 2, seed=4)
    x = _rand(1, 2, 7, 7, seed=5)
    net = caffe_pb.NetParameter()
    layer = _layer(net, 'conv', 'Convolution', ['data'], ['y'], [W])
    p = layer.convolution_param
    p.bias_term = False
    p.kernel_size.append(2)
    p.stride.append(2)
    p.pad.append(1)
    p.dilation.append(2)
    y, = _run(_load(tmp_path, net), {'data': x}, ['y'])
    expected = _conv_ref(x.astype(numpy.float64), W, None, (2, 2), (1, 1), 1, 2)
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('group', [1, 2])
def test_deconvolution_matches_numpy(tmp_path, group):
    c_in, out_per_group = 2 * group, 3
    W = _rand(c_in, out_per_group, 3, 3, seed=6)
    b = _rand(out_per_group * group, seed=7)
    x = _rand(2, c_in, 3, 4, seed=8)
    net = caffe_pb.NetParameter()
    layer = _layer(net, 'up', 'Deconvolution', ['data'], ['y'], [W, b])
    p = layer.convolution_param
    p.num_output = out_per_group * group
    p.group = group
    p.kernel_size.append(3)
    p.stride.append(2)
    p.pad.append(1)
    func = _load(tmp_path, net)
    assert isinstance(func.up, chainer.links.Deconvolution2D)
    y, = _run(func, {'data': x}, ['y'])
    expected = _deconv_ref(x.astype(numpy.float64), W, b, (2, 2), (1, 1), group)
    assert y.shape == expected.shape
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('layout', ['2d', '4d', 'legacy', 'transpose'])
def test_inner_product_matches_numpy(tmp_path, layout):
    W = _rand(4, 6, seed=9)
    b = _rand(4, seed=10)
    x = _rand(3, 2, 3, seed=11)  # flattened from axis 1, as Caffe does
    net = caffe_pb.NetParameter()
    layer = _layer(net, 'fc', 'InnerProduct', ['data'], ['y'])
    if layout == '2d':
        _blob(layer, W)
    elif layout == '4d':
        _blob(layer, W.reshape(1, 1, 4, 6))
    elif layout == 'legacy':
        _blob(layer, W, legacy=True)
    else:
        _blob(layer, W.T)
        layer.inner_product_param.transpose = True
    _blob(layer, b)
    layer.inner_product_param.num_output = 4
    func = _load(tmp_path, net)
    assert func.fc.W.shape == (4, 6)
    y, = _run(func, {'data': x}, ['y'])
    numpy.testing.assert_allclose(y.array, x.reshape(3, 6) @ W.T + b, rtol=1e-5)


def _pool_net(method, kernel, stride, pad, global_pooling=False):
    net = caffe_pb.NetParameter()
    layer = _layer(net, 'pool', 'Pooling', ['data'], ['y'])
    p = layer.pooling_param
    p.pool = p.MAX if method == 'max' else p.AVE
    if global_pooling:
        p.global_pooling = True
    else:
        p.kernel_h, p.kernel_w = kernel
        p.stride_h, p.stride_w = stride
        p.pad_h, p.pad_w = pad
    return net


@pytest.mark.parametrize('method', ['max', 'ave'])
@pytest.mark.parametrize('shape,kernel,stride,pad', [
    ((6, 6), (2, 2), (2, 2), (0, 0)),   # windows tile the input
    ((7, 6), (3, 3), (2, 2), (1, 1)),   # windows tile the padded input
    ((7, 8), (3, 2), (2, 3), (0, 0)),   # Caffe rounds up: a partial window
    ((5, 6), (2, 3), (2, 2), (1, 1)),   # rounds up, then drops a window in the pad
    ((8, 8), (3, 3), (3, 3), (1, 1)),   # partial windows in the padding
])
def test_pooling_follows_caffe(tmp_path, method, shape, kernel, stride, pad):
    x = _rand(2, 3, *shape, seed=12)
    func = _load(tmp_path, _pool_net(method, kernel, stride, pad))
    y, = _run(func, {'data': x}, ['y'])
    expected = _caffe_pool_ref(x.astype(numpy.float64), kernel, stride, pad, method)
    assert y.shape == expected.shape
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize('method', ['max', 'ave'])
def test_global_pooling(tmp_path, method):
    x = _rand(2, 3, 4, 5, seed=13)
    func = _load(tmp_path, _pool_net(method, None, None, None, global_pooling=True))
    y, = _run(func, {'data': x}, ['y'])
    reduce = numpy.max if method == 'max' else numpy.mean
    numpy.testing.assert_allclose(
        y.array, reduce(x, axis=(2, 3), keepdims=True), rtol=1e-5)


def test_pooling_gradient_with_caffe_rounding(tmp_path):
    x = chainer.Variable(_rand(1, 1, 5, 5, seed=14))
    func = _load(tmp_path, _pool_net('ave', (2, 2), (2, 2), (0, 0)))
    y, = _run(func, {'data': x}, ['y'])
    chainer.functions.sum(y).backward()
    # Windows: rows/cols {0,1}, {2,3} and the partial {4}; each pixel gets
    # 1 / (area of its window).
    side = numpy.array([0.5, 0.5, 0.5, 0.5, 1.0])
    numpy.testing.assert_allclose(x.grad[0, 0], numpy.outer(side, side))


def test_lrn_matches_numpy(tmp_path):
    x = _rand(2, 7, 2, 2, seed=15)
    net = caffe_pb.NetParameter()
    p = _layer(net, 'norm', 'LRN', ['data'], ['y']).lrn_param
    p.local_size, p.alpha, p.beta, p.k = 5, 0.3, 0.75, 2.0
    y, = _run(_load(tmp_path, net), {'data': x}, ['y'])
    sq = numpy.pad(x.astype(numpy.float64) ** 2, ((0, 0), (2, 2), (0, 0), (0, 0)))
    window = sum(sq[:, i:i + 7] for i in range(5))
    expected = x / (2.0 + 0.3 / 5 * window) ** 0.75
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5)


@pytest.mark.parametrize('use_global_stats', [True, False])
def test_batchnorm_and_scale_match_numpy(tmp_path, use_global_stats):
    mean_sum, var_sum, weight = _rand(3, seed=16), _rand(3, seed=17) ** 2 + 1, 4.0
    gamma, beta = _rand(3, seed=18), _rand(3, seed=19)
    x = _rand(2, 3, 2, 2, seed=20)
    net = caffe_pb.NetParameter()
    bn = _layer(net, 'bn', 'BatchNorm', ['data'], ['h'],
                [mean_sum, var_sum, [weight]])
    bn.batch_norm_param.eps = 1e-3
    bn.batch_norm_param.use_global_stats = use_global_stats
    scale = _layer(net, 'scale', 'Scale', ['h'], ['y'], [gamma, beta])
    scale.scale_param.bias_term = True
    func = _load(tmp_path, net)
    numpy.testing.assert_allclose(func.bn.avg_mean, mean_sum / weight, rtol=1e-6)
    numpy.testing.assert_allclose(func.bn.avg_var, var_sum / weight, rtol=1e-6)

    def expected(mean, var):
        h = (x - mean.reshape(1, 3, 1, 1)) / numpy.sqrt(var.reshape(1, 3, 1, 1) + 1e-3)
        return h * gamma.reshape(1, 3, 1, 1) + beta.reshape(1, 3, 1, 1)

    y, = _run(func, {'data': x}, ['y'], train=False)
    numpy.testing.assert_allclose(
        y.array, expected(mean_sum / weight, var_sum / weight), rtol=1e-4, atol=1e-5)
    # In training mode, use_global_stats keeps the stored statistics;
    # otherwise the batch statistics are used.
    y, = _run(func, {'data': x}, ['y'], train=True)
    if use_global_stats:
        ref = expected(mean_sum / weight, var_sum / weight)
    else:
        ref = expected(x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3)))
    numpy.testing.assert_allclose(y.array, ref, rtol=1e-4, atol=1e-5)


def test_scale_with_two_bottoms_and_bias(tmp_path):
    x, s, bias = _rand(2, 3, 4, seed=21), _rand(3, 4, seed=22), _rand(3, 4, seed=23)
    net = caffe_pb.NetParameter()
    layer = _layer(net, 'scale', 'Scale', ['x', 's'], ['y'], [bias])
    layer.scale_param.axis = 1
    layer.scale_param.bias_term = True
    y, = _run(_load(tmp_path, net), {'x': x, 's': s}, ['y'])
    numpy.testing.assert_allclose(y.array, x * s + bias, rtol=1e-6)


def test_bias_layers(tmp_path):
    x, b1, b2 = _rand(2, 3, seed=24), _rand(3, seed=25), _rand(2, seed=26)
    net = caffe_pb.NetParameter()
    _layer(net, 'b1', 'Bias', ['x'], ['h'], [b1])
    layer = _layer(net, 'b2', 'Bias', ['h', 'b'], ['y'])
    layer.bias_param.axis = 0
    y, = _run(_load(tmp_path, net), {'x': x, 'b': b2}, ['y'])
    numpy.testing.assert_allclose(y.array, x + b1 + b2[:, None], rtol=1e-6)


def test_eltwise_operations(tmp_path):
    a, b, c = _rand(2, 3, seed=27), _rand(2, 3, seed=28), _rand(2, 3, seed=29)
    net = caffe_pb.NetParameter()
    _layer(net, 'prod', 'Eltwise', ['a', 'b', 'c'], ['prod']) \
        .eltwise_param.operation = caffe_pb.EltwiseParameter.PROD
    _layer(net, 'sum', 'Eltwise', ['a', 'b', 'c'], ['sum'])  # SUM is the default
    p = _layer(net, 'wsum', 'Eltwise', ['a', 'b', 'c'], ['wsum']).eltwise_param
    p.coeff.extend([0.5, -1.0, 2.0])
    _layer(net, 'max', 'Eltwise', ['a', 'b', 'c'], ['max']) \
        .eltwise_param.operation = caffe_pb.EltwiseParameter.MAX
    ys = _run(_load(tmp_path, net), {'a': a, 'b': b, 'c': c},
              ['prod', 'sum', 'wsum', 'max'])
    numpy.testing.assert_allclose(ys[0].array, a * b * c, rtol=1e-6)
    numpy.testing.assert_allclose(ys[1].array, a + b + c, rtol=1e-6)
    numpy.testing.assert_allclose(ys[2].array, 0.5 * a - b + 2 * c, rtol=1e-6)
    numpy.testing.assert_allclose(ys[3].array, numpy.maximum(numpy.maximum(a, b), c))


def test_eltwise_sum_with_wrong_number_of_coefficients(tmp_path):
    net = caffe_pb.NetParameter()
    _layer(net, 'sum', 'Eltwise', ['a', 'b'], ['y']).eltwise_param.coeff.append(2.0)
    func = _load(tmp_path, net)
    with pytest.raises(AssertionError, match='1 coefficients given for 2 inputs'):
        _run(func, {'a': _rand(2), 'b': _rand(2)}, ['y'])


def test_concat_slice_split(tmp_path):
    x, z = _rand(2, 6, 2, seed=30), _rand(2, 1, 2, seed=31)
    net = caffe_pb.NetParameter()
    _layer(net, 'split', 'Split', ['x'], ['x1', 'x2'])
    p = _layer(net, 'slice', 'Slice', ['x1'], ['s1', 's2', 's3']).slice_param
    p.slice_point.extend([1, 4])
    _layer(net, 'halves', 'Slice', ['x2'], ['h1', 'h2'])  # equal parts on axis 1
    _layer(net, 'cat', 'Concat', ['s3', 'z', 's1'], ['cat'])
    func = _load(tmp_path, net)
    assert func.split_map == {'x1': 'x', 'x2': 'x'}
    assert [layer[1] for layer in func.layers] == [['x'], ['x'], ['s3', 'z', 's1']]
    s2, h2, cat = _run(func, {'x': x, 'z': z}, ['s2', 'h2', 'cat'])
    numpy.testing.assert_array_equal(s2.array, x[:, 1:4])
    numpy.testing.assert_array_equal(h2.array, x[:, 3:])
    numpy.testing.assert_array_equal(
        cat.array, numpy.concatenate([x[:, 4:], z, x[:, :1]], axis=1))
    # A Split top can be asked for directly: it is its bottom.
    x2, = _run(func, {'x': x, 'z': z}, ['x2'])
    numpy.testing.assert_array_equal(x2.array, x)


def test_concat_and_slice_axis(tmp_path):
    a, b = _rand(2, 3, seed=32), _rand(4, 3, seed=33)
    net = caffe_pb.NetParameter()
    _layer(net, 'cat', 'Concat', ['a', 'b'], ['cat']).concat_param.concat_dim = 0
    _layer(net, 'cut', 'Slice', ['cat'], ['c1', 'c2']).slice_param.slice_dim = 0
    cat, c2 = _run(_load(tmp_path, net), {'a': a, 'b': b}, ['cat', 'c2'])
    numpy.testing.assert_array_equal(cat.array, numpy.concatenate([a, b]))
    numpy.testing.assert_array_equal(c2.array, numpy.concatenate([a, b])[3:])


@pytest.mark.parametrize('dims,axis,num_axes,expected', [
    ([3, 8], 0, -1, (3, 8)),
    ([0, -1], 0, -1, (3, 8)),          # 0 copies the input size
    ([0, 2, -1], 0, -1, (3, 2, 4)),
    ([2, 2], 1, 1, (3, 2, 2, 2)),      # reshape only axis 1
    ([1], -1, 0, (3, 4, 2, 1)),        # append an axis at the end
])
def test_reshape(tmp_path, dims, axis, num_axes, expected):
    x = _rand(3, 4, 2, seed=34)
    net = caffe_pb.NetParameter()
    p = _layer(net, 'r', 'Reshape', ['x'], ['y']).reshape_param
    p.shape.dim.extend(dims)
    p.axis, p.num_axes = axis, num_axes
    y, = _run(_load(tmp_path, net), {'x': x}, ['y'])
    numpy.testing.assert_array_equal(y.array, x.reshape(expected))


def test_flatten(tmp_path):
    x = _rand(2, 3, 4, 5, seed=35)
    net = caffe_pb.NetParameter()
    _layer(net, 'f', 'Flatten', ['x'], ['all'])
    p = _layer(net, 'g', 'Flatten', ['x'], ['mid']).flatten_param
    p.axis, p.end_axis = 1, 2
    y, z = _run(_load(tmp_path, net), {'x': x}, ['all', 'mid'])
    numpy.testing.assert_array_equal(y.array, x.reshape(2, 60))
    numpy.testing.assert_array_equal(z.array, x.reshape(2, 12, 5))


def test_activations(tmp_path):
    x = _rand(3, 4, seed=36)
    net = caffe_pb.NetParameter()
    _layer(net, 'relu', 'ReLU', ['x'], ['relu'])
    _layer(net, 'leaky', 'ReLU', ['x'], ['leaky']).relu_param.negative_slope = 0.1
    _layer(net, 'sigmoid', 'Sigmoid', ['x'], ['sigmoid'])
    _layer(net, 'tanh', 'TanH', ['x'], ['tanh'])
    _layer(net, 'abs', 'AbsVal', ['x'], ['abs'])
    _layer(net, 'elu', 'ELU', ['x'], ['elu']).elu_param.alpha = 0.5
    p = _layer(net, 'power', 'Power', ['x'], ['power']).power_param
    p.power, p.scale, p.shift = 2.0, 3.0, 1.5
    _layer(net, 'softmax', 'Softmax', ['x'], ['softmax'])
    _layer(net, 'prelu', 'PReLU', ['x'], ['prelu'], [[0.1, 0.2, 0.3, 0.4]])
    _layer(net, 'dropout', 'Dropout', ['x'], ['dropout'])
    names = ['relu', 'leaky', 'sigmoid', 'tanh', 'abs', 'elu', 'power', 'softmax',
             'prelu', 'dropout']
    ys = dict(zip(names, _run(_load(tmp_path, net), {'x': x}, names)))
    x64 = x.astype(numpy.float64)
    e = numpy.exp(x64 - x64.max(axis=1, keepdims=True))
    slopes = numpy.array([0.1, 0.2, 0.3, 0.4])
    expected = {
        'relu': numpy.maximum(x64, 0),
        'leaky': numpy.where(x64 > 0, x64, 0.1 * x64),
        'sigmoid': 1 / (1 + numpy.exp(-x64)),
        'tanh': numpy.tanh(x64),
        'abs': numpy.abs(x64),
        'elu': numpy.where(x64 > 0, x64, 0.5 * (numpy.exp(x64) - 1)),
        'power': (1.5 + 3.0 * x64) ** 2,
        'softmax': e / e.sum(axis=1, keepdims=True),
        'prelu': numpy.where(x64 > 0, x64, slopes * x64),
        'dropout': x64,  # the identity in test mode
    }
    for name in names:
        numpy.testing.assert_allclose(ys[name].array, expected[name], rtol=1e-5,
                                      atol=1e-6, err_msg=name)


def test_dropout_in_training(tmp_path):
    x = numpy.ones((100, 100), numpy.float32)
    net = caffe_pb.NetParameter()
    _layer(net, 'drop', 'Dropout', ['x'], ['y']).dropout_param.dropout_ratio = 0.25
    y, = _run(_load(tmp_path, net), {'x': x}, ['y'], train=True)
    kept = y.array != 0
    assert 0.7 < kept.mean() < 0.8
    numpy.testing.assert_allclose(y.array[kept], 1 / 0.75, rtol=1e-6)


@pytest.mark.parametrize('normalization,ignore', [
    (None, False), ('VALID', True), ('BATCH_SIZE', False), ('FULL', True),
    ('NONE', False)])
def test_softmax_with_loss(tmp_path, normalization, ignore):
    x = _rand(4, 3, 2, seed=37)
    t = numpy.array([[0, 2], [1, 1], [2, 0], [0, 1]], numpy.int32)
    net = caffe_pb.NetParameter()
    layer = _layer(net, 'loss', 'SoftmaxWithLoss', ['x', 't'], ['loss'])
    if normalization is not None:
        layer.loss_param.normalization = getattr(
            caffe_pb.LossParameter, normalization)
    if ignore:
        layer.loss_param.ignore_label = 1
    loss, = _run(_load(tmp_path, net), {'x': x, 't': t}, ['loss'])
    x64 = x.astype(numpy.float64)
    log_p = x64 - numpy.log(numpy.exp(x64).sum(axis=1, keepdims=True))
    per_item = -numpy.take_along_axis(log_p, t[:, None], axis=1)[:, 0]
    valid = t != 1 if ignore else numpy.ones_like(t, bool)
    total = per_item[valid].sum()
    count = {None: valid.sum(), 'VALID': valid.sum(), 'BATCH_SIZE': 4,
             'FULL': t.size, 'NONE': 1}[normalization]
    numpy.testing.assert_allclose(loss.array, total / count, rtol=1e-5)


def test_v1_layers(tmp_path):
    """A network in the V1 format (``layers``, types as enum values, blobs with
    num/channels/height/width)."""
    W1, b1 = _rand(4, 2, 3, 3, seed=38), _rand(4, seed=39)
    W2, b2 = _rand(3, 4, seed=40), _rand(3, seed=41)
    x = _rand(2, 2, 5, 5, seed=42)
    V1 = caffe_pb.V1LayerParameter
    net = caffe_pb.NetParameter()
    net.input.append('data')
    net.input_dim.extend([2, 2, 5, 5])
    conv = net.layers.add(name='conv', type=V1.CONVOLUTION, bottom=['data'],
                          top=['conv'])
    _blob(conv, W1, legacy=True)
    _blob(conv, b1, legacy=True)
    conv.convolution_param.num_output = 4
    conv.convolution_param.kernel_size.append(3)
    net.layers.add(name='relu', type=V1.RELU, bottom=['conv'], top=['conv'])
    pool = net.layers.add(name='pool', type=V1.POOLING, bottom=['conv'], top=['pool'])
    pool.pooling_param.kernel_size = 3
    pool.pooling_param.stride = 3
    fc = net.layers.add(name='fc', type=V1.INNER_PRODUCT, bottom=['pool'], top=['fc'])
    _blob(fc, W2, legacy=True)
    _blob(fc, b2, legacy=True)
    net.layers.add(name='prob', type=V1.SOFTMAX, bottom=['fc'], top=['prob'])
    net.layers.add(name='acc', type=V1.ACCURACY, bottom=['prob'], top=['acc'])
    with pytest.warns(UserWarning, match='does not support ACCURACY layer'):
        func = _load(tmp_path, net)
    assert [name for name, _, _ in func.layers] == [
        'conv', 'relu', 'pool', 'fc', 'prob']
    prob, = _run(func, {'data': x}, ['prob'])
    h = numpy.maximum(_conv_ref(x.astype(numpy.float64), W1, b1, (1, 1), (0, 0)), 0)
    h = h.max(axis=(2, 3))  # the 3x3 map in one window
    h = h @ W2.T + b2
    e = numpy.exp(h - h.max(axis=1, keepdims=True))
    numpy.testing.assert_allclose(prob.array, e / e.sum(axis=1, keepdims=True),
                                  rtol=1e-5)


# -- the call ------------------------------------------------------------------------

def _chain_net():
    """x -> a (ReLU) -> b (Sigmoid) -> c (TanH), and a branch x -> d (AbsVal)."""
    net = caffe_pb.NetParameter()
    _layer(net, 'data', 'Data', [], ['x'])
    _layer(net, 'a', 'ReLU', ['x'], ['a'])
    _layer(net, 'b', 'Sigmoid', ['a'], ['b'])
    _layer(net, 'c', 'TanH', ['b'], ['c'])
    _layer(net, 'd', 'AbsVal', ['x'], ['d'])
    return net


def test_layers_forwards_and_data_layers(tmp_path):
    func = _load(tmp_path, _chain_net())
    assert func.layers == [('a', ['x'], ['a']), ('b', ['a'], ['b']),
                           ('c', ['b'], ['c']), ('d', ['x'], ['d'])]
    assert sorted(func.forwards) == ['a', 'b', 'c', 'd']


def test_inputs_may_be_arrays_and_intermediate_blobs(tmp_path):
    func = _load(tmp_path, _chain_net())
    x = _rand(2, 3, seed=43)
    c, = _run(func, {'x': x}, ['c'])
    assert isinstance(c, chainer.Variable)
    numpy.testing.assert_allclose(
        c.array, numpy.tanh(1 / (1 + numpy.exp(-numpy.maximum(x, 0)))), rtol=1e-6)
    # Starting from an intermediate blob skips the layers before it.
    c, = _run(func, {'b': x}, ['c'])
    numpy.testing.assert_allclose(c.array, numpy.tanh(x), rtol=1e-6)


def test_disable(tmp_path):
    func = _load(tmp_path, _chain_net())
    x = _rand(2, 3, seed=44)
    # Without 'b', 'c' cannot be computed unless 'b' is given.
    with pytest.raises(KeyError, match="'c'"):
        func(inputs={'x': x}, outputs=['c'], disable=['b'])
    c, = func(inputs={'x': x, 'b': x}, outputs=['c'], disable=['b'])
    numpy.testing.assert_allclose(c.array, numpy.tanh(x), rtol=1e-6)


def test_only_the_layers_needed_run(tmp_path):
    func = _load(tmp_path, _chain_net())
    called = []
    for name in ['a', 'b', 'c', 'd']:
        original = func.forwards[name]
        func.forwards[name] = (lambda f, n: lambda *xs: called.append(n) or f(*xs))(
            original, name)
    _run(func, {'x': _rand(2, 3)}, ['b'])
    assert called == ['a', 'b']


def test_output_not_computed(tmp_path):
    func = _load(tmp_path, _chain_net())
    with pytest.raises(KeyError) as info:
        _run(func, {'y': _rand(2, 3)}, ['c', 'nope'])
    message = str(info.value)
    assert "'c', 'nope'" in message and "'y'" in message


def test_train_argument_and_unknown_arguments(tmp_path):
    func = _load(tmp_path, _chain_net())
    with pytest.raises(ValueError, match='train argument is not supported anymore'):
        func(inputs={'x': _rand(2)}, outputs=['a'], train=True)
    with pytest.raises(TypeError, match='foo'):
        func(inputs={'x': _rand(2)}, outputs=['a'], foo=1)


def test_unsupported_and_topless_layers(tmp_path):
    net = _chain_net()
    _layer(net, 'mystery', 'Mystery', ['x'], ['m'])
    _layer(net, 'sink', 'ReLU', ['x'], [])
    _layer(net, 'inp', 'Input', [], ['x'])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        func = _load(tmp_path, net)
    messages = [str(x.message) for x in w]
    assert messages == [
        'Skip the layer "mystery", since CaffeFunction does not support Mystery '
        'layer']
    assert 'mystery' not in func.forwards and 'sink' not in func.forwards


@pytest.mark.parametrize('build,message', [
    (lambda l: setattr(l.pooling_param, 'pool', 2), 'only MAX and AVE'),
    (lambda l: (setattr(l, 'type', 'LRN'),
                setattr(l.lrn_param, 'norm_region', 1)), 'ACROSS_CHANNELS'),
    (lambda l: (setattr(l, 'type', 'Softmax'),
                setattr(l.softmax_param, 'axis', 2)), 'only axis 1'),
    (lambda l: (setattr(l, 'type', 'InnerProduct'),
                setattr(l.inner_product_param, 'axis', 2)), 'only axis 1'),
    (lambda l: setattr(l, 'type', 'Convolution'), 'gives no kernel size'),
    (lambda l: (setattr(l, 'type', 'Convolution'),
                l.convolution_param.kernel_size.append(3)), 'blob 0 is needed'),
    (lambda l: (setattr(l, 'type', 'Convolution'),
                l.convolution_param.kernel_size.extend([3, 3, 3])), 'only 2-D'),
    (lambda l: (setattr(l, 'type', 'InnerProduct'),
                _blob(l, numpy.zeros((1, 2, 3)))), 'expected 2 or 4'),
])
def test_unsupported_configurations(tmp_path, build, message):
    net = caffe_pb.NetParameter()
    layer = _layer(net, 'l', 'Pooling', ['x'], ['y'])
    build(layer)
    with pytest.raises(RuntimeError, match=message):
        _load(tmp_path, net)


def test_not_a_caffemodel(tmp_path):
    path = tmp_path / 'model.prototxt'
    path.write_text('layer { name: "x" type: "ReLU" }')
    with pytest.raises(ValueError, match='not a binary Caffe model'):
        caffe.CaffeFunction(str(path))


def test_is_a_chain_that_saves_copies_and_pickles(tmp_path):
    W = _rand(2, 3, seed=45)
    net = caffe_pb.NetParameter()
    _layer(net, 'inception/1x1', 'InnerProduct', ['x'], ['h'], [W, [0.5, -0.5]])
    _layer(net, 'bn', 'BatchNorm', ['h'], ['y'], [[1, 2], [3, 4], [1]])
    func = _load(tmp_path, net)
    assert sorted(name for name, _ in func.namedparams()) == [
        '/inception/1x1/W', '/inception/1x1/b']
    chainer.serializers.save_npz(str(tmp_path / 'w.npz'), func)
    with numpy.load(str(tmp_path / 'w.npz')) as f:
        numpy.testing.assert_array_equal(f['inception/1x1/W'], W)
        numpy.testing.assert_array_equal(f['bn/avg_var'], [3, 4])
    x = _rand(4, 3, seed=46)
    expected = _run(func, {'x': x}, ['y'])[0].array
    # A deep copy runs its own links.
    copy = func.copy(mode='copy')
    copy['inception/1x1'].W.array[...] = 0
    numpy.testing.assert_allclose(_run(func, {'x': x}, ['y'])[0].array, expected)
    assert not numpy.allclose(_run(copy, {'x': x}, ['y'])[0].array, expected)
    again = pickle.loads(pickle.dumps(func))
    numpy.testing.assert_allclose(_run(again, {'x': x}, ['y'])[0].array, expected)


# -- a model written byte by byte (checks the field numbers of the schema) -----

def _varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte, n = n & 0x7f, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, value):
    """One field: an int as a varint, bytes/str as length-delimited."""
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    if isinstance(value, str):
        value = value.encode()
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def _floats(number, values):
    return _field(number, numpy.asarray(values, '<f4').tobytes())


def test_model_written_by_hand(tmp_path):
    """Caffe's wire format written without the protobuf package: a current
    ``layer`` (NetParameter field 100) with an InnerProduct whose blobs use
    ``shape`` (BlobProto 7, BlobShape.dim 1 packed) and packed ``data`` (5),
    then a V1 ``layers`` entry (field 2) of type RELU (18) and a Pooling layer
    with pool AVE (1) and global_pooling (12) under pooling_param (121)."""
    W = numpy.array([[1, 2, 3], [-4, 5, -6]], numpy.float32)
    b = numpy.array([0.5, -0.5], numpy.float32)
    shape_W = _field(1, _varint(2) + _varint(3))   # packed dims
    shape_b = _field(1, _varint(2))
    inner = b''.join([
        _field(1, 'fc'), _field(2, 'InnerProduct'), _field(3, 'data'),
        _field(4, 'fc'),
        _field(7, _floats(5, W.ravel()) + _field(7, shape_W)),
        _field(7, _floats(5, b) + _field(7, shape_b)),
        _field(117, _field(1, 2)),                    # num_output: 2
    ])
    relu_v1 = b''.join([
        _field(4, 'relu'), _field(5, 18), _field(2, 'fc'), _field(3, 'r')])
    pool = b''.join([
        _field(1, 'pool'), _field(2, 'Pooling'), _field(3, 'r4'),
        _field(4, 'pool'), _field(121, _field(1, 1) + _field(12, 1))])
    path = tmp_path / 'hand.caffemodel'
    path.write_bytes(_field(1, 'hand') + _field(100, inner) + _field(100, pool))
    func = caffe.CaffeFunction(str(path))
    x = _rand(4, 3, seed=47)
    y, = _run(func, {'data': x}, ['fc'])
    numpy.testing.assert_allclose(y.array, x @ W.T + b, rtol=1e-6)
    r4 = _rand(2, 3, 2, 2, seed=48)
    p, = _run(func, {'r4': r4}, ['pool'])
    numpy.testing.assert_allclose(p.array[:, :, 0, 0], r4.mean(axis=(2, 3)),
                                  rtol=1e-6)

    # The V1 format is read when there is no current ``layer``.
    path.write_bytes(_field(2, relu_v1))
    func = caffe.CaffeFunction(str(path))
    assert func.layers == [('relu', ['fc'], ['r'])]
    r, = _run(func, {'fc': x}, ['r'])
    numpy.testing.assert_array_equal(r.array, numpy.maximum(x, 0))

    # And the protobuf classes write these bytes (fields in number order).
    net = caffe_pb.NetParameter()
    net.ParseFromString(_field(1, 'hand') + _field(100, inner))
    assert net.SerializeToString() == _field(1, 'hand') + _field(100, inner)
    assert list(net.layer[0].blobs[0].shape.dim) == [2, 3]
