"""VGG, ResNet and GoogLeNet: structure, forward, preprocessing, weight loading.

The fully connected layers of VGG hold over 100 M parameters; to keep these
tests light, the VGG tests replace ``Linear`` in the vgg module with a recorder
(its real counterpart is tested with the connection links).
"""
import os

import numpy
import pytest

import chainer
from chainer.dataset import download
import chainer.functions as F
from chainer import initializers
import chainer.links as L
from chainer.links.model.vision import googlenet
from chainer.links.model.vision import resnet
from chainer.links.model.vision import vgg
from chainer import serializers


class _FakeLinear(chainer.Link):
    # Records its sizes and multiplies the flattened input by a small fixed matrix.
    def __init__(self, in_size, out_size, **kwargs):
        super().__init__()
        self.in_size = in_size
        self.out_size = out_size
        self.kwargs = kwargs

    def forward(self, x):
        x = F.reshape(x, (x.shape[0], -1))
        w = numpy.full((self.out_size, x.shape[1]), 1e-3, x.dtype)
        return F.linear(x, w)


@pytest.fixture
def fake_linear(monkeypatch):
    monkeypatch.setattr(vgg, 'Linear', _FakeLinear)


@pytest.fixture
def loads(monkeypatch):
    calls = []
    monkeypatch.setattr(serializers.npz, 'load_npz',
                        lambda path, model: calls.append((path, model)))
    return calls


@pytest.fixture
def dataset_root(tmp_path):
    old = download.get_dataset_root()
    download.set_dataset_root(str(tmp_path))
    yield tmp_path
    download.set_dataset_root(old)


def _relu(x):
    return numpy.maximum(x, 0)


def _conv3x3_same(x, W, b):
    xp = numpy.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    h, w = x.shape[2:]
    y = sum(numpy.einsum('nchw,oc->nohw', xp[:, :, dy:dy + h, dx:dx + w],
                         W[:, :, dy, dx]) for dy in range(3) for dx in range(3))
    return y + b.reshape(1, -1, 1, 1)


class TestVGG:

    @pytest.mark.parametrize('cls,n_convs', [(L.VGG16Layers, 13),
                                              (L.VGG19Layers, 16)])
    def test_structure(self, fake_linear, cls, n_convs):
        model = cls(pretrained_model=None)
        convs = [name for name in model.available_layers
                 if name.startswith('conv')]
        assert len(convs) == n_convs
        assert model.available_layers[-5:] == ['pool5', 'fc6', 'fc7', 'fc8', 'prob']
        assert [name for name in model.available_layers
                if name.startswith('pool')] == ['pool{}'.format(i)
                                                for i in range(1, 6)]
        assert model.conv1_1.W.shape == (64, 3, 3, 3)
        assert model.conv5_3.W.shape == (512, 512, 3, 3)
        assert (model.fc6.in_size, model.fc6.out_size) == (25088, 4096)
        assert (model.fc8.in_size, model.fc8.out_size) == (4096, 1000)
        numpy.testing.assert_array_equal(model.conv3_1.b.array, 0)
        # Random initialization: Normal(0.01).
        assert abs(model.conv5_1.W.array.std() - 0.01) < 5e-4
        assert isinstance(model.fc7.kwargs['initialW'], initializers.Normal)

    def test_forward_first_layers(self, fake_linear):
        model = L.VGG16Layers(pretrained_model=None)
        for link in (model.conv1_1, model.conv1_2):
            link.W.array[...] = numpy.random.uniform(-0.3, 0.3, link.W.shape)
            link.b.array[...] = numpy.random.uniform(-0.1, 0.1, link.b.shape)
        x = numpy.random.uniform(-1, 1, (2, 3, 6, 4)).astype(numpy.float32)
        out = model(x, layers=['conv1_2', 'pool1'])
        assert sorted(out) == ['conv1_2', 'pool1']
        h = _relu(_conv3x3_same(x, model.conv1_1.W.array, model.conv1_1.b.array))
        h = _relu(_conv3x3_same(h, model.conv1_2.W.array, model.conv1_2.b.array))
        numpy.testing.assert_allclose(out['conv1_2'].array, h, rtol=1e-4, atol=1e-4)
        pooled = h.reshape(2, 64, 3, 2, 2, 2).max(axis=(3, 5))
        numpy.testing.assert_allclose(out['pool1'].array, pooled, rtol=1e-4,
                                      atol=1e-4)

    def test_forward_to_prob(self, fake_linear):
        # A 32x32 input keeps it cheap: pool5 is then 1x1 (7x7 for 224x224).
        model = L.VGG16Layers(pretrained_model=None)
        x = numpy.random.uniform(-1, 1, (1, 3, 32, 32)).astype(numpy.float32)
        with chainer.using_config('train', False):
            out = model(x, layers=['pool5', 'fc7', 'prob'])
        assert out['pool5'].shape == (1, 512, 1, 1)
        assert out['fc7'].shape == (1, 4096)
        assert (out['fc7'].array >= 0).all()          # ReLU after fc7
        assert out['prob'].shape == (1, 1000)
        numpy.testing.assert_allclose(out['prob'].array.sum(), 1, rtol=1e-5)

    def test_forward_errors(self, fake_linear):
        model = L.VGG19Layers(pretrained_model=None)
        with pytest.raises(ValueError, match='unknown layer'):
            model(numpy.zeros((1, 3, 8, 8), 'f'), layers=['conv6_1'])
        with pytest.raises(ValueError, match='test argument is not supported'):
            model(numpy.zeros((1, 3, 8, 8), 'f'), layers=['conv1_1'], test=True)

    def test_pretrained_paths(self, fake_linear, loads, dataset_root):
        model = L.VGG16Layers(pretrained_model='weights.npz')
        assert loads == [('weights.npz', model)]
        # Zero initialization when weights are loaded.
        numpy.testing.assert_array_equal(model.conv1_1.W.array, 0)
        with pytest.raises(RuntimeError, match='VGG_ILSVRC_19_layers.npz does not '
                                               'exist'):
            L.VGG19Layers()
        path = dataset_root / 'pfnet' / 'chainer' / 'models'
        path.mkdir(parents=True)
        (path / 'VGG_ILSVRC_19_layers.npz').write_bytes(b'')
        model = L.VGG19Layers()
        assert loads[-1] == (str(path / 'VGG_ILSVRC_19_layers.npz'), model)
        with pytest.raises(RuntimeError, match='Caffe model'):
            L.VGG16Layers('VGG_ILSVRC_16_layers.caffemodel')
        with pytest.raises(FileNotFoundError, match='a.caffemodel does not exist'):
            L.VGG16Layers.convert_caffemodel_to_npz('a.caffemodel', 'a.npz')


