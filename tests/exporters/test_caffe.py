"""chainer.exporters.caffe: export, read back with CaffeFunction, and the files
Chainer 7.8.1's exporter wrote (tests/fixtures/chainer-7.8.1/caffe)."""
import os
import sys
import warnings

import numpy
import pytest
from google.protobuf import text_format

import chainer
import chainer.functions as F
import chainer.links as L
from chainer.exporters import caffe
from chainer.links.caffe import CaffeFunction
from chainer.links.caffe.caffe_function import caffe_pb

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures')
sys.path.insert(0, FIXTURES)
import compat_models  # NOQA


def _rand(*shape, seed=0):
    return numpy.random.RandomState(seed).uniform(-1, 1, shape).astype(numpy.float32)


def _export(model, args, directory, **kwargs):
    caffe.export(model, args, str(directory), **kwargs)
    return (str(directory / 'chainer_model.prototxt'),
            str(directory / 'chainer_model.caffemodel'))


def _read_prototxt(path):
    with open(path) as f:
        return text_format.Parse(f.read(), caffe_pb.NetParameter())


def _read_caffemodel(path):
    net = caffe_pb.NetParameter()
    with open(path, 'rb') as f:
        net.ParseFromString(f.read())
    return net


class Everything(chainer.Chain):
    """Uses every function the exporter knows."""

    def __init__(self):
        super(Everything, self).__init__()
        with self.init_scope():
            self.c1 = L.Convolution2D(3, 4, 3, stride=1, pad=1)
            self.bn = L.BatchNormalization(4)
            self.c2 = L.Convolution2D(3, 4, 3, stride=2, pad=1, nobias=True,
                                      groups=1)
            self.dc = L.Deconvolution2D(4, 4, 2, stride=2, groups=2)
            self.fc1 = L.Linear(None, 6)
            self.fc2 = L.Linear(6, 3)

    def forward(self, x):
        h = F.relu(self.bn(self.c1(x)))                        # 6x6
        h = F.max_pooling_2d(h, 2, 2)                          # 3x3
        h = F.local_response_normalization(h, n=3)
        g = F.leaky_relu(self.c2(x), slope=0.3)               # 3x3
        h = self.dc(F.sigmoid(h) + F.tanh(g))                  # 6x6
        a, b = F.split_axis(h, [1], axis=1)
        h = F.concat((b, a), axis=1)
        h = F.average_pooling_2d(h, 3, 3)                      # 2x2
        h = self.fc1(F.reshape(h, (len(h), -1)))
        return F.softmax(self.fc2(F.relu(h)))


def _everything():
    numpy.random.seed(7)
    model = Everything()
    model.bn.avg_mean[...] = _rand(4, seed=1)
    model.bn.avg_var[...] = _rand(4, seed=2) ** 2 + 0.5
    model.bn.gamma.array[...] = _rand(4, seed=3)
    model.bn.beta.array[...] = _rand(4, seed=4)
    return model


def test_round_trip(tmp_path):
    model = _everything()
    x = _rand(2, 3, 6, 6, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # nothing to warn about here
        prototxt, caffemodel = _export(model, [chainer.Variable(x)], tmp_path,
                                       graph_name='everything')
    func = CaffeFunction(caffemodel)
    with chainer.using_config('train', False):
        expected = model(x).array
        y, = func(inputs={'data': x}, outputs=[func.layers[-1][0]])
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-6)

    net = _read_prototxt(prototxt)
    assert net.name == 'everything'
    assert [layer.type for layer in net.layer] == [
        'Input', 'Convolution', 'ReLU', 'TanH', 'Convolution', 'BatchNorm', 'Scale',
        'ReLU', 'Pooling', 'LRN', 'Sigmoid', 'Eltwise', 'Deconvolution', 'Slice',
        'Concat', 'Pooling', 'Reshape', 'InnerProduct', 'ReLU', 'InnerProduct',
        'Softmax']
    assert list(net.layer[0].input_param.shape[0].dim) == [2, 3, 6, 6]
    assert not any(layer.blobs for layer in net.layer)
    conv2 = net.layer[1].convolution_param
    assert (conv2.kernel_h, conv2.stride_h, conv2.pad_h, conv2.bias_term) == \
        (3, 2, 1, False)
    assert net.layer[12].convolution_param.group == 2
    assert list(net.layer[13].slice_param.slice_point) == [1]
    assert list(net.layer[16].reshape_param.shape.dim) == [2, -1]
    assert net.layer[9].lrn_param.local_size == 3

    weights = _read_caffemodel(caffemodel)
    assert weights.layer[0].type == 'Convolution'  # no Input layer
    assert all(layer.phase == caffe_pb.TEST for layer in weights.layer)
    bn, scale = weights.layer[4], weights.layer[5]
    numpy.testing.assert_allclose(bn.blobs[0].data, model.bn.avg_mean, rtol=1e-6)
    numpy.testing.assert_allclose(bn.blobs[1].data, model.bn.avg_var, rtol=1e-6)
    assert list(bn.blobs[2].data) == [1.0]
    numpy.testing.assert_allclose(scale.blobs[0].data, model.bn.gamma.array)
    assert [list(b.shape.dim) for b in weights.layer[0].blobs] == [[4, 3, 3, 3]]


