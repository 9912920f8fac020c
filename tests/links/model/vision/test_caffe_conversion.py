"""convert_caffemodel_to_npz and pretrained_model='auto' from a Caffe model.

The Caffe models are built here with the protobuf classes, layer by layer as the
authors published them (their prototxt files): VGG's V1 ``layers`` format with the
old 4-D blob layout, the BatchNorm + Scale pairs of the ResNets, GoogLeNet's
train_val network with its auxiliary classifiers. Every blob holds distinct random
values, so a weight copied to the wrong link is caught. The expected parameters are
computed in the test from the blobs (Caffe's BatchNorm keeps sums and their weight,
the InnerProduct weight of the old layout is ``(1, 1, out, in)``), and the converted
chains are run against CaffeFunction on the same file.

GoogLeNet and ResNet-50 are built at their real size. For VGG the convolutions are
real but the 4096-wide fully connected layers are narrowed (138 M parameters would
make the file half a gigabyte); VGG-19 and ResNet-101/152 are narrowed throughout
(their names and structure are what differs). Narrowing patches the link classes
of the module so the chain is narrowed alike.
"""
import hashlib
import math
import os
import warnings

import numpy
import pytest

import chainer
from chainer.dataset import download
import chainer.functions as F
import chainer.links as L
from chainer.links import caffe
from chainer.links.caffe.caffe_function import caffe_pb
from chainer.links.model.vision import resnet
from chainer.links.model.vision import vgg


_V1_TYPES = {'Convolution': 'CONVOLUTION', 'ReLU': 'RELU', 'Pooling': 'POOLING',
             'InnerProduct': 'INNER_PRODUCT', 'Dropout': 'DROPOUT',
             'Softmax': 'SOFTMAX', 'Data': 'DATA'}