class TestPrepare:

    @pytest.mark.parametrize('module,mean', [
        (vgg, (103.939, 116.779, 123.68)),
        (resnet, (103.063, 115.903, 123.152)),
        (googlenet, (104.0, 117.0, 123.0)),
    ])
    def test_array_layouts(self, module, mean):
        rgb = numpy.random.randint(0, 256, (5, 6, 3)).astype(numpy.uint8)
        expected = rgb[:, :, ::-1].astype(numpy.float32) - numpy.array(mean, 'f')
        expected = expected.transpose(2, 0, 1)
        for image in (rgb, rgb.transpose(2, 0, 1)):
            out = module.prepare(image, size=None)
            assert out.dtype == numpy.float32 and out.shape == (3, 5, 6)
            numpy.testing.assert_allclose(out, expected, rtol=1e-6)
        gray = rgb[:, :, 0]
        out = module.prepare(gray[None], size=None)
        numpy.testing.assert_allclose(out[0], gray - numpy.float32(mean[0]),
                                      rtol=1e-6)

    def test_resize_and_pil(self):
        from PIL import Image
        image = Image.new('RGB', (10, 8), (10, 20, 30))
        out = vgg.prepare(image, size=(4, 3))
        assert out.shape == (3, 3, 4)
        numpy.testing.assert_allclose(out[:, 0, 0], [30 - 103.939, 20 - 116.779,
                                                     10 - 123.68], rtol=1e-5)
        assert vgg.prepare(image).shape == (3, 224, 224)

    def test_bad_input(self):
        with pytest.raises(TypeError, match='PIL image or a numpy.ndarray'):
            vgg.prepare([1, 2, 3])


def _bn_test(x, bn):
    shape = (1, -1, 1, 1)
    return ((x - bn.avg_mean.reshape(shape)) / numpy.sqrt(bn.avg_var.reshape(shape)
                                                          + bn.eps)
            * bn.gamma.array.reshape(shape) + bn.beta.array.reshape(shape))


def _conv1x1(x, W, stride=1):
    return numpy.einsum('nchw,oc->nohw', x[:, :, ::stride, ::stride], W[:, :, 0, 0])


def _randomize_bn(link):
    for bn in link.links():
        if isinstance(bn, L.BatchNormalization):
            bn.avg_mean[...] = numpy.random.uniform(-0.5, 0.5, bn.avg_mean.shape)
            bn.avg_var[...] = numpy.random.uniform(0.5, 1.5, bn.avg_var.shape)
            bn.gamma.array[...] = numpy.random.uniform(0.5, 1.5, bn.gamma.shape)
            bn.beta.array[...] = numpy.random.uniform(-0.5, 0.5, bn.beta.shape)


