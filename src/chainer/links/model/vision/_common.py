"""What the ImageNet models of chainer.links.model.vision share.

Loading pretrained weights, image preprocessing, layer-by-layer forward with
feature extraction, and ten-crop prediction.
"""
import collections
import os

import numpy

import chainer
from chainer.dataset import download
from chainer.serializers import npz


MODEL_DIRECTORY = 'pfnet/chainer/models'


def load_pretrained(model, pretrained_model, auto_name):
    """Fill ``model`` from ``pretrained_model``: None, ``'auto'`` or an npz path.

    ``'auto'`` loads ``<dataset root>/pfnet/chainer/models/<auto_name>`` (where
    Chainer caches the converted weights); nothing is ever downloaded here.
    """
    path = check_pretrained(type(model).__name__, pretrained_model, auto_name)
    if path is not None:
        npz.load_npz(path, model)


def check_pretrained(name, pretrained_model, auto_name):
    """The npz path that ``pretrained_model`` names (None for no weights).

    Raises the clear error for missing 'auto' weights or a Caffe model; models
    call it before building their layers, so the error comes at once instead of
    after filling hundreds of megabytes of parameters.
    """
    if not pretrained_model:
        return None
    if pretrained_model == 'auto':
        path = os.path.join(download.get_dataset_root(), MODEL_DIRECTORY, auto_name)
        if not os.path.exists(path):
            raise RuntimeError(
                '{0}(pretrained_model=\'auto\'): the pretrained weights are not '
                'there: {1} does not exist. chainer-next does not download '
                'pretrained models or convert Caffe models; put the npz file '
                'converted by Chainer there, give its path as pretrained_model, or '
                'use pretrained_model=None for randomly initialized weights.'.format(
                    name, path))
        return path
    path = os.fspath(pretrained_model)
    if path.endswith('.caffemodel'):
        raise RuntimeError(
            '{}: loading a Caffe model ({}) is not supported in chainer-next; '
            'convert it to npz with Chainer first and give the npz file'.format(
                name, path))
    return path


def caffe_unsupported(cls):
    raise RuntimeError(
        '{}.convert_caffemodel_to_npz: Caffe model conversion is not available in '
        'chainer-next (it needs Chainer\'s Caffe support). Convert the model with '
        'Chainer 7 and load the resulting npz file.'.format(cls.__name__))


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


def run_layers(model, x, layers, kwargs):
    """Run ``model.functions`` in order until every layer in ``layers`` is reached."""
    if kwargs:
        chainer.utils.argument.check_unexpected_kwargs(
            kwargs, test='test argument is not supported anymore. '
            'Use chainer.using_config')
        raise TypeError('{}.forward() got unexpected keyword argument(s) {}'.format(
            type(model).__name__, ', '.join(repr(k) for k in sorted(kwargs))))
    if layers is None:
        layers = ['prob']
    elif isinstance(layers, str):
        raise TypeError('{}: layers must be a list of layer names, got the string '
                        '{!r}'.format(type(model).__name__, layers))
    functions = model.functions
    unknown = [name for name in layers if name not in functions]
    if unknown:
        raise ValueError('{}: unknown layer(s) {}; the available layers are {}'
                         .format(type(model).__name__, unknown, list(functions)))
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


def extract(model, images, layers, size, prepare, default_layer, kwargs):
    if kwargs:
        chainer.utils.argument.check_unexpected_kwargs(
            kwargs, test='test argument is not supported anymore. '
            'Use chainer.using_config',
            volatile='volatile argument is not supported anymore. '
            'Use chainer.using_config')
        raise TypeError('{}.extract() got unexpected keyword argument(s) {}'.format(
            type(model).__name__, ', '.join(repr(k) for k in sorted(kwargs))))
    if layers is None:
        layers = [default_layer]
    x = chainer.dataset.concat_examples([prepare(img, size=size) for img in images])
    with chainer.no_backprop_mode(), chainer.using_config('train', False):
        x = chainer.Variable(model.xp.asarray(x))
        return model(x, layers=layers)


def predict(model, images, oversample, prepare):
    F = chainer.functions
    x = chainer.dataset.concat_examples([prepare(img, size=(256, 256))
                                         for img in images])
    if oversample:
        x = chainer.utils.imgproc.oversample(x, crop_dims=(224, 224))
    else:
        x = x[:, :, 16:240, 16:240]
    with chainer.no_backprop_mode(), chainer.using_config('train', False):
        x = chainer.Variable(model.xp.asarray(x))
        y = model(x, layers=['prob'])['prob']
        if oversample:
            n = len(y) // 10
            y = F.reshape(y, (n, 10) + y.shape[1:])
            y = F.sum(y, axis=1) / 10
    return y


def ordered(pairs):
    return collections.OrderedDict(pairs)