def _varint(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7f, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _add_blob(layer, array, legacy):
    array = numpy.ascontiguousarray(array, dtype='<f4')
    blob = layer.blobs.add()
    if legacy:  # the old num/channels/height/width layout
        dims = (1,) * (4 - array.ndim) + array.shape
        blob.num, blob.channels, blob.height, blob.width = dims
    else:
        blob.shape.dim.extend(array.shape)
    raw = array.tobytes()  # the packed data field (5), written as wire bytes
    blob.MergeFromString(b'\x2a' + _varint(len(raw)) + raw)


class _Net(object):
    """A Caffe network written layer by layer; ``blobs[name]`` keeps the arrays."""

    def __init__(self, v1=False, seed=0):
        self.net = caffe_pb.NetParameter(name='test')
        self.v1 = v1
        self.rng = numpy.random.default_rng(seed)
        self.blobs = {}

    def add(self, name, typ, bottoms, tops, blobs=()):
        if self.v1:
            layer = self.net.layers.add(
                name=name, bottom=bottoms, top=tops,
                type=caffe_pb.V1LayerParameter.LayerType.Value(_V1_TYPES[typ]))
        else:
            layer = self.net.layer.add(name=name, type=typ, bottom=bottoms, top=tops)
        for array in blobs:
            _add_blob(layer, array, self.v1)
        if blobs:
            self.blobs[name] = [numpy.asarray(b, numpy.float32) for b in blobs]
        return layer

    def _uniform(self, shape, low, high):
        return self.rng.uniform(low, high, shape).astype(numpy.float32)

    def conv(self, name, bottom, top, n_in, n_out, k, stride=1, pad=0, bias=True):
        W = (self.rng.standard_normal((n_out, n_in, k, k), dtype=numpy.float32)
             * numpy.float32(math.sqrt(2.0 / (n_in * k * k))))
        blobs = [W, self._uniform((n_out,), -0.1, 0.1)] if bias else [W]
        layer = self.add(name, 'Convolution', [bottom], [top], blobs)
        param = layer.convolution_param
        param.num_output = n_out
        param.kernel_size.append(k)
        if stride != 1:
            param.stride.append(stride)
        if pad:
            param.pad.append(pad)
        if not bias:
            param.bias_term = False

    def fc(self, name, bottom, top, n_in, n_out):
        W = (self.rng.standard_normal((n_out, n_in), dtype=numpy.float32)
             * numpy.float32(math.sqrt(1.0 / n_in)))
        layer = self.add(name, 'InnerProduct', [bottom], [top],
                         [W, self._uniform((n_out,), -0.1, 0.1)])
        layer.inner_product_param.num_output = n_out

    def batch_norm_scale(self, bn_name, scale_name, blob, channels):
        factor = numpy.float32(2.5)  # Caffe's running sums and their weight
        mean = self._uniform((channels,), -0.2, 0.2)
        var = self._uniform((channels,), 0.5, 1.5)
        bn = self.add(bn_name, 'BatchNorm', [blob], [blob],
                      [mean * factor, var * factor, numpy.array([factor])])
        bn.batch_norm_param.use_global_stats = True
        scale = self.add(scale_name, 'Scale', [blob], [blob],
                         [self._uniform((channels,), 0.5, 1.5),
                          self._uniform((channels,), -0.2, 0.2)])
        scale.scale_param.bias_term = True

    def relu(self, name, blob):
        self.add(name, 'ReLU', [blob], [blob])

    def pool(self, name, bottom, top, method, k, stride, pad=0):
        param = self.add(name, 'Pooling', [bottom], [top]).pooling_param
        param.pool = getattr(param, method)
        param.kernel_size = k
        param.stride = stride
        if pad:
            param.pad = pad

    def lrn(self, name, bottom, top):
        param = self.add(name, 'LRN', [bottom], [top]).lrn_param
        param.local_size = 5
        param.alpha = 1e-4
        param.beta = 0.75

    def dropout(self, name, blob, ratio):
        self.add(name, 'Dropout', [blob], [blob]).dropout_param.dropout_ratio = ratio

    def save(self, path):
        path.write_bytes(self.net.SerializeToString())
        return str(path)


def _narrow(factor, keep=(3, 1000)):
    def width(n):
        return n if factor == 1 or n in keep else n // factor
    return width


def _same_size(n):
    return n


# -- the networks, as their authors published them ------------------------------

def _vgg_net(depth, width=_same_size, fc_width=_same_size):
    # VGG_ILSVRC_{16,19}_layers: V1 format; conv{b}_{i} 3x3 pad 1 + relu{b}_{i},
    # pool{b} 2x2 max, fc6/fc7 4096 with relu and dropout 0.5, fc8 1000, prob.
    net = _Net(v1=True, seed=depth)
    convs = {16: [2, 2, 3, 3, 3], 19: [2, 2, 4, 4, 4]}[depth]
    blob, channels = 'data', 3
    for block, (count, out) in enumerate(zip(convs, [64, 128, 256, 512, 512]), 1):
        for i in range(1, count + 1):
            name = 'conv{}_{}'.format(block, i)
            net.conv(name, blob, name, channels, width(out), 3, pad=1)
            net.relu('relu{}_{}'.format(block, i), name)
            blob, channels = name, width(out)
        net.pool('pool{}'.format(block), blob, 'pool{}'.format(block), 'MAX', 2, 2)
        blob = 'pool{}'.format(block)
    n_in = channels * 7 * 7
    for name, n_out in (('fc6', fc_width(4096)), ('fc7', fc_width(4096)),
                        ('fc8', 1000)):
        net.fc(name, blob, name, n_in, n_out)
        if name != 'fc8':
            net.relu('relu' + name[2:], name)
            net.dropout('drop' + name[2:], name, 0.5)
        blob, n_in = name, n_out
    net.add('prob', 'Softmax', ['fc8'], ['prob'])
    return net


_RESNET_BLOCKS = {50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}


def _resnet_block_names(depth, stage, count):
    if depth == 50 or stage in (2, 5):
        return ['res{}{}'.format(stage, 'abcdef'[i]) for i in range(count)]
    return ['res{}a'.format(stage)] + ['res{}b{}'.format(stage, i)
                                       for i in range(1, count)]


def _resnet_net(depth, width=_same_size):
    # ResNet-{50,101,152}-deploy: conv1 7x7/2 (with a bias only in ResNet-50),
    # bn_conv1 + scale_conv1, relu, pool1 3x3/2 max; bottleneck blocks resXY with
    # branch2a (1x1, stride 2 in the first block of stages 3-5), 2b (3x3), 2c (1x1)
    # and the projection branch1 in the first block of each stage, each followed by
    # bnXY_branch* + scaleXY_branch*; Eltwise sums; pool5 7x7 average, fc1000, prob.
    net = _Net(seed=depth)
    net.conv('conv1', 'data', 'conv1', 3, width(64), 7, stride=2, pad=3,
             bias=depth == 50)
    net.batch_norm_scale('bn_conv1', 'scale_conv1', 'conv1', width(64))
    net.relu('conv1_relu', 'conv1')
    net.pool('pool1', 'conv1', 'pool1', 'MAX', 3, 2)
    blob, channels = 'pool1', width(64)
    for stage, count, mid in zip((2, 3, 4, 5), _RESNET_BLOCKS[depth],
                                 (64, 128, 256, 512)):
        mid, out = width(mid), width(mid * 4)
        for i, name in enumerate(_resnet_block_names(depth, stage, count)):
            stride = 2 if i == 0 and stage > 2 else 1
            key = name[3:]
            if i == 0:
                shortcut = name + '_branch1'
                net.conv(shortcut, blob, shortcut, channels, out, 1, stride=stride,
                         bias=False)
                net.batch_norm_scale('bn' + key + '_branch1',
                                     'scale' + key + '_branch1', shortcut, out)
            else:
                shortcut = blob
            h, h_channels = blob, channels
            for branch, n_out, k, s in (('2a', mid, 1, stride), ('2b', mid, 3, 1),
                                        ('2c', out, 1, 1)):
                top = name + '_branch' + branch
                net.conv(top, h, top, h_channels, n_out, k, stride=s,
                         pad=1 if k == 3 else 0, bias=False)
                net.batch_norm_scale('bn' + key + '_branch' + branch,
                                     'scale' + key + '_branch' + branch, top, n_out)
                if branch != '2c':
                    net.relu(top + '_relu', top)
                h, h_channels = top, n_out
            net.add(name, 'Eltwise', [shortcut, h], [name])
            net.relu(name + '_relu', name)
            blob, channels = name, out
    net.pool('pool5', blob, 'pool5', 'AVE', 7, 1)
    net.fc('fc1000', 'pool5', 'fc1000', channels, 1000)
    net.add('prob', 'Softmax', ['fc1000'], ['prob'])
    return net


# (name, #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj) (Szegedy et al.)
_INCEPTIONS = [('3a', 64, 96, 128, 16, 32, 32), ('3b', 128, 128, 192, 32, 96, 64),
               ('4a', 192, 96, 208, 16, 48, 64), ('4b', 160, 112, 224, 24, 64, 64),
               ('4c', 128, 128, 256, 24, 64, 64), ('4d', 112, 144, 288, 32, 64, 64),
               ('4e', 256, 160, 320, 32, 128, 128),
               ('5a', 256, 160, 320, 32, 128, 128),
               ('5b', 384, 192, 384, 48, 128, 128)]


def _googlenet_net():
    # BVLC's bvlc_googlenet train_val network.
    net = _Net(seed=1)
    net.add('data', 'Data', [], ['data', 'label'])
    net.conv('conv1/7x7_s2', 'data', 'conv1/7x7_s2', 3, 64, 7, stride=2, pad=3)
    net.relu('conv1/relu_7x7', 'conv1/7x7_s2')
    net.pool('pool1/3x3_s2', 'conv1/7x7_s2', 'pool1/3x3_s2', 'MAX', 3, 2)
    net.lrn('pool1/norm1', 'pool1/3x3_s2', 'pool1/norm1')
    net.conv('conv2/3x3_reduce', 'pool1/norm1', 'conv2/3x3_reduce', 64, 64, 1)
    net.relu('conv2/relu_3x3_reduce', 'conv2/3x3_reduce')
    net.conv('conv2/3x3', 'conv2/3x3_reduce', 'conv2/3x3', 64, 192, 3, pad=1)
    net.relu('conv2/relu_3x3', 'conv2/3x3')
    net.lrn('conv2/norm2', 'conv2/3x3', 'conv2/norm2')
    net.pool('pool2/3x3_s2', 'conv2/norm2', 'pool2/3x3_s2', 'MAX', 3, 2)
    blob, channels = 'pool2/3x3_s2', 192
    for name, n1, r3, n3, r5, n5, proj in _INCEPTIONS:
        if name == '4a':
            net.pool('pool3/3x3_s2', blob, 'pool3/3x3_s2', 'MAX', 3, 2)
            blob = 'pool3/3x3_s2'
        if name == '5a':
            net.pool('pool4/3x3_s2', blob, 'pool4/3x3_s2', 'MAX', 3, 2)
            blob = 'pool4/3x3_s2'
        p = 'inception_' + name + '/'
        net.conv(p + '1x1', blob, p + '1x1', channels, n1, 1)
        net.relu(p + 'relu_1x1', p + '1x1')
        net.conv(p + '3x3_reduce', blob, p + '3x3_reduce', channels, r3, 1)
        net.relu(p + 'relu_3x3_reduce', p + '3x3_reduce')
        net.conv(p + '3x3', p + '3x3_reduce', p + '3x3', r3, n3, 3, pad=1)
        net.relu(p + 'relu_3x3', p + '3x3')
        net.conv(p + '5x5_reduce', blob, p + '5x5_reduce', channels, r5, 1)
        net.relu(p + 'relu_5x5_reduce', p + '5x5_reduce')
        net.conv(p + '5x5', p + '5x5_reduce', p + '5x5', r5, n5, 5, pad=2)
        net.relu(p + 'relu_5x5', p + '5x5')
        net.pool(p + 'pool', blob, p + 'pool', 'MAX', 3, 1, pad=1)
        net.conv(p + 'pool_proj', p + 'pool', p + 'pool_proj', channels, proj, 1)
        net.relu(p + 'relu_pool_proj', p + 'pool_proj')
        net.add(p + 'output', 'Concat',
                [p + '1x1', p + '3x3', p + '5x5', p + 'pool_proj'], [p + 'output'])
        blob, channels = p + 'output', n1 + n3 + n5 + proj
        head = {'4a': 'loss1', '4d': 'loss2'}.get(name)
        if head:
            net.pool(head + '/ave_pool', blob, head + '/ave_pool', 'AVE', 5, 3)
            net.conv(head + '/conv', head + '/ave_pool', head + '/conv', channels,
                     128, 1)
            net.relu(head + '/relu_conv', head + '/conv')
            net.fc(head + '/fc', head + '/conv', head + '/fc', 2048, 1024)
            net.relu(head + '/relu_fc', head + '/fc')
            net.dropout(head + '/drop_fc', head + '/fc', 0.7)
            net.fc(head + '/classifier', head + '/fc', head + '/classifier', 1024,
                   1000)
            net.add(head + '/loss', 'SoftmaxWithLoss',
                    [head + '/classifier', 'label'], [head + '/loss'])
    net.pool('pool5/7x7_s1', blob, 'pool5/7x7_s1', 'AVE', 7, 1)
    net.dropout('pool5/drop_7x7_s1', 'pool5/7x7_s1', 0.4)
    net.fc('loss3/classifier', 'pool5/7x7_s1', 'loss3/classifier', 1024, 1000)
    net.add('loss3/loss3', 'SoftmaxWithLoss', ['loss3/classifier', 'label'],
            ['loss3/loss3'])
    # A layer without parameters that CaffeFunction does not run.
    net.add('loss3/top-1', 'Accuracy', ['loss3/classifier', 'label'],
            ['loss3/top-1'])
    return net


# -- what each parameter must hold ------------------------------------------------

def _affine(expected, path, blobs, n_out_in=None):
    W = blobs[0]
    if n_out_in is not None:  # InnerProduct: (out, in), or (1, 1, out, in) of old
        W = W.reshape(n_out_in)
    expected[path + '/W'] = W
    expected[path + '/b'] = blobs[1] if len(blobs) > 1 else 0


def _batch_norm(expected, path, bn_blobs, scale_blobs):
    mean_sum, var_sum, factor = bn_blobs
    expected[path + '/avg_mean'] = mean_sum / factor[0]
    expected[path + '/avg_var'] = var_sum / factor[0]
    expected[path + '/gamma'] = scale_blobs[0]
    expected[path + '/beta'] = scale_blobs[1]


def _vgg_expected(net):
    expected = {}
    for name, blobs in net.blobs.items():
        if name.startswith('conv'):
            _affine(expected, '/' + name, blobs)
        else:
            _affine(expected, '/' + name, blobs, blobs[0].shape[-2:])
    return expected


def _resnet_expected(net, depth):
    blobs = net.blobs
    expected = {}
    _affine(expected, '/conv1', blobs['conv1'])
    _batch_norm(expected, '/bn1', blobs['bn_conv1'], blobs['scale_conv1'])
    for stage, count in zip((2, 3, 4, 5), _RESNET_BLOCKS[depth]):
        names = _resnet_block_names(depth, stage, count)
        for i, name in enumerate(names):
            path = '/res{}/{}'.format(stage, 'a' if i == 0 else 'b{}'.format(i))
            branches = ['2a', '2b', '2c'] + (['1'] if i == 0 else [])
            for index, branch in enumerate(branches, 1):
                key = name[3:] + '_branch' + branch
                expected[path + '/conv{}/W'.format(index)] = blobs['res' + key][0]
                _batch_norm(expected, path + '/bn{}'.format(index),
                            blobs['bn' + key], blobs['scale' + key])
    _affine(expected, '/fc6', blobs['fc1000'], blobs['fc1000'][0].shape)
    return expected


def _googlenet_expected(net):
    blobs = net.blobs
    links = {'conv1/7x7_s2': 'conv1', 'conv2/3x3_reduce': 'conv2_reduce',
             'conv2/3x3': 'conv2', 'loss3/classifier': 'loss3_fc',
             'loss1/conv': 'loss1_conv', 'loss1/fc': 'loss1_fc1',
             'loss1/classifier': 'loss1_fc2', 'loss2/conv': 'loss2_conv',
             'loss2/fc': 'loss2_fc1', 'loss2/classifier': 'loss2_fc2'}
    branches = {'1x1': 'conv1', '3x3_reduce': 'proj3', '3x3': 'conv3',
                '5x5_reduce': 'proj5', '5x5': 'conv5', 'pool_proj': 'projp'}
    for name, *_ in _INCEPTIONS:
        for branch, child in branches.items():
            links['inception_{}/{}'.format(name, branch)] = 'inc{}/{}'.format(
                name, child)
    expected = {}
    for caffe_name, link in links.items():
        _affine(expected, '/' + link, blobs[caffe_name],
                blobs[caffe_name][0].shape if blobs[caffe_name][0].ndim == 2
                else None)
    return expected


def _check_filled(model, expected):
    """Every parameter and running statistic of ``model`` holds its expected value."""
    actual = dict(model.namedparams())
    for path, link in model.namedlinks():
        if isinstance(link, L.BatchNormalization):
            actual[path + '/avg_mean'] = link.avg_mean
            actual[path + '/avg_var'] = link.avg_var
    assert sorted(actual) == sorted(expected)
    for path, value in expected.items():
        array = actual[path]
        array = array.array if isinstance(array, chainer.Variable) else array
        numpy.testing.assert_allclose(
            array, numpy.broadcast_to(value, array.shape), rtol=1e-6, atol=0,
            err_msg=path)


def _x(*shape, seed=0):
    return numpy.random.RandomState(seed).uniform(-1, 1, shape).astype(numpy.float32)


def _caffe_function(path):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # the Accuracy layer is skipped
        return caffe.CaffeFunction(path)


def _caffe_run(func, inputs, outputs):
    with chainer.using_config('train', False):
        return func(inputs=inputs, outputs=outputs)


# -- fixtures: the big models are built once -------------------------------------

@pytest.fixture(scope='module')
def googlenet_caffemodel(tmp_path_factory):
    net = _googlenet_net()
    path = net.save(tmp_path_factory.mktemp('googlenet') / 'bvlc_googlenet.caffemodel')
    return path, net


@pytest.fixture(scope='module')
def resnet50_caffemodel(tmp_path_factory):
    net = _resnet_net(50)
    path = net.save(tmp_path_factory.mktemp('resnet') / 'ResNet-50-model.caffemodel')
    return path, net


@pytest.fixture
def dataset_root(tmp_path):
    old = download.get_dataset_root()
    download.set_dataset_root(str(tmp_path / 'root'))
    yield tmp_path / 'root'
    download.set_dataset_root(old)


def _narrow_links(monkeypatch, module, width):
    originals = {name: getattr(module, name) for name in
                 ('Convolution2D', 'Linear', 'BatchNormalization')
                 if hasattr(module, name)}

    def conv(in_channels, out_channels, *args, **kwargs):
        return originals['Convolution2D'](width(in_channels), width(out_channels),
                                          *args, **kwargs)

    def linear(in_size, out_size, **kwargs):
        return originals['Linear'](width(in_size), width(out_size), **kwargs)

    def bn(size, *args, **kwargs):
        return originals['BatchNormalization'](width(size), *args, **kwargs)

    monkeypatch.setattr(module, 'Convolution2D', conv)
    monkeypatch.setattr(module, 'Linear', linear)
    if 'BatchNormalization' in originals:
        monkeypatch.setattr(module, 'BatchNormalization', bn)


# -- GoogLeNet ----------------------------------------------------------------------

class TestGoogLeNet:

    def test_convert_and_load(self, googlenet_caffemodel, tmp_path):
        path, net = googlenet_caffemodel
        npz_path = str(tmp_path / 'googlenet.npz')
        L.GoogLeNet.convert_caffemodel_to_npz(path, npz_path)
        model = L.GoogLeNet(pretrained_model=npz_path)
        _check_filled(model, _googlenet_expected(net))

        # The main path agrees with Caffe's network (a small input: 1x1 at 5b).
        func = _caffe_function(path)
        x = _x(2, 3, 32, 32)
        with chainer.using_config('train', False):
            y = model(x, layers=['inception_5b'])['inception_5b']
        expected, = _caffe_run(func, {'data': x}, ['inception_5b/output'])
        numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-4, atol=1e-5)

        # So do pool5 + the classifier, and the auxiliary classifiers (which the
        # chain holds but does not run: average pooling 5/3, conv, fc, classifier).
        h = numpy.abs(_x(2, 1024, 7, 7, seed=1))
        with chainer.using_config('train', False):
            y = h
            for name in ('pool5', 'loss3_fc'):
                for f in model.functions[name]:
                    y = f(y)
        expected, = _caffe_run(func, {'inception_5b/output': h}, ['loss3/classifier'])
        numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-4, atol=1e-5)
        for head, blob, channels in (('loss1', 'inception_4a/output', 512),
                                     ('loss2', 'inception_4d/output', 528)):
            h = numpy.abs(_x(2, channels, 14, 14, seed=2))
            y = F.average_pooling_2d(h, 5, stride=3)
            y = F.relu(getattr(model, head + '_conv')(y))
            y = F.relu(getattr(model, head + '_fc1')(y))
            y = getattr(model, head + '_fc2')(y)
            expected, = _caffe_run(func, {blob: h}, [head + '/classifier'])
            numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-4,
                                          atol=1e-5)

    def test_auto_converts_the_caffemodel_once(self, googlenet_caffemodel,
                                               dataset_root, capsys):
        path, net = googlenet_caffemodel
        models = dataset_root / 'pfnet' / 'chainer' / 'models'
        models.mkdir(parents=True)
        placed = models / 'bvlc_googlenet.caffemodel'
        os.symlink(path, placed)
        model = L.GoogLeNet()
        assert 'bvlc_googlenet.npz' in capsys.readouterr().err
        _check_filled(model, _googlenet_expected(net))
        assert (models / 'bvlc_googlenet.npz').is_file()
        assert sorted(p.name for p in models.iterdir()) == [
            'bvlc_googlenet.caffemodel', 'bvlc_googlenet.npz']
        # From now on the npz file is loaded: the Caffe model is not needed.
        placed.unlink()
        _check_filled(L.GoogLeNet(), _googlenet_expected(net))

    def test_auto_finds_chainers_download_cache(self, googlenet_caffemodel,
                                                dataset_root):
        # Chainer caches downloads under _dl_cache, named by the URL's MD5.
        path, net = googlenet_caffemodel
        url = 'http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel'
        cache = dataset_root / '_dl_cache'
        cache.mkdir(parents=True)
        os.symlink(path, cache / hashlib.md5(url.encode()).hexdigest())
        _check_filled(L.GoogLeNet(), _googlenet_expected(net))
        assert (dataset_root / 'pfnet' / 'chainer' / 'models' /
                'bvlc_googlenet.npz').is_file()

    def test_auto_without_files_names_both(self, dataset_root):
        models = os.path.join(str(dataset_root), 'pfnet', 'chainer', 'models')
        with pytest.raises(RuntimeError) as info:
            L.GoogLeNet()
        message = str(info.value)
        assert os.path.join(models, 'bvlc_googlenet.npz') + ' does not exist' \
            in message
        assert os.path.join(models, 'bvlc_googlenet.caffemodel') in message
        assert 'http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel' \
            in message
        assert 'does not download' in message

    def test_errors(self, googlenet_caffemodel, tmp_path):
        path, _ = googlenet_caffemodel
        out = str(tmp_path / 'out.npz')
        with pytest.raises(FileNotFoundError, match='missing.caffemodel'):
            L.GoogLeNet.convert_caffemodel_to_npz(
                str(tmp_path / 'missing.caffemodel'), out)
        # Another network's Caffe model.
        with pytest.raises(ValueError, match=r"no layer 'conv1'.*Convolution"):
            L.ResNet50Layers.convert_caffemodel_to_npz(path, out)
        assert not os.path.exists(out)
        with pytest.raises(RuntimeError, match=r"convert_caffemodel_to_npz\("):
            L.GoogLeNet(pretrained_model=path)