class TestResNet:

    def test_bottleneck_blocks(self):
        a = resnet.BottleneckA(4, 2, 6, stride=2)
        b = resnet.BottleneckB(6, 3)
        _randomize_bn(a)
        _randomize_bn(b)
        x = numpy.random.uniform(-1, 1, (2, 4, 4, 4)).astype(numpy.float32)
        with chainer.using_config('train', False):
            ya = a(x).array
            yb = b(ya).array
        zeros = numpy.zeros(2, numpy.float32)
        h = _relu(_bn_test(_conv1x1(x, a.conv1.W.array, 2), a.bn1))
        h = _relu(_bn_test(_conv3x3_same(h, a.conv2.W.array, zeros), a.bn2))
        h = _bn_test(_conv1x1(h, a.conv3.W.array), a.bn3)
        shortcut = _bn_test(_conv1x1(x, a.conv4.W.array, 2), a.bn4)
        numpy.testing.assert_allclose(ya, _relu(h + shortcut), rtol=1e-4, atol=1e-4)
        h = _relu(_bn_test(_conv1x1(ya, b.conv1.W.array), b.bn1))
        h = _relu(_bn_test(_conv3x3_same(h, b.conv2.W.array, numpy.zeros(3, 'f')),
                           b.bn2))
        h = _bn_test(_conv1x1(h, b.conv3.W.array), b.bn3)
        numpy.testing.assert_allclose(yb, _relu(h + ya), rtol=1e-4, atol=1e-4)
        assert a.conv1.b is None and a.conv1.stride == (2, 2)
        fb = resnet.BottleneckA(4, 2, 6, stride=2, downsample_fb=True)
        assert fb.conv1.stride == (1, 1) and fb.conv2.stride == (2, 2)

    @pytest.mark.parametrize('cls,blocks', [(L.ResNet50Layers, [3, 4, 6, 3]),
                                            (L.ResNet101Layers, [3, 4, 23, 3]),
                                            (L.ResNet152Layers, [3, 8, 36, 3])])
    def test_structure(self, loads, cls, blocks):
        model = cls(pretrained_model='resnet.npz')
        assert loads == [('resnet.npz', model)]
        for stage, n in zip(('res2', 'res3', 'res4', 'res5'), blocks):
            children = sorted(name for name, _ in
                              getattr(model, stage).namedlinks(skipself=True)
                              if name.count('/') == 1)
            assert len(children) == n
            assert '/a' in children and '/b{}'.format(n - 1) in children
        assert model.conv1.W.shape == (64, 3, 7, 7) and model.conv1.b is not None
        assert model.fc6.W.shape == (1000, 2048)
        assert model.res5.a.conv3.W.shape == (2048, 512, 1, 1)
        assert model.available_layers == ['conv1', 'pool1', 'res2', 'res3', 'res4',
                                          'res5', 'pool5', 'fc6', 'prob']

    def test_forward_random_initialization(self):
        model = L.ResNet50Layers(pretrained_model=None)
        # HeNormal filters: std sqrt(2 / fan_in).
        w = model.res4.b1.conv2.W.array
        assert abs(w.std() - numpy.sqrt(2. / (256 * 9))) < 0.003
        x = numpy.random.uniform(-1, 1, (2, 3, 32, 32)).astype(numpy.float32)
        with chainer.using_config('train', False):
            out = model(x, layers=['pool1', 'res5', 'pool5', 'prob'])
        assert out['pool1'].shape == (2, 64, 8, 8)
        assert out['res5'].shape == (2, 2048, 1, 1)
        numpy.testing.assert_allclose(out['pool5'].array,
                                      out['res5'].array.mean(axis=(2, 3)), rtol=1e-5)
        numpy.testing.assert_allclose(out['prob'].array.sum(axis=1), 1, rtol=1e-5)

    def test_options_and_errors(self, loads, dataset_root):
        with pytest.raises(ValueError, match='downsample_fb=True'):
            L.ResNet50Layers(downsample_fb=True)
        with pytest.raises(RuntimeError, match='ResNet-101-model.npz does not exist'):
            L.ResNet101Layers()
        with pytest.raises(ValueError, match='50, 101 or 152'):
            resnet.ResNetLayers(None, 34)
        with pytest.raises(TypeError, match='missing argument'):
            resnet.BuildingBlock(2, 4, 2)


