"""Residual networks with 50, 101 and 152 layers (He et al., 2015)."""
import chainer  # NOQA
from chainer.dataset.convert import concat_examples  # NOQA
from chainer.dataset import download  # NOQA
from chainer import function  # NOQA
from chainer.functions.activation.relu import relu
from chainer.functions.activation.softmax import softmax
from chainer.functions.array.reshape import reshape
from chainer.functions.math.sum import sum  # NOQA
from chainer.functions.pooling.average_pooling_2d import average_pooling_2d
from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
from chainer.initializers import constant
from chainer.initializers import normal
from chainer import link
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.linear import Linear
from chainer.links.model.vision import _common
from chainer.links.normalization.batch_normalization import BatchNormalization
from chainer.serializers import npz  # NOQA
from chainer.utils import argument  # NOQA
from chainer.utils import imgproc  # NOQA
from chainer.variable import Variable  # NOQA


_BLOCKS = {50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}


_CAFFE_ORIGIN = ('the OneDrive link in the README of '
                 'https://github.com/KaimingHe/deep-residual-networks')


def _caffe_source(n_layers):
    name = 'ResNet-{}-model'.format(n_layers)
    return _common.CaffeSource(name + '.npz', name + '.caffemodel', _CAFFE_ORIGIN)


def _caffe_block_names(n_layers, stage, count):
    """The names of the blocks of a stage in the authors' Caffe models.

    ResNet-50 names them with letters (``res4a`` ... ``res4f``); ResNet-101 and
    -152 keep letters for stages 2 and 5 but number the identity blocks of stages
    3 and 4 (``res4a``, ``res4b1`` ... ``res4b22``).
    """
    if n_layers != 50 and stage in (3, 4):
        return ['res{}a'.format(stage)] + [
            'res{}b{}'.format(stage, i) for i in range(1, count)]
    return ['res{}{}'.format(stage, chr(ord('a') + i)) for i in range(count)]


def _fill_from_caffe(caffe, model):
    # conv1 with BatchNorm bn_conv1 and Scale scale_conv1; in block resXY the
    # convolutions resXY_branch2a/2b/2c (and the projection resXY_branch1), each
    # with BatchNorm bnXY_... and Scale scaleXY_...; the classifier fc1000. The
    # convolutions of the blocks have no bias, and ResNet-101/152 have none on
    # conv1 either (it is then zero).
    caffe.affine(model.conv1, 'conv1')
    caffe.batch_normalization(model.bn1, 'bn_conv1', 'scale_conv1')
    for stage, count in zip((2, 3, 4, 5), _BLOCKS[model.n_layers]):
        building_block = getattr(model, 'res{}'.format(stage))
        names = _caffe_block_names(model.n_layers, stage, count)
        for child, name in zip(building_block._forward, names):
            block = getattr(building_block, child)
            branches = [('2a', 1), ('2b', 2), ('2c', 3)]
            if child == 'a':
                branches.append(('1', 4))
            for branch, index in branches:
                suffix = '{}_branch{}'.format(name[3:], branch)
                caffe.affine(getattr(block, 'conv{}'.format(index)), 'res' + suffix)
                caffe.batch_normalization(getattr(block, 'bn{}'.format(index)),
                                          'bn' + suffix, 'scale' + suffix)
    caffe.affine(model.fc6, 'fc1000')


def _global_average_pooling_2d(x):
    n, channels, rows, cols = x.shape
    h = average_pooling_2d(x, (rows, cols), stride=1)
    return reshape(h, (n, channels))


def _max_pooling_2d(x):
    return max_pooling_2d(x, ksize=3, stride=2)


