"""VGG 16- and 19-layer networks (Simonyan and Zisserman, 2014)."""
import chainer  # NOQA
from chainer.dataset.convert import concat_examples  # NOQA
from chainer.dataset import download  # NOQA
from chainer import function  # NOQA
from chainer.functions.activation.relu import relu
from chainer.functions.activation.softmax import softmax
from chainer.functions.array.reshape import reshape  # NOQA
from chainer.functions.math.sum import sum  # NOQA
from chainer.functions.noise.dropout import dropout
from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
from chainer.initializers import constant
from chainer.initializers import normal
from chainer import link  # NOQA
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.linear import Linear
from chainer.links.model.vision import _common
from chainer.serializers import npz  # NOQA
from chainer.utils import argument  # NOQA
from chainer.utils import imgproc  # NOQA
from chainer.variable import Variable  # NOQA


_CONVS = {
    16: [(3, 64), (64, 64), None, (64, 128), (128, 128), None,
         (128, 256), (256, 256), (256, 256), None,
         (256, 512), (512, 512), (512, 512), None,
         (512, 512), (512, 512), (512, 512), None],
    19: [(3, 64), (64, 64), None, (64, 128), (128, 128), None,
         (128, 256), (256, 256), (256, 256), (256, 256), None,
         (256, 512), (512, 512), (512, 512), (512, 512), None,
         (512, 512), (512, 512), (512, 512), (512, 512), None],
}


_CAFFE_URL = ('http://www.robots.ox.ac.uk/~vgg/software/very_deep/caffe/'
              'VGG_ILSVRC_{}_layers.caffemodel')


def _caffe_source(n_layers):
    name = 'VGG_ILSVRC_{}_layers'.format(n_layers)
    url = _CAFFE_URL.format(n_layers)
    return _common.CaffeSource(name + '.npz', name + '.caffemodel', url, url)


def _max_pooling_2d(x):
    return max_pooling_2d(x, ksize=2)


def _fill_from_caffe(caffe, model):
    # The authors' Caffe layers carry the names of the chain's links: conv1_1 ...
    # conv5_3 (conv5_4 for 19 layers), fc6, fc7, fc8.
    for name in model._conv_names:
        if name is not None:
            caffe.affine(getattr(model, name), name)
    for name in ('fc6', 'fc7', 'fc8'):
        caffe.affine(getattr(model, name), name)


def prepare(image, size=(224, 224)):
    """Turn an image into an input of the VGG networks.

    The image (a PIL image, or an array ``(H, W)``, ``(H, W, 3)`` or ``(3, H,
    W)`` of RGB values) is converted to RGB, resized to ``size`` (if given), put
    in BGR order, and the mean pixel ``(103.939, 116.779, 123.68)`` (BGR) is
    subtracted.

    Returns:
        numpy.ndarray: float32 array ``(3, H, W)``.
    """
    return _common.prepare_image(image, size, (103.939, 116.779, 123.68),
                                 'vgg.prepare')