class TestGoogLeNet:

    def test_structure_and_forward(self):
        model = L.GoogLeNet(pretrained_model=None)
        assert model.inc4e.conv5.W.shape == (128, 32, 5, 5)
        assert model.loss1_fc1.W.shape == (1024, 2048)
        assert model.available_layers[:5] == ['conv1', 'pool1', 'conv2_reduce',
                                              'conv2', 'pool2']
        assert 'loss1_fc1' not in model.available_layers
        x = numpy.random.uniform(-100, 100, (1, 3, 224, 224)).astype(numpy.float32)
        with chainer.using_config('train', False):
            out = model(x, layers=['pool1', 'inception_3a', 'pool5', 'prob'])
        assert out['pool1'].shape == (1, 64, 56, 56)
        assert out['inception_3a'].shape == (1, 256, 28, 28)
        assert out['pool5'].shape == (1, 1024, 1, 1)
        numpy.testing.assert_allclose(out['prob'].array.sum(), 1, rtol=1e-5)
        # pool1 is 3x3 max pooling (stride 2) followed by LRN.
        h = F.relu(model.conv1(x))
        expected = F.local_response_normalization(
            F.max_pooling_2d(h, 3, stride=2), n=5, k=1, alpha=1e-4 / 5)
        numpy.testing.assert_allclose(out['pool1'].array, expected.array, rtol=1e-5)

    def test_save_and_load_npz(self, tmp_path):
        model = L.GoogLeNet(pretrained_model=None)
        path = str(tmp_path / 'googlenet.npz')
        serializers.save_npz(path, model, compression=False)
        loaded = L.GoogLeNet(pretrained_model=path)
        for (name, p), (name2, q) in zip(sorted(model.namedparams()),
                                         sorted(loaded.namedparams())):
            assert name == name2
            numpy.testing.assert_array_equal(p.array, q.array)

    def test_extract_and_predict(self, monkeypatch):
        model = L.GoogLeNet(pretrained_model=None)
        images = [numpy.random.randint(0, 256, (40, 30, 3)).astype(numpy.uint8)
                  for _ in range(2)]
        feats = model.extract(images, layers=['conv1'], size=(32, 32))
        assert feats['conv1'].shape == (2, 64, 16, 16)
        assert feats['conv1'].creator is None        # no graph is kept
        x = numpy.stack([googlenet.prepare(im, size=(32, 32)) for im in images])
        numpy.testing.assert_allclose(feats['conv1'].array,
                                      F.relu(model.conv1(x)).array, rtol=1e-5)
        with pytest.raises(ValueError, match='volatile argument'):
            model.extract(images, volatile='on')

        # predict: ten crops of the 256x256 image averaged; the network itself is
        # replaced by the mean of each crop so the averaging can be checked.
        seen = []

        def fake_forward(x, layers=None):
            seen.append(x.shape)
            return {'prob': F.reshape(F.mean(x, axis=(1, 2, 3)), (-1, 1))}

        monkeypatch.setattr(model, 'forward', fake_forward)
        y = model.predict(images)
        assert seen[-1] == (20, 3, 224, 224)
        full = [googlenet.prepare(im, size=(256, 256)) for im in images]
        crops = chainer.utils.imgproc.oversample(numpy.stack(full), (224, 224))
        expected = crops.reshape(2, 10, -1).mean(axis=2).mean(axis=1)
        numpy.testing.assert_allclose(y.array[:, 0], expected, rtol=1e-5)
        y = model.predict(images, oversample=False)
        numpy.testing.assert_allclose(
            y.array[:, 0], [f[:, 16:240, 16:240].mean() for f in full], rtol=1e-5)

    def test_auto_missing(self, dataset_root):
        with pytest.raises(RuntimeError, match='bvlc_googlenet.npz does not exist'):
            L.GoogLeNet()
        assert not os.path.exists(os.path.join(str(dataset_root), 'pfnet'))


@pytest.mark.parametrize('module, make, file_name', [
    (vgg, lambda: L.VGG16Layers(), 'VGG_ILSVRC_16_layers.npz'),
    (vgg, lambda: L.VGG19Layers(), 'VGG_ILSVRC_19_layers.npz'),
    (resnet, lambda: L.ResNet50Layers(), 'ResNet-50-model.npz'),
    (googlenet, lambda: L.GoogLeNet(), 'bvlc_googlenet.npz'),
])
def test_missing_weights_fail_before_any_layer_is_built(
        monkeypatch, dataset_root, module, make, file_name):
    # Old scripts call L.VGG16Layers() with the default 'auto'; offline the
    # error must come before hundreds of megabytes of parameters are filled.
    def no_layer(*args, **kwargs):
        raise AssertionError('a layer was built before the weights were checked')
    monkeypatch.setattr(module, 'Convolution2D', no_layer)
    monkeypatch.setattr(module, 'Linear', no_layer)
    with pytest.raises(RuntimeError, match=file_name + ' does not exist'):
        make()
    with pytest.raises(RuntimeError, match='Caffe model'):
        {vgg: L.VGG16Layers, resnet: L.ResNet50Layers,
         googlenet: L.GoogLeNet}[module](pretrained_model='weights.caffemodel')