class BottleneckA(link.Chain):
    """A bottleneck block that changes the number of channels (and may downsample).

    ``relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + bn4(conv4(x)))``:
    1x1, 3x3 and 1x1 convolutions on the main path and a 1x1 projection on the
    shortcut, all without bias and followed by batch normalization.

    Args:
        in_channels (int): input channels.
        mid_channels (int): channels of the bottleneck.
        out_channels (int): output channels.
        stride (int): the downsampling stride.
        initialW: initializer of the filters.
        downsample_fb (bool): stride on the 3x3 convolution (Facebook's
            variant) instead of the first 1x1 one (the original).
    """

    def __init__(self, in_channels, mid_channels, out_channels, stride=2,
                 initialW=None, downsample_fb=False):
        super().__init__()
        stride_1x1, stride_3x3 = (1, stride) if downsample_fb else (stride, 1)
        with self.init_scope():
            self.conv1 = Convolution2D(in_channels, mid_channels, 1, stride_1x1, 0,
                                       initialW=initialW, nobias=True)
            self.bn1 = BatchNormalization(mid_channels)
            self.conv2 = Convolution2D(mid_channels, mid_channels, 3, stride_3x3, 1,
                                       initialW=initialW, nobias=True)
            self.bn2 = BatchNormalization(mid_channels)
            self.conv3 = Convolution2D(mid_channels, out_channels, 1, 1, 0,
                                       initialW=initialW, nobias=True)
            self.bn3 = BatchNormalization(out_channels)
            self.conv4 = Convolution2D(in_channels, out_channels, 1, stride, 0,
                                       initialW=initialW, nobias=True)
            self.bn4 = BatchNormalization(out_channels)

    def forward(self, x):
        """Apply the block."""
        h1 = relu(self.bn1(self.conv1(x)))
        h1 = relu(self.bn2(self.conv2(h1)))
        h1 = self.bn3(self.conv3(h1))
        h2 = self.bn4(self.conv4(x))
        return relu(h1 + h2)


class BottleneckB(link.Chain):
    """A bottleneck block with an identity shortcut.

    ``relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + x)``.

    Args:
        in_channels (int): input (and output) channels.
        mid_channels (int): channels of the bottleneck.
        initialW: initializer of the filters.
    """

    def __init__(self, in_channels, mid_channels, initialW=None):
        super().__init__()
        with self.init_scope():
            self.conv1 = Convolution2D(in_channels, mid_channels, 1, 1, 0,
                                       initialW=initialW, nobias=True)
            self.bn1 = BatchNormalization(mid_channels)
            self.conv2 = Convolution2D(mid_channels, mid_channels, 3, 1, 1,
                                       initialW=initialW, nobias=True)
            self.bn2 = BatchNormalization(mid_channels)
            self.conv3 = Convolution2D(mid_channels, in_channels, 1, 1, 0,
                                       initialW=initialW, nobias=True)
            self.bn3 = BatchNormalization(in_channels)

    def forward(self, x):
        """Apply the block."""
        h = relu(self.bn1(self.conv1(x)))
        h = relu(self.bn2(self.conv2(h)))
        h = self.bn3(self.conv3(h))
        return relu(h + x)


class BuildingBlock(link.Chain):
    """A stage of a ResNet: a :class:`BottleneckA` then ``n_layers - 1``
    :class:`BottleneckB` blocks (children ``a``, ``b1``, ``b2``, ...).

    Args:
        n_layers (int): the number of blocks.
        in_channels (int): input channels.
        mid_channels (int): bottleneck channels.
        out_channels (int): output channels.
        stride (int): the downsampling stride of the first block.
        initialW: initializer of the filters.
        downsample_fb (bool): see :class:`BottleneckA`.
    """

    def __init__(self, n_layers=None, in_channels=None, mid_channels=None,
                 out_channels=None, stride=None, initialW=None, downsample_fb=None,
                 **kwargs):
        super().__init__()
        if kwargs:
            raise TypeError('BuildingBlock() got unexpected keyword argument(s) {}'
                            .format(', '.join(repr(k) for k in sorted(kwargs))))
        missing = [name for name, value in (
            ('n_layers', n_layers), ('in_channels', in_channels),
            ('mid_channels', mid_channels), ('out_channels', out_channels),
            ('stride', stride)) if value is None]
        if missing:
            raise TypeError('BuildingBlock: missing argument(s) {}'.format(
                ', '.join(missing)))
        if n_layers < 1:
            raise ValueError('BuildingBlock: n_layers must be at least 1, got {}'
                             .format(n_layers))
        downsample_fb = bool(downsample_fb)
        with self.init_scope():
            self.a = BottleneckA(in_channels, mid_channels, out_channels, stride,
                                 initialW, downsample_fb)
            self._forward = ['a']
            for i in range(n_layers - 1):
                name = 'b{}'.format(i + 1)
                setattr(self, name, BottleneckB(out_channels, mid_channels,
                                                initialW))
                self._forward.append(name)

    def forward(self, x):
        """Apply the blocks in order."""
        for name in self._forward:
            x = getattr(self, name)(x)
        return x


