"""What the ImageNet models of chainer.links.model.vision share.

Loading pretrained weights, image preprocessing, layer-by-layer forward with
feature extraction, and ten-crop prediction.
"""
import collections
import os
import sys
import warnings

import numpy

import chainer
from chainer.dataset import download
from chainer.serializers import npz


MODEL_DIRECTORY = 'pfnet/chainer/models'


class _Unfilled(object):
    # The ``pretrained_model`` a converter builds its chain with: layers start at zero
    # (no random initialization to pay for) and nothing is loaded.
    def __bool__(self):
        return True

    def __repr__(self):
        return '<filled from a Caffe model>'


UNFILLED = _Unfilled()


class CaffeSource(object):
    """Where the authors' Caffe model of a network comes from, for the messages.

    Args:
        npz_name (str): the converted file in the model directory.
        caffemodel_name (str): the name the authors gave their Caffe model.
        origin (str): where to download it (an address, or a page that links it).
        url (str or None): the address Chainer downloads it from; a file that
            Chainer's download cache holds for it is used too.
    """

    def __init__(self, npz_name, caffemodel_name, origin, url=None):
        self.npz_name = npz_name
        self.caffemodel_name = caffemodel_name
        self.origin = origin
        self.url = url


class Weights(object):
    """Where a model's weights come from: an npz file, or a Caffe model to convert
    (and the npz file to cache the conversion in)."""

    def __init__(self, npz_path, caffemodel_path=None):
        self.npz_path = npz_path
        self.caffemodel_path = caffemodel_path


def model_directory():
    """``<dataset root>/pfnet/chainer/models``: where the converted weights live."""
    return os.path.join(download.get_dataset_root(), MODEL_DIRECTORY)


def check_pretrained(name, pretrained_model, source):
    """The :class:`Weights` that ``pretrained_model`` names (None for no weights).

    ``'auto'`` means ``<dataset root>/pfnet/chainer/models/<npz_name>``; when that
    file is missing, the authors' Caffe model placed next to it (or in Chainer's
    download cache) is converted into it. Nothing is ever downloaded here. Models
    call this before building their layers, so a missing file is reported at once
    instead of after filling hundreds of megabytes of parameters.
    """
    if not pretrained_model or pretrained_model is UNFILLED:
        return None
    if isinstance(pretrained_model, str) and pretrained_model == 'auto':
        directory = model_directory()
        npz_path = os.path.join(directory, source.npz_name)
        if os.path.exists(npz_path):
            return Weights(npz_path)
        caffemodel_path = os.path.join(directory, source.caffemodel_name)
        candidates = [caffemodel_path]
        if source.url is not None:
            candidates.append(download._cache_path(source.url))
        for candidate in candidates:
            if os.path.isfile(candidate):
                return Weights(npz_path, candidate)
        raise RuntimeError(
            '{0}(pretrained_model=\'auto\'): the pretrained weights are not '
            'there: {1} does not exist, and neither does the Caffe model it is '
            'converted from, {2}. chainer-next does not download pretrained models: '
            'download {3} (from {4}) and put it at {2}; it is converted to {1} on '
            'first use. Or put the npz file converted by Chainer at {1}, give the '
            'path of an npz file as pretrained_model, or use pretrained_model=None '
            'for randomly initialized weights.'.format(
                name, npz_path, caffemodel_path, source.caffemodel_name,
                source.origin))
    path = os.fspath(pretrained_model)
    if path.endswith('.caffemodel'):
        raise RuntimeError(
            '{0}: pretrained_model must be an npz file, not a Caffe model ({1}); '
            'convert it once with {0}.convert_caffemodel_to_npz({1!r}, '
            '\'<name>.npz\') and give the npz file'.format(name, path))
    return Weights(path)


