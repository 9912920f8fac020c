"""GoogLeNet (Szegedy et al., 2014)."""
import chainer  # NOQA
from chainer.dataset.convert import concat_examples  # NOQA
from chainer.dataset import download  # NOQA
from chainer import function  # NOQA
from chainer.functions.activation.relu import relu
from chainer.functions.activation.softmax import softmax
from chainer.functions.array.reshape import reshape  # NOQA
from chainer.functions.math.average import average  # NOQA
from chainer.functions.noise.dropout import dropout
from chainer.functions.normalization.local_response_normalization import \
    local_response_normalization
from chainer.functions.pooling.average_pooling_2d import average_pooling_2d
from chainer.functions.pooling.max_pooling_2d import max_pooling_2d
from chainer.initializers import constant
from chainer.initializers import uniform
from chainer import link  # NOQA
from chainer.links.connection.convolution_2d import Convolution2D
from chainer.links.connection.inception import Inception
from chainer.links.connection.linear import Linear
from chainer.links.model.vision import _common
from chainer.serializers import npz  # NOQA
from chainer.utils import argument  # NOQA
from chainer.utils import imgproc  # NOQA
from chainer.variable import Variable  # NOQA


_CAFFE_URL = 'http://dl.caffe.berkeleyvision.org/bvlc_googlenet.caffemodel'
_CAFFE_SOURCE = _common.CaffeSource('bvlc_googlenet.npz', 'bvlc_googlenet.caffemodel',
                                    _CAFFE_URL, _CAFFE_URL)

# Inception link child -> the branch of inception_XY/ in BVLC's Caffe model.
_INCEPTION_BRANCHES = (('conv1', '1x1'), ('proj3', '3x3_reduce'), ('conv3', '3x3'),
                       ('proj5', '5x5_reduce'), ('conv5', '5x5'),
                       ('projp', 'pool_proj'))


def _fill_from_caffe(caffe, model):
    # The names of the layers of BVLC's train_val network, auxiliary classifiers
    # (loss1/..., loss2/...) included.
    caffe.affine(model.conv1, 'conv1/7x7_s2')
    caffe.affine(model.conv2_reduce, 'conv2/3x3_reduce')
    caffe.affine(model.conv2, 'conv2/3x3')
    for block in ('3a', '3b', '4a', '4b', '4c', '4d', '4e', '5a', '5b'):
        inception = getattr(model, 'inc' + block)
        for child, branch in _INCEPTION_BRANCHES:
            caffe.affine(getattr(inception, child),
                         'inception_{}/{}'.format(block, branch))
    for head in ('loss1', 'loss2'):
        caffe.affine(getattr(model, head + '_conv'), head + '/conv')
        caffe.affine(getattr(model, head + '_fc1'), head + '/fc')
        caffe.affine(getattr(model, head + '_fc2'), head + '/classifier')
    caffe.affine(model.loss3_fc, 'loss3/classifier')


def _max_pooling_2d(x):
    return max_pooling_2d(x, ksize=3, stride=2)


def _local_response_normalization(x):
    return local_response_normalization(x, n=5, k=1, alpha=1e-4 / 5)


def _average_pooling_2d_k7(x):
    return average_pooling_2d(x, ksize=7, stride=1)


def _dropout(x):
    return dropout(x, ratio=0.4)


def prepare(image, size=(224, 224)):
    """Turn an image into an input of GoogLeNet.

    The image (a PIL image, or an array ``(H, W)``, ``(H, W, 3)`` or ``(3, H,
    W)`` of RGB values) is converted to RGB, resized to ``size`` (if given), put
    in BGR order, and the mean pixel ``(104, 117, 123)`` (BGR) is subtracted.

    Returns:
        numpy.ndarray: float32 array ``(3, H, W)``.
    """
    return _common.prepare_image(image, size, (104.0, 117.0, 123.0),
                                 'googlenet.prepare')