# -- ResNet -------------------------------------------------------------------------

class TestResNet:

    def test_convert_resnet50(self, resnet50_caffemodel, tmp_path):
        path, net = resnet50_caffemodel
        npz_path = str(tmp_path / 'resnet50.npz')
        L.ResNet50Layers.convert_caffemodel_to_npz(path, npz_path)
        model = L.ResNet50Layers(pretrained_model=npz_path)
        _check_filled(model, _resnet_expected(net, 50))
        assert numpy.abs(model.conv1.b.array).max() > 0   # ResNet-50 has one

        # Outputs agree with Caffe's network; Caffe's BatchNorm eps is 1e-5 and
        # the chain's 2e-5, hence the tolerance.
        func = _caffe_function(path)
        x = _x(1, 3, 32, 32)
        with chainer.using_config('train', False):
            y = model(x, layers=['res5'])['res5']
        expected, = _caffe_run(func, {'data': x}, ['res5c'])
        numpy.testing.assert_allclose(y.array, expected.array, rtol=2e-3,
                                      atol=2e-3 * numpy.abs(expected.array).max())
        h = numpy.abs(_x(2, 2048, 7, 7, seed=1))
        with chainer.using_config('train', False):
            y = h
            for name in ('pool5', 'fc6', 'prob'):
                for f in model.functions[name]:
                    y = f(y)
        expected, = _caffe_run(func, {'res5c': h}, ['prob'])
        numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-4, atol=1e-7)

    @pytest.mark.parametrize('cls,depth', [(L.ResNet101Layers, 101),
                                           (L.ResNet152Layers, 152)])
    def test_convert_deeper_narrowed(self, monkeypatch, tmp_path, cls, depth):
        width = _narrow(16, keep=(3, 1000))
        net = _resnet_net(depth, width)
        path = net.save(tmp_path / 'ResNet-{}-model.caffemodel'.format(depth))
        _narrow_links(monkeypatch, resnet, width)
        npz_path = str(tmp_path / 'resnet.npz')
        cls.convert_caffemodel_to_npz(path, npz_path)
        model = cls(pretrained_model=npz_path)
        # conv1 has no bias in ResNet-101/152: the chain's is zero.
        expected = _resnet_expected(net, depth)
        assert not isinstance(expected['/conv1/b'], numpy.ndarray)
        _check_filled(model, expected)
        func = _caffe_function(path)
        x = _x(1, 3, 32, 32)
        with chainer.using_config('train', False):
            y = model(x, layers=['res5'])['res5']
        expected, = _caffe_run(func, {'data': x}, ['res5c'])
        numpy.testing.assert_allclose(y.array, expected.array, rtol=2e-3,
                                      atol=2e-3 * numpy.abs(expected.array).max())

        # The base class converts any depth; the fixed-depth classes their own.
        resnet.ResNetLayers.convert_caffemodel_to_npz(path, npz_path, depth)
        _check_filled(resnet.ResNetLayers(npz_path, depth), _resnet_expected(
            net, depth))
        with pytest.raises(ValueError, match='n_layers=50 does not match'):
            cls.convert_caffemodel_to_npz(path, npz_path, n_layers=50)
        # The 50-layer network finds names it does not have.
        with pytest.raises(ValueError, match="no layer 'res3b_branch2a'"):
            resnet.ResNetLayers.convert_caffemodel_to_npz(path, npz_path)

    def test_auto_converts(self, monkeypatch, dataset_root):
        width = _narrow(16, keep=(3, 1000))
        net = _resnet_net(101, width)
        models = dataset_root / 'pfnet' / 'chainer' / 'models'
        models.mkdir(parents=True)
        net.save(models / 'ResNet-101-model.caffemodel')
        _narrow_links(monkeypatch, resnet, width)
        _check_filled(L.ResNet101Layers(), _resnet_expected(net, 101))
        assert (models / 'ResNet-101-model.npz').is_file()
        with pytest.raises(RuntimeError) as info:
            L.ResNet152Layers()
        assert os.path.join(str(models), 'ResNet-152-model.caffemodel') in str(
            info.value)
        assert 'KaimingHe/deep-residual-networks' in str(info.value)

    def test_bad_depth(self, tmp_path):
        with pytest.raises(ValueError, match='50, 101 or 152'):
            resnet.ResNetLayers.convert_caffemodel_to_npz('a', 'b', n_layers=34)