def load_pretrained(model, weights, fill_from_caffe):
    """Fill ``model`` from ``weights`` (see :func:`check_pretrained`).

    A Caffe model is converted by ``fill_from_caffe(caffe_weights, model)`` and the
    result saved as the npz file, so that the next model loads that instead.
    """
    if weights is None:
        return
    if weights.caffemodel_path is None:
        npz.load_npz(weights.npz_path, model)
        return

    def create(path):
        sys.stderr.write('{}: converting the Caffe model {} to {} (only this '
                         'once)...\n'.format(type(model).__name__,
                                              weights.caffemodel_path,
                                              weights.npz_path))
        sys.stderr.flush()
        fill_from_caffemodel(model, weights.caffemodel_path, fill_from_caffe)
        npz.save_npz(path, model, compression=False)

    download.cache_or_load_file(weights.npz_path, create,
                                lambda path: npz.load_npz(path, model))


def fill_from_caffemodel(model, path_caffemodel, fill_from_caffe):
    """Copy the weights of the Caffe model at ``path_caffemodel`` into ``model``.

    ``fill_from_caffe(caffe_weights, model)`` names, for each link of the model,
    the Caffe layer(s) its parameters come from (see :class:`CaffeWeights`).
    """
    caffe = read_caffemodel(path_caffemodel, type(model).__name__)
    fill_from_caffe(caffe, model)
    caffe.check_all_used()


def read_caffemodel(path_caffemodel, label):
    """The layers with parameters of a Caffe model, as :class:`CaffeWeights`."""
    path = os.fspath(path_caffemodel)
    if not os.path.isfile(path):
        raise FileNotFoundError(
            '{}: the Caffe model {} does not exist'.format(label, path))
    from chainer.links.caffe import caffe_function
    with warnings.catch_warnings():
        # Layers CaffeFunction cannot run (accuracy, ...) have no weights; a layer
        # with weights that it skipped is reported as missing when it is needed.
        warnings.simplefilter('ignore')
        func = caffe_function.CaffeFunction(path)
    return CaffeWeights(func, label, path)


def save_converted(caffe, model, fill_from_caffe, path_npz):
    """Fill ``model`` (built with ``UNFILLED``) from ``caffe``, save it as npz."""
    fill_from_caffe(caffe, model)
    caffe.check_all_used()
    npz.save_npz(path_npz, model, compression=False)