class VGGLayers(_common.ImageModel):
    """A VGG network for ImageNet classification (Simonyan and Zisserman, 2014).

    Thirteen (or sixteen) 3x3 convolutions in five blocks separated by 2x2 max
    pooling, then three fully connected layers. The layers, in order:
    ``conv1_1, conv1_2, pool1, conv2_1, ..., pool5, fc6, fc7, fc8, prob``
    (:attr:`available_layers`); ``forward(x, layers=[...])`` returns the
    activations of any of them.

    Args:
        pretrained_model (str or None): ``'auto'`` loads the weights converted
            from the authors' Caffe model,
            ``<dataset root>/pfnet/chainer/models/VGG_ILSVRC_{16,19}_layers.npz``;
            when that file is missing, the authors' Caffe model
            ``VGG_ILSVRC_{16,19}_layers.caffemodel`` put in the same directory is
            converted into it on first use (nothing is downloaded: without
            either file, the error names both). A path loads that npz file; None
            initializes the weights randomly (``Normal(0.01)``, zero biases).
        n_layers (int): 16 or 19.

    The input is ``(N, 3, 224, 224)`` BGR images minus the mean (see
    :func:`prepare`).
    """

    _prepare = staticmethod(prepare)
    _extract_layer = 'fc7'

    def __init__(self, pretrained_model='auto', n_layers=16):
        super().__init__()
        if n_layers not in _CONVS:
            raise ValueError('VGGLayers: n_layers must be 16 or 19, got {!r}'.format(
                n_layers))
        weights = _common.check_pretrained(type(self).__name__, pretrained_model,
                                           _caffe_source(n_layers))
        self.n_layers = n_layers
        if pretrained_model:
            init = constant.Zero()
            kwargs = {'initialW': init, 'initial_bias': init}
        else:
            kwargs = {'initialW': normal.Normal(0.01),
                      'initial_bias': constant.Zero()}
        self._conv_names = []
        with self.init_scope():
            block, index = 1, 1
            for spec in _CONVS[n_layers]:
                if spec is None:
                    self._conv_names.append(None)
                    block, index = block + 1, 1
                    continue
                name = 'conv{}_{}'.format(block, index)
                setattr(self, name, Convolution2D(spec[0], spec[1], 3, 1, 1,
                                                  **kwargs))
                self._conv_names.append(name)
                index += 1
            self.fc6 = Linear(512 * 7 * 7, 4096, **kwargs)
            self.fc7 = Linear(4096, 4096, **kwargs)
            self.fc8 = Linear(4096, 1000, **kwargs)
        _common.load_pretrained(self, weights, _fill_from_caffe)

    @property
    def functions(self):
        """An ordered dict from each layer name to the callables it applies."""
        pairs = []
        pool = 1
        for name in self._conv_names:
            if name is None:
                pairs.append(('pool{}'.format(pool), [_max_pooling_2d]))
                pool += 1
            else:
                pairs.append((name, [getattr(self, name), relu]))
        pairs += [('fc6', [self.fc6, relu, dropout]),
                  ('fc7', [self.fc7, relu, dropout]),
                  ('fc8', [self.fc8]),
                  ('prob', [softmax])]
        return _common.ordered(pairs)

    @classmethod
    def convert_caffemodel_to_npz(cls, path_caffemodel, path_npz):
        """Convert the authors' Caffe model to an npz file this chain loads.

        Reads ``VGG_ILSVRC_16_layers.caffemodel`` (or the 19-layer one) with
        :class:`~chainer.links.caffe.CaffeFunction`, copies the weights and biases
        of its layers ``conv1_1`` ... ``fc8`` into the links of the same names, and
        saves the chain with :func:`~chainer.serializers.save_npz`; give
        ``path_npz`` as ``pretrained_model`` afterwards. :class:`VGGLayers` itself
        takes the depth from the Caffe model (19 layers if it has ``conv5_4``).

        Args:
            path_caffemodel (str): the Caffe model.
            path_npz (str): the npz file to write.

        Raises:
            ValueError: the Caffe model lacks a layer of the network, has one of
                another shape, or has layers with parameters the network lacks.
        """
        caffe = _common.read_caffemodel(
            path_caffemodel, cls.__name__ + '.convert_caffemodel_to_npz')
        n_layers = getattr(cls, '_n_layers', None)
        if n_layers is None:
            n_layers = 19 if caffe.has('conv5_4') else 16
        model = VGGLayers(_common.UNFILLED, n_layers)
        _common.save_converted(caffe, model, _fill_from_caffe, path_npz)


class VGG16Layers(VGGLayers):
    """The 16-layer VGG network (configuration D); see :class:`VGGLayers`."""

    _n_layers = 16

    def __init__(self, pretrained_model='auto'):
        super().__init__(pretrained_model, 16)


class VGG19Layers(VGGLayers):
    """The 19-layer VGG network (configuration E); see :class:`VGGLayers`."""

    _n_layers = 19

    def __init__(self, pretrained_model='auto'):
        super().__init__(pretrained_model, 19)
