"""Fashion-MNIST: 28x28 grayscale images of clothes, in MNIST's format."""
import numpy

import chainer
from chainer.datasets import _loader_util

_BASE_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'
_URLS = {
    'train': (_BASE_URL + 'train-images-idx3-ubyte.gz',
              _BASE_URL + 'train-labels-idx1-ubyte.gz'),
    'test': (_BASE_URL + 't10k-images-idx3-ubyte.gz',
             _BASE_URL + 't10k-labels-idx1-ubyte.gz'),
}
_DATASET_NAME = 'pfnet/chainer/fashion-mnist'

_LABELS = ('T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal',
           'Shirt', 'Sneaker', 'Bag', 'Ankle boot')


def get_fashion_mnist_labels():
    """The names of the ten Fashion-MNIST classes, by label."""
    return _LABELS


def _retrieve(split):
    return _loader_util.cached_arrays(
        _DATASET_NAME, split + '.npz',
        lambda: _loader_util.make_mnist_arrays(*_URLS[split]))


def get_fashion_mnist(withlabel=True, ndim=1, scale=1., dtype=None,
                      label_dtype=numpy.int32, rgb_format=False):
    """Get the Fashion-MNIST dataset (training and test sets).

    The arguments and the result are those of :func:`~chainer.datasets.get_mnist`;
    the labels name the classes of :func:`get_fashion_mnist_labels`.
    """
    _loader_util.check_mnist_args(ndim, rgb_format, 'Fashion-MNIST')
    dtype = chainer.get_dtype(dtype)
    train = _loader_util.preprocess_mnist(
        _retrieve('train'), withlabel, ndim, scale, dtype, label_dtype, rgb_format,
        'Fashion-MNIST')
    test = _loader_util.preprocess_mnist(
        _retrieve('test'), withlabel, ndim, scale, dtype, label_dtype, rgb_format,
        'Fashion-MNIST')
    return train, test