class CaffeWeights(object):
    """The layers with parameters of a Caffe model, copied into the links of a chain.

    Each copy checks that the Caffe layer exists and that its blobs have the shapes
    of the parameters they go to; :meth:`check_all_used` then reports the layers
    with parameters that no link took (a Caffe model of another network).
    """

    def __init__(self, caffe_function, label, path):
        self._layers = {link.name: link for link in caffe_function.children()}
        self._used = set()
        self._label = label
        self._path = path

    def has(self, name):
        """Whether the Caffe model has a layer with parameters named ``name``."""
        return name in self._layers

    def _layer(self, name, kinds, what):
        layer = self._layers.get(name)
        if layer is None:
            raise ValueError(
                '{}: the Caffe model {} has no layer {!r} with parameters ({} '
                'expected); is it the Caffe model of this network?'.format(
                    self._label, self._path, name, what))
        if not isinstance(layer, kinds):
            raise ValueError(
                '{}: layer {!r} of the Caffe model {} is a {}; a {} was '
                'expected'.format(self._label, name, self._path,
                                  type(layer).__name__, what))
        self._used.add(name)
        return layer

    def _copy(self, target, source, layer_name, what):
        target_array = target.array if isinstance(target, chainer.Variable) \
            else target
        if target_array.shape != source.shape:
            raise ValueError(
                '{}: the {} of layer {!r} of the Caffe model {} has shape {}; {} '
                'was expected'.format(self._label, what, layer_name, self._path,
                                      source.shape, target_array.shape))
        target_array[...] = source

    def affine(self, link, name):
        """Copy the weight and bias of Caffe layer ``name`` (a Convolution or an
        InnerProduct) into ``link`` (a Convolution2D or a Linear).

        The bias is zero when the Caffe layer has none (``bias_term: false``).
        """
        from chainer.links.connection import convolution_2d
        from chainer.links.connection import linear
        kind = (convolution_2d.Convolution2D
                if isinstance(link, convolution_2d.Convolution2D)
                else linear.Linear)
        what = 'Convolution' if kind is convolution_2d.Convolution2D \
            else 'InnerProduct'
        layer = self._layer(name, kind, what + ' layer')
        self._copy(link.W, layer.W.array, name, 'weight')
        has_bias = getattr(layer, 'b', None) is not None
        if link.b is not None:
            if has_bias:
                self._copy(link.b, layer.b.array, name, 'bias')
            else:
                link.b.array[...] = 0
        elif has_bias and numpy.any(layer.b.array):
            raise ValueError(
                '{}: layer {!r} of the Caffe model {} has a bias, which the '
                'network has no place for'.format(self._label, name, self._path))

    def batch_normalization(self, link, bn_name, scale_name):
        """Copy a Caffe BatchNorm layer and the Scale layer after it into ``link``.

        Caffe keeps the running mean and variance in the BatchNorm layer (as sums,
        with their weight in a third blob; CaffeFunction has already divided) and the
        learned scale and shift in the Scale layer: they become ``avg_mean``,
        ``avg_var``, ``gamma`` and ``beta``.
        """
        from chainer.links.connection import scale as scale_module
        from chainer.links.normalization import batch_normalization
        bn = self._layer(bn_name, batch_normalization.BatchNormalization,
                         'BatchNorm layer')
        scale = self._layer(scale_name, scale_module.Scale, 'Scale layer')
        self._copy(link.avg_mean, bn.avg_mean, bn_name, 'mean')
        self._copy(link.avg_var, bn.avg_var, bn_name, 'variance')
        if getattr(scale, 'W', None) is None:
            raise ValueError(
                '{}: Scale layer {!r} of the Caffe model {} has no scale blob (it '
                'takes its scale from a second input)'.format(
                    self._label, scale_name, self._path))
        self._copy(link.gamma, scale.W.array.reshape(-1), scale_name, 'scale')
        bias = getattr(scale, 'bias', None)
        if bias is not None:
            self._copy(link.beta, bias.b.array.reshape(-1), scale_name, 'shift')
        else:
            link.beta.array[...] = 0

    def check_all_used(self):
        """Raise if a layer with parameters of the Caffe model was not copied."""
        unused = sorted(set(self._layers) - self._used)
        if unused:
            raise ValueError(
                '{}: the Caffe model {} has layers with parameters that the '
                'network has no place for: {}; is it the Caffe model of this '
                'network?'.format(self._label, self._path, ', '.join(unused)))


def prepare_image(image, size, mean_bgr, func_name):
    """Image (PIL image or array) -> float32 ``(3, H, W)`` BGR array minus the mean."""
    try:
        from PIL import Image
    except ImportError as e:
        raise ImportError(
            '{}: image preprocessing needs Pillow; install it with '
            'pip install "chainer[image]"'.format(func_name)) from e
    if isinstance(image, numpy.ndarray):
        if image.ndim == 3:
            if image.shape[0] == 1:
                image = image[0, :, :]
            elif image.shape[0] == 3:
                image = image.transpose((1, 2, 0))
        elif image.ndim != 2:
            raise ValueError('{}: an image array must be (H, W), (H, W, 3), (1, H, '
                             'W) or (3, H, W), got shape {}'.format(func_name,
                                                                   image.shape))
        image = Image.fromarray(image.astype(numpy.uint8))
    elif not isinstance(image, Image.Image):
        raise TypeError('{}: image must be a PIL image or a numpy.ndarray, got {}'
                        .format(func_name, type(image).__name__))
    image = image.convert('RGB')
    if size:
        image = image.resize(tuple(size))
    image = numpy.asarray(image, dtype=numpy.float32)[:, :, ::-1]   # RGB -> BGR
    image = image - numpy.array(mean_bgr, dtype=numpy.float32)
    return numpy.ascontiguousarray(image.transpose((2, 0, 1)))