def prepare(image, size=(224, 224)):
    """Turn an image into an input of the ResNets.

    The image (a PIL image, or an array ``(H, W)``, ``(H, W, 3)`` or ``(3, H,
    W)`` of RGB values) is converted to RGB, resized to ``size`` (if given), put
    in BGR order, and the mean pixel ``(103.063, 115.903, 123.152)`` (BGR) is
    subtracted.

    Returns:
        numpy.ndarray: float32 array ``(3, H, W)``.
    """
    return _common.prepare_image(image, size, (103.063, 115.903, 123.152),
                                 'resnet.prepare')


class ResNetLayers(_common.ImageModel):
    """A residual network for ImageNet classification (He et al., 2015).

    ``conv1`` (7x7, stride 2) with batch normalization and ReLU, 3x3 max
    pooling, four stages of bottleneck blocks (``res2`` ... ``res5``), global
    average pooling and the classifier ``fc6``. The layers, in order:
    ``conv1, pool1, res2, res3, res4, res5, pool5, fc6, prob``.

    Args:
        pretrained_model (str or None): ``'auto'`` loads
            ``<dataset root>/pfnet/chainer/models/ResNet-{n}-model.npz`` (the
            weights converted from the authors' Caffe model); when that file is
            missing, the authors' ``ResNet-{n}-model.caffemodel`` (from
            https://github.com/KaimingHe/deep-residual-networks) put in the same
            directory is converted into it on first use (nothing is downloaded:
            without either file, the error names both). A path loads that npz
            file; None initializes randomly (``HeNormal`` filters).
        n_layers (int): 50, 101 or 152.
        downsample_fb (bool): Facebook's variant, with the stride on the 3x3
            convolutions (no pretrained weights exist for it).

    The input is ``(N, 3, 224, 224)`` BGR images minus the mean (see
    :func:`prepare`).
    """

    _prepare = staticmethod(prepare)
    _extract_layer = 'pool5'

    def __init__(self, pretrained_model, n_layers, downsample_fb=False):
        super().__init__()
        if n_layers not in _BLOCKS:
            raise ValueError('ResNetLayers: n_layers must be 50, 101 or 152, got {!r}'
                             .format(n_layers))
        if pretrained_model == 'auto' and downsample_fb:
            raise ValueError('ResNetLayers: no pretrained model is available for '
                             'downsample_fb=True')
        weights = _common.check_pretrained(type(self).__name__, pretrained_model,
                                           _caffe_source(n_layers))
        self.n_layers = n_layers
        if pretrained_model:
            conv_kwargs = {'initialW': constant.Zero()}
            fc_kwargs = {'initialW': constant.Zero()}
        else:
            conv_kwargs = {'initialW': normal.HeNormal(scale=1.0)}
            fc_kwargs = {'initialW': normal.Normal(0.01)}
        block = _BLOCKS[n_layers]
        with self.init_scope():
            self.conv1 = Convolution2D(3, 64, 7, 2, 3, **conv_kwargs)
            self.bn1 = BatchNormalization(64)
            self.res2 = BuildingBlock(block[0], 64, 64, 256, 1,
                                      downsample_fb=downsample_fb, **conv_kwargs)
            self.res3 = BuildingBlock(block[1], 256, 128, 512, 2,
                                      downsample_fb=downsample_fb, **conv_kwargs)
            self.res4 = BuildingBlock(block[2], 512, 256, 1024, 2,
                                      downsample_fb=downsample_fb, **conv_kwargs)
            self.res5 = BuildingBlock(block[3], 1024, 512, 2048, 2,
                                      downsample_fb=downsample_fb, **conv_kwargs)
            self.fc6 = Linear(2048, 1000, **fc_kwargs)
        _common.load_pretrained(self, weights, _fill_from_caffe)

    @property
    def functions(self):
        """An ordered dict from each layer name to the callables it applies."""
        return _common.ordered([
            ('conv1', [self.conv1, self.bn1, relu]),
            ('pool1', [_max_pooling_2d]),
            ('res2', [self.res2]),
            ('res3', [self.res3]),
            ('res4', [self.res4]),
            ('res5', [self.res5]),
            ('pool5', [_global_average_pooling_2d]),
            ('fc6', [self.fc6]),
            ('prob', [softmax]),
        ])

    @classmethod
    def convert_caffemodel_to_npz(cls, path_caffemodel, path_npz, n_layers=None):
        """Convert the authors' Caffe model to an npz file this chain loads.

        Reads ``ResNet-{n}-model.caffemodel`` with
        :class:`~chainer.links.caffe.CaffeFunction` and copies, for each
        convolution, its weights (``conv1``, ``res2a_branch2a`` ...), its
        BatchNorm layer's running mean and variance (``bn_conv1``,
        ``bn2a_branch2a`` ...) and its Scale layer's scale and shift
        (``scale_conv1``, ``scale2a_branch2a`` ...) into the convolution and
        batch normalization links of the chain, and ``fc1000`` into ``fc6``; then
        saves the chain with :func:`~chainer.serializers.save_npz`. Give
        ``path_npz`` as ``pretrained_model`` afterwards.

        Args:
            path_caffemodel (str): the Caffe model.
            path_npz (str): the npz file to write.
            n_layers (int): 50, 101 or 152; :class:`ResNet101Layers` and
                :class:`ResNet152Layers` convert their own depth, and
                :class:`ResNetLayers` 50 layers unless told otherwise.

        Raises:
            ValueError: the Caffe model lacks a layer of the network, has one of
                another shape, or has layers with parameters the network lacks.
        """
        own = getattr(cls, '_n_layers', None)
        if n_layers is None:
            n_layers = own or 50
        elif own is not None and n_layers != own:
            raise ValueError(
                '{}.convert_caffemodel_to_npz: n_layers={!r} does not match the '
                '{}-layer network; use ResNetLayers.convert_caffemodel_to_npz for '
                'another depth'.format(cls.__name__, n_layers, own))
        if n_layers not in _BLOCKS:
            raise ValueError('{}.convert_caffemodel_to_npz: n_layers must be 50, '
                             '101 or 152, got {!r}'.format(cls.__name__, n_layers))
        caffe = _common.read_caffemodel(
            path_caffemodel, cls.__name__ + '.convert_caffemodel_to_npz')
        model = ResNetLayers(_common.UNFILLED, n_layers)
        _common.save_converted(caffe, model, _fill_from_caffe, path_npz)


class ResNet50Layers(ResNetLayers):
    """ResNet with 50 layers; see :class:`ResNetLayers`."""

    _n_layers = 50

    def __init__(self, pretrained_model='auto', downsample_fb=False):
        super().__init__(pretrained_model, 50, downsample_fb)


class ResNet101Layers(ResNetLayers):
    """ResNet with 101 layers; see :class:`ResNetLayers`."""

    _n_layers = 101

    def __init__(self, pretrained_model='auto', downsample_fb=False):
        super().__init__(pretrained_model, 101, downsample_fb)


class ResNet152Layers(ResNetLayers):
    """ResNet with 152 layers; see :class:`ResNetLayers`."""

    _n_layers = 152

    def __init__(self, pretrained_model='auto', downsample_fb=False):
        super().__init__(pretrained_model, 152, downsample_fb)