def test_layer_names(tmp_path):
    """``<label>-<rank>-<n>``, n counting functions of that label and rank; a
    function comes after those computing its inputs, the last input first."""
    class Model(chainer.Chain):
        def forward(self, x):
            return F.relu(x) + F.sigmoid(F.relu(x))

    x = _rand(2, 3, seed=6)
    prototxt, _ = _export(Model(), [chainer.Variable(x)], tmp_path)
    net = _read_prototxt(prototxt)
    assert [(layer.name, list(layer.bottom)) for layer in net.layer[1:]] == [
        ('ReLU-0-1', ['data']), ('Sigmoid-1-1', ['ReLU-0-1']),
        ('ReLU-0-2', ['data']), ('_ + _-2-1', ['ReLU-0-2', 'Sigmoid-1-1'])]
    assert [list(layer.top) for layer in net.layer[1:]] == [
        [layer.name] for layer in net.layer[1:]]


def test_several_inputs_and_outputs(tmp_path):
    class Model(chainer.Chain):
        def __init__(self):
            super(Model, self).__init__()
            with self.init_scope():
                self.fc = L.Linear(3, 2)

        def forward(self, x, y):
            return F.relu(self.fc(x)), F.concat((x, y))

    model = Model()
    x, y = _rand(2, 3, seed=7), _rand(2, 4, seed=8)
    prototxt, caffemodel = _export(model, [x, chainer.Variable(y)], tmp_path)
    net = _read_prototxt(prototxt)
    assert [layer.name for layer in net.layer[:2]] == ['data', 'data1']
    func = CaffeFunction(caffemodel)
    names = [layer[0] for layer in func.layers]
    relu_name = [n for n in names if n.startswith('ReLU')][0]
    concat_name = [n for n in names if n.startswith('Concat')][0]
    a, b = func(inputs={'data': x, 'data1': y}, outputs=[relu_name, concat_name])
    numpy.testing.assert_allclose(
        a.array, numpy.maximum(x @ model.fc.W.array.T + model.fc.b.array, 0),
        rtol=1e-6)
    numpy.testing.assert_array_equal(b.array, numpy.concatenate([x, y], axis=1))


def test_export_params_false_and_no_directory(tmp_path):
    model = _everything()
    x = chainer.Variable(_rand(1, 3, 6, 6, seed=9))
    target = tmp_path / 'new' / 'dir'  # created
    caffe.export(model, [x], str(target), export_params=False)
    assert sorted(os.listdir(str(target))) == ['chainer_model.prototxt']
    assert caffe.export(model, [x], None) is None


def test_output_name_can_be_read_back_by_name(tmp_path):
    class Model(chainer.Chain):
        def forward(self, x):
            return F.softmax(x)

    x = _rand(2, 5, seed=10)
    _, caffemodel = _export(Model(), [x], tmp_path)
    func = CaffeFunction(caffemodel)
    y, = func(inputs={'data': x}, outputs=['Softmax-0-1'])
    e = numpy.exp(x - x.max(axis=1, keepdims=True))
    numpy.testing.assert_allclose(y.array, e / e.sum(axis=1, keepdims=True),
                                  rtol=1e-6)


@pytest.mark.parametrize('forward,message', [
    (lambda x: F.exp(x), 'exp has no Caffe layer; the functions that can be '
     'exported are linear, convolution_2d'),
    (lambda x: F.batch_normalization(x, numpy.ones(3, numpy.float32),
                                     numpy.zeros(3, numpy.float32)),
     'statistics of the batch'),
    (lambda x: x + chainer.Variable(numpy.ones((2, 3), numpy.float32)),
     'input 1 of _ \\+ _ is a constant'),
    (lambda x: F.softmax(x, axis=0), 'only softmax over axis 1'),
    (lambda x: F.convolution_2d(F.reshape(x, (2, 3, 1, 1)),
                                numpy.ones((1, 3, 1, 1), numpy.float32),
                                cover_all=True), 'cover_all'),
    (lambda x: F.deconvolution_2d(F.reshape(x, (2, 3, 1, 1)),
                                  numpy.ones((3, 1, 2, 2), numpy.float32),
                                  stride=2, outsize=(3, 3)), 'outsize'),
])
def test_unsupported(forward, message):
    class Model(chainer.Chain):
        def forward(self, x):
            return forward(x)

    with pytest.raises(NotImplementedError, match=message):
        caffe.export(Model(), [chainer.Variable(_rand(2, 3))], None)


