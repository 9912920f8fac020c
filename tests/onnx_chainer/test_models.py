"""Whole models exported and run in ONNX Runtime: vision networks of
chainer.links (random weights, small inputs), an MLP, an LSTM, batch
normalization in test mode."""
import numpy

import chainer
import chainer.functions as F
import chainer.links as L

rng = numpy.random.RandomState(10)


class Layers(chainer.Chain):
    """Runs a vision network up to ``layers``."""

    def __init__(self, net, layers):
        super().__init__()
        self.layers = layers
        with self.init_scope():
            self.net = net

    def forward(self, x):
        return self.net(x, layers=self.layers)


def _image(size):
    return rng.uniform(0, 1, (1, 3, size, size)).astype(numpy.float32)


def test_vgg16(check_export):
    # Up to pool5 (13 convolutions and 5 poolings); the fully connected layers
    # need 224x224 images and are left out to keep the test fast.
    model = Layers(L.VGG16Layers(pretrained_model=None), ['pool5'])
    onnx_model = check_export(model, _image(32), opsets=[7, 11], rtol=1e-4,
                              atol=1e-5)
    ops = [n.op_type for n in onnx_model.graph.node]
    assert ops.count('Conv') == 13 and ops.count('MaxPool') == 5


def test_resnet50(check_export):
    model = Layers(L.ResNet50Layers(pretrained_model=None), ['prob'])
    onnx_model = check_export(model, _image(64), opsets=[7, 11], rtol=1e-4,
                              atol=1e-6)
    ops = [n.op_type for n in onnx_model.graph.node]
    assert ops.count('Conv') == 53 and ops.count('BatchNormalization') == 53
    assert ops[-1] == 'Softmax'


def test_googlenet(check_export):
    model = Layers(L.GoogLeNet(pretrained_model=None), ['prob'])
    onnx_model = check_export(model, _image(224), opsets=[9], rtol=1e-4,
                              atol=1e-6)
    ops = [n.op_type for n in onnx_model.graph.node]
    assert ops.count('LRN') == 2 and ops.count('Concat') == 9


class MLP(chainer.Chain):

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(None, 16)
            self.l2 = L.Linear(None, 16)
            self.l3 = L.Linear(None, 10)

    def forward(self, x):
        return self.l3(F.relu(self.l2(F.relu(self.l1(x)))))


def test_mlp(check_export):
    model = MLP()
    x = rng.uniform(0, 1, (5, 64)).astype(numpy.float32)
    onnx_model = check_export(model, x)
    assert len(onnx_model.graph.initializer) == 6


class LSTMStep(chainer.Chain):

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.embed = L.EmbedID(10, 4)
            self.lstm = L.LSTM(4, 6)
            self.out = L.Linear(6, 10)

    def forward(self, word, h, c):
        self.lstm.set_state(c, h)
        y = self.out(self.lstm(self.embed(word)))
        return y, self.lstm.h, self.lstm.c


def test_lstm_step(check_export):
    word = numpy.array([3, 1], numpy.int32)
    h = rng.uniform(-1, 1, (2, 6)).astype(numpy.float32)
    c = rng.uniform(-1, 1, (2, 6)).astype(numpy.float32)
    onnx_model = check_export(LSTMStep(), (word, h, c),
                              output_names=['y', 'h', 'c'])
    assert 'LSTM_0' in [n.name for n in onnx_model.graph.node]


class ConvBN(chainer.Chain):

    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.conv = L.Convolution2D(3, 4, 3, pad=1, nobias=True)
            self.bn = L.BatchNormalization(4)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


def test_batch_normalization_in_test_mode(check_export):
    model = ConvBN()
    model.bn.avg_mean[:] = rng.uniform(-1, 1, 4)
    model.bn.avg_var[:] = rng.uniform(0.5, 2, 4)
    x = rng.uniform(-1, 1, (2, 3, 5, 5)).astype(numpy.float32)
    onnx_model = check_export(model, x)
    assert 'BatchNormalization' in [n.op_type for n in onnx_model.graph.node]
    # The running statistics are stored under the link's names.
    import onnx.numpy_helper
    stored = {i.name: onnx.numpy_helper.to_array(i)
              for i in onnx_model.graph.initializer}
    numpy.testing.assert_array_equal(stored['param_bn_avg_mean'],
                                     model.bn.avg_mean)
    numpy.testing.assert_array_equal(stored['param_bn_avg_var'], model.bn.avg_var)


def test_n_step_gru_link(check_export):
    class Model(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.gru = L.NStepGRU(2, 4, 5, 0.0)

        def forward(self, *xs):
            hy, ys = self.gru(None, list(xs))
            return (hy,) + tuple(ys)

    xs = [rng.uniform(-1, 1, (n, 4)).astype(numpy.float32) for n in (4, 3, 3)]
    onnx_model = check_export(Model(), xs, opsets=[9, 11], rtol=1e-4, atol=1e-5)
    assert [n.op_type for n in onnx_model.graph.node].count('GRU') == 2