class GoogLeNet(_common.ImageModel):
    """GoogLeNet (Inception v1) for ImageNet classification (Szegedy et al., 2014).

    The layers, in order: ``conv1, pool1, conv2_reduce, conv2, pool2,
    inception_3a, inception_3b, pool3, inception_4a, ..., inception_4e, pool4,
    inception_5a, inception_5b, pool5, loss3_fc, prob``. The auxiliary
    classifiers of the training network (``loss1_*``, ``loss2_*``) are children
    too (so pretrained files load), but not part of :attr:`functions`.

    Args:
        pretrained_model (str or None): ``'auto'`` loads
            ``<dataset root>/pfnet/chainer/models/bvlc_googlenet.npz`` (the
            weights converted from the BVLC Caffe model); when that file is
            missing, BVLC's ``bvlc_googlenet.caffemodel`` put in the same
            directory is converted into it on first use (nothing is downloaded:
            without either file, the error names both). A path loads that npz
            file; None initializes randomly (``LeCunUniform`` weights, zero
            biases).

    The input is ``(N, 3, 224, 224)`` BGR images minus the mean (see
    :func:`prepare`).
    """

    _prepare = staticmethod(prepare)
    _extract_layer = 'pool5'

    def __init__(self, pretrained_model='auto'):
        super().__init__()
        weights = _common.check_pretrained(type(self).__name__, pretrained_model,
                                           _CAFFE_SOURCE)
        if pretrained_model:
            kwargs = {'initialW': constant.Zero()}
        else:
            kwargs = {'initialW': uniform.LeCunUniform(scale=1.0)}
        with self.init_scope():
            self.conv1 = Convolution2D(3, 64, 7, stride=2, pad=3, **kwargs)
            self.conv2_reduce = Convolution2D(64, 64, 1, **kwargs)
            self.conv2 = Convolution2D(64, 192, 3, stride=1, pad=1, **kwargs)
            init = kwargs['initialW']
            self.inc3a = Inception(192, 64, 96, 128, 16, 32, 32, conv_init=init)
            self.inc3b = Inception(256, 128, 128, 192, 32, 96, 64, conv_init=init)
            self.inc4a = Inception(480, 192, 96, 208, 16, 48, 64, conv_init=init)
            self.inc4b = Inception(512, 160, 112, 224, 24, 64, 64, conv_init=init)
            self.inc4c = Inception(512, 128, 128, 256, 24, 64, 64, conv_init=init)
            self.inc4d = Inception(512, 112, 144, 288, 32, 64, 64, conv_init=init)
            self.inc4e = Inception(528, 256, 160, 320, 32, 128, 128, conv_init=init)
            self.inc5a = Inception(832, 256, 160, 320, 32, 128, 128, conv_init=init)
            self.inc5b = Inception(832, 384, 192, 384, 48, 128, 128, conv_init=init)
            self.loss3_fc = Linear(1024, 1000, **kwargs)

            self.loss1_conv = Convolution2D(512, 128, 1, **kwargs)
            self.loss1_fc1 = Linear(2048, 1024, **kwargs)
            self.loss1_fc2 = Linear(1024, 1000, **kwargs)

            self.loss2_conv = Convolution2D(528, 128, 1, **kwargs)
            self.loss2_fc1 = Linear(2048, 1024, **kwargs)
            self.loss2_fc2 = Linear(1024, 1000, **kwargs)
        _common.load_pretrained(self, weights, _fill_from_caffe)

    @property
    def functions(self):
        """An ordered dict from each layer name to the callables it applies."""
        return _common.ordered([
            ('conv1', [self.conv1, relu]),
            ('pool1', [_max_pooling_2d, _local_response_normalization]),
            ('conv2_reduce', [self.conv2_reduce, relu]),
            ('conv2', [self.conv2, relu, _local_response_normalization]),
            ('pool2', [_max_pooling_2d]),
            ('inception_3a', [self.inc3a]),
            ('inception_3b', [self.inc3b]),
            ('pool3', [_max_pooling_2d]),
            ('inception_4a', [self.inc4a]),
            ('inception_4b', [self.inc4b]),
            ('inception_4c', [self.inc4c]),
            ('inception_4d', [self.inc4d]),
            ('inception_4e', [self.inc4e]),
            ('pool4', [_max_pooling_2d]),
            ('inception_5a', [self.inc5a]),
            ('inception_5b', [self.inc5b]),
            ('pool5', [_average_pooling_2d_k7]),
            ('loss3_fc', [_dropout, self.loss3_fc]),
            ('prob', [softmax]),
        ])

    @classmethod
    def convert_caffemodel_to_npz(cls, path_caffemodel, path_npz):
        """Convert BVLC's Caffe model to an npz file this chain loads.

        Reads ``bvlc_googlenet.caffemodel`` with
        :class:`~chainer.links.caffe.CaffeFunction` and copies the weights and
        biases of its layers into the links: ``conv1/7x7_s2`` into ``conv1``,
        ``conv2/3x3_reduce`` and ``conv2/3x3`` into ``conv2_reduce`` and
        ``conv2``, ``inception_3a/1x1``, ``.../3x3_reduce``, ``.../3x3``,
        ``.../5x5_reduce``, ``.../5x5`` and ``.../pool_proj`` into ``inc3a``'s
        ``conv1``, ``proj3``, ``conv3``, ``proj5``, ``conv5`` and ``projp`` (and
        so on to ``inception_5b``), ``loss3/classifier`` into ``loss3_fc``, and
        the auxiliary classifiers ``loss1/conv``, ``loss1/fc`` and
        ``loss1/classifier`` (``loss2/...`` alike) into ``loss1_conv``,
        ``loss1_fc1`` and ``loss1_fc2``; then saves the chain with
        :func:`~chainer.serializers.save_npz`. Give ``path_npz`` as
        ``pretrained_model`` afterwards.

        Args:
            path_caffemodel (str): the Caffe model.
            path_npz (str): the npz file to write.

        Raises:
            ValueError: the Caffe model lacks a layer of the network, has one of
                another shape, or has layers with parameters the network lacks.
        """
        caffe = _common.read_caffemodel(
            path_caffemodel, cls.__name__ + '.convert_caffemodel_to_npz')
        model = GoogLeNet(_common.UNFILLED)
        _common.save_converted(caffe, model, _fill_from_caffe, path_npz)