# -- VGG ----------------------------------------------------------------------------

class TestVGG:

    def test_convert_vgg16(self, monkeypatch, tmp_path):
        # Real convolutions; fc6 and fc7 64 wide instead of 4096.
        fc_width = _narrow(64, keep=(1000, 512 * 7 * 7))
        net = _vgg_net(16, fc_width=fc_width)
        path = net.save(tmp_path / 'VGG_ILSVRC_16_layers.caffemodel')
        monkeypatch.setattr(vgg, 'Linear', lambda n_in, n_out, **kwargs: L.Linear(
            fc_width(n_in), fc_width(n_out), **kwargs))
        npz_path = str(tmp_path / 'vgg16.npz')
        L.VGG16Layers.convert_caffemodel_to_npz(path, npz_path)
        model = L.VGG16Layers(pretrained_model=npz_path)
        _check_filled(model, _vgg_expected(net))
        # The file has the old layout: fc6's weight is num 1, channels 1,
        # height 64, width 25088.
        fc6, = [layer for layer in net.net.layers if layer.name == 'fc6']
        assert not fc6.blobs[0].HasField('shape')
        assert (fc6.blobs[0].num, fc6.blobs[0].channels, fc6.blobs[0].height,
                fc6.blobs[0].width) == (1, 1, 64, 25088)

        func = _caffe_function(path)
        x = _x(1, 3, 32, 32) * 50
        with chainer.using_config('train', False):
            y = model(x, layers=['pool5'])['pool5']
        expected, = _caffe_run(func, {'data': x}, ['pool5'])
        numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-4,
                                      atol=1e-5 * numpy.abs(expected.array).max())
        h = numpy.abs(_x(2, 512, 7, 7, seed=1))
        with chainer.using_config('train', False):
            y = h
            for name in ('fc6', 'fc7', 'fc8', 'prob'):
                for f in model.functions[name]:
                    y = f(y)
        expected, = _caffe_run(func, {'pool5': h}, ['prob'])
        numpy.testing.assert_allclose(y.array, expected.array, rtol=1e-4, atol=1e-7)

    def test_vgg19_and_the_depth_of_vgglayers(self, monkeypatch, tmp_path,
                                              dataset_root):
        width = _narrow(16, keep=(3, 1000))
        net19 = _vgg_net(19, width, width)
        path19 = net19.save(tmp_path / 'VGG_ILSVRC_19_layers.caffemodel')
        path16 = _vgg_net(16, width, width).save(
            tmp_path / 'VGG_ILSVRC_16_layers.caffemodel')
        _narrow_links(monkeypatch, vgg, width)
        npz_path = str(tmp_path / 'vgg19.npz')
        L.VGG19Layers.convert_caffemodel_to_npz(path19, npz_path)
        _check_filled(L.VGG19Layers(npz_path), _vgg_expected(net19))
        # VGGLayers takes the depth from the Caffe model.
        vgg.VGGLayers.convert_caffemodel_to_npz(path19, npz_path)
        _check_filled(vgg.VGGLayers(npz_path, 19), _vgg_expected(net19))
        vgg.VGGLayers.convert_caffemodel_to_npz(path16, npz_path)
        assert sorted(numpy.load(npz_path).keys()) == sorted(
            name.lstrip('/') for name, _ in vgg.VGGLayers(None, 16).namedparams())

        # The other depth's Caffe model is refused, naming what does not fit.
        with pytest.raises(ValueError, match='conv3_4, conv4_4, conv5_4'):
            L.VGG16Layers.convert_caffemodel_to_npz(path19, npz_path)
        with pytest.raises(ValueError, match="no layer 'conv3_4'"):
            L.VGG19Layers.convert_caffemodel_to_npz(path16, npz_path)

        # A blob of another shape is reported with both shapes.
        wrong = _vgg_net(16, width, width)
        layer = [la for la in wrong.net.layers if la.name == 'conv2_1'][0]
        del layer.blobs[:]
        _add_blob(layer, numpy.zeros((6, 4, 3, 3)), legacy=True)
        _add_blob(layer, numpy.zeros(6), legacy=True)
        path_wrong = wrong.save(tmp_path / 'wrong.caffemodel')
        with pytest.raises(ValueError, match=r"'conv2_1'.*\(6, 4, 3, 3\); "
                                             r"\(8, 4, 3, 3\) was expected"):
            L.VGG16Layers.convert_caffemodel_to_npz(path_wrong, npz_path)

        # 'auto' converts the Caffe model placed in the model directory.
        models = dataset_root / 'pfnet' / 'chainer' / 'models'
        models.mkdir(parents=True)
        os.symlink(path19, models / 'VGG_ILSVRC_19_layers.caffemodel')
        _check_filled(L.VGG19Layers(), _vgg_expected(net19))
        with pytest.raises(RuntimeError) as info:
            L.VGG16Layers()
        assert 'VGG_ILSVRC_16_layers.caffemodel' in str(info.value)
        assert 'www.robots.ox.ac.uk' in str(info.value)
        # A wrong Caffe model put there is reported, and no npz file is left.
        os.symlink(path19, models / 'VGG_ILSVRC_16_layers.caffemodel')
        with pytest.raises(ValueError, match='conv3_4, conv4_4, conv5_4'):
            L.VGG16Layers()
        assert sorted(p.name for p in models.iterdir()) == [
            'VGG_ILSVRC_16_layers.caffemodel', 'VGG_ILSVRC_19_layers.caffemodel',
            'VGG_ILSVRC_19_layers.npz']