def test_model_must_return_variables():
    class Model(chainer.Chain):
        def forward(self, x):
            return {'y': F.relu(x), 'z': x.array}

    with pytest.raises(TypeError, match='must return a Variable'):
        caffe.export(Model(), [_rand(2, 3)], None)


def test_pooling_sizes_that_caffe_computes_otherwise_warn(tmp_path):
    class Model(chainer.Chain):
        def forward(self, x):
            return F.max_pooling_2d(x, 2, 2, cover_all=False)

    with pytest.warns(UserWarning, match=r'output of size \(3, 3\).*gave \(2, 2\)'):
        caffe.export(Model(), [_rand(1, 1, 5, 5)], None)


# -- Chainer 7.8.1's files ---------------------------------------------------------

CHAINER_CAFFE = os.path.join(FIXTURES, 'chainer-7.8.1', 'caffe')


def _fixture_io():
    with numpy.load(os.path.join(CHAINER_CAFFE, 'io.npz')) as f:
        return f['x'], f['y']


def test_caffemodel_exported_by_chainer_loads():
    x, expected = _fixture_io()
    func = CaffeFunction(os.path.join(CHAINER_CAFFE, 'chainer_model.caffemodel'))
    with chainer.using_config('train', False):
        y, = func(inputs={'data': x}, outputs=['Softmax-12-1'])
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-6)


def test_prototxt_written_by_chainer_parses():
    with open(os.path.join(CHAINER_CAFFE, 'chainer_model.prototxt')) as f:
        net = text_format.Parse(f.read(), caffe_pb.NetParameter())
    assert net.name == 'CaffeExportable'
    assert list(net.layer[0].input_param.shape[0].dim) == [2, 4, 8, 8]


def test_we_export_what_chainer_exported(tmp_path):
    """The same model exported here gives Chainer's network: the same layers,
    parameters and weights, in the same order, under the same names (but for
    our label of max pooling, the deconvolution bias shape, which Chainer wrote
    wrong, and the shape given to reshape by L.Linear, (2, 32) here and (2, -1)
    in Chainer)."""
    model = compat_models.CaffeExportable()
    chainer.serializers.load_npz(os.path.join(CHAINER_CAFFE, 'model.npz'), model)
    x, expected = _fixture_io()
    with chainer.using_config('train', False):
        numpy.testing.assert_allclose(model(x).array, expected, rtol=1e-5)
    prototxt, caffemodel = _export(model, [chainer.Variable(x)], tmp_path,
                                   graph_name='CaffeExportable')

    def normalized(net):
        text = text_format.MessageToString(net).replace('MaxPooling2D', 'MaxPoolingND')
        return text.splitlines()

    ours = _read_caffemodel(caffemodel)
    theirs = _read_caffemodel(os.path.join(CHAINER_CAFFE, 'chainer_model.caffemodel'))
    deconv = [layer for layer in theirs.layer if layer.type == 'Deconvolution'][0]
    assert list(deconv.blobs[1].shape.dim) == [8]  # Chainer's, for 2 values
    deconv.blobs[1].shape.dim[:] = [2]
    for net, dims in [(ours, [2, 32]), (theirs, [2, -1])]:
        reshape, = [layer for layer in net.layer if layer.type == 'Reshape']
        assert list(reshape.reshape_param.shape.dim) == dims
        reshape.ClearField('reshape_param')
    assert len(ours.layer) == len(theirs.layer) == 16
    for a, b in zip(ours.layer, theirs.layer):
        for blob_a, blob_b in zip(a.blobs, b.blobs):
            numpy.testing.assert_allclose(blob_a.data, blob_b.data, rtol=1e-6)
            blob_a.ClearField('data')
            blob_b.ClearField('data')
    assert normalized(ours) == normalized(theirs)

    with open(os.path.join(CHAINER_CAFFE, 'chainer_model.prototxt')) as f:
        theirs = text_format.Parse(f.read(), caffe_pb.NetParameter())
    ours = _read_prototxt(prototxt)
    for net in (ours, theirs):
        reshape, = [layer for layer in net.layer if layer.type == 'Reshape']
        reshape.ClearField('reshape_param')
    assert normalized(ours) == normalized(theirs)


def test_dict_output_as_the_vision_models_return(tmp_path):
    class Model(chainer.Chain):
        def forward(self, x):
            return {'prob': F.softmax(x), 'act': F.relu(x)}

    x = _rand(2, 4, seed=11)
    prototxt, caffemodel = _export(Model(), [x], tmp_path)
    assert [layer.type for layer in _read_prototxt(prototxt).layer] == [
        'Input', 'Softmax', 'ReLU']
    act, = CaffeFunction(caffemodel)(inputs={'data': x}, outputs=['ReLU-0-1'])
    numpy.testing.assert_array_equal(act.array, numpy.maximum(x, 0))