class ImageModel(chainer.link.Chain):
    """The interface the pretrained ImageNet models share (VGG, GoogLeNet, the
    ResNets): a subclass gives ``functions`` (an ordered dict of layer name to
    the callables that compute it), ``_prepare`` (its module's ``prepare``) and
    ``_extract_layer`` (the layer :meth:`extract` returns by default)."""

    _prepare = None
    _extract_layer = None

    @property
    def available_layers(self):
        """The names of the layers, in order."""
        return list(self.functions.keys())

    def forward(self, x, layers=None, **kwargs):
        """The activations of ``layers`` (default ``['prob']``) as a dict.

        Args:
            x (Variable or array): images ``(N, 3, H, W)``, as the model's
                ``prepare`` makes them (224x224 for the classifier).
            layers (list of str): names from :attr:`available_layers`; the network
                runs only as far as the last one needed.
        Returns:
            dict: layer name -> Variable.
        """
        if kwargs:
            chainer.utils.argument.check_unexpected_kwargs(
                kwargs, test='test argument is not supported anymore. '
                'Use chainer.using_config')
            raise TypeError('{}.forward() got unexpected keyword argument(s) {}'.format(
                type(self).__name__, ', '.join(repr(k) for k in sorted(kwargs))))
        if layers is None:
            layers = ['prob']
        elif isinstance(layers, str):
            raise TypeError('{}: layers must be a list of layer names, got the string '
                            '{!r}'.format(type(self).__name__, layers))
        functions = self.functions
        unknown = [name for name in layers if name not in functions]
        if unknown:
            raise ValueError('{}: unknown layer(s) {}; the available layers are {}'
                             .format(type(self).__name__, unknown, list(functions)))
        targets = set(layers)
        activations = {}
        h = x
        for name, funcs in functions.items():
            if not targets:
                break
            for func in funcs:
                h = func(h)
            if name in targets:
                activations[name] = h
                targets.remove(name)
        return activations

    def extract(self, images, layers=None, size=(224, 224), **kwargs):
        """Features of images (PIL images or arrays), without backprop, in testing mode.

        Args:
            images (list): the images.
            layers (list of str): the layers to return (default: the model's
                feature layer, ``fc7`` for VGG and ``pool5`` for the others).
            size (pair of ints): the size the images are resized to.
        Returns:
            dict: layer name -> Variable.
        """
        if kwargs:
            chainer.utils.argument.check_unexpected_kwargs(
                kwargs, test='test argument is not supported anymore. '
                'Use chainer.using_config',
                volatile='volatile argument is not supported anymore. '
                'Use chainer.using_config')
            raise TypeError('{}.extract() got unexpected keyword argument(s) {}'.format(
                type(self).__name__, ', '.join(repr(k) for k in sorted(kwargs))))
        if layers is None:
            layers = [self._extract_layer]
        x = chainer.dataset.concat_examples([self._prepare(img, size=size)
                                             for img in images])
        with chainer.no_backprop_mode(), chainer.using_config('train', False):
            x = chainer.Variable(self.xp.asarray(x))
            return self(x, layers=layers)

    def predict(self, images, oversample=True):
        """Class probabilities ``(N, 1000)`` of the images.

        The images are resized to 256x256; with ``oversample`` the probabilities
        are averaged over ten 224x224 crops (corners, center, and their mirror
        images), otherwise the center crop is used.
        """
        F = chainer.functions
        x = chainer.dataset.concat_examples([self._prepare(img, size=(256, 256))
                                             for img in images])
        if oversample:
            x = chainer.utils.imgproc.oversample(x, crop_dims=(224, 224))
        else:
            x = x[:, :, 16:240, 16:240]
        with chainer.no_backprop_mode(), chainer.using_config('train', False):
            x = chainer.Variable(self.xp.asarray(x))
            y = self(x, layers=['prob'])['prob']
            if oversample:
                n = len(y) // 10
                y = F.reshape(y, (n, 10) + y.shape[1:])
                y = F.sum(y, axis=1) / 10
        return y


def ordered(pairs):
    return collections.OrderedDict(pairs)
