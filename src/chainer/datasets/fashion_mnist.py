"""Fashion-MNIST: 28x28 grayscale images of clothes, in MNIST's format."""
import numpy

from chainer.datasets import _loader_util

_BASE_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'
_DATASET_NAME = 'pfnet/chainer/fashion-mnist'

_LABELS = ('T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal',
           'Shirt', 'Sneaker', 'Bag', 'Ankle boot')


def get_fashion_mnist_labels():
    """The names of the ten Fashion-MNIST classes, by label."""
    return _LABELS


def get_fashion_mnist(withlabel=True, ndim=1, scale=1., dtype=None,
                      label_dtype=numpy.int32, rgb_format=False):
    """Get the Fashion-MNIST dataset (training and test sets).

    The arguments and the result are those of :func:`~chainer.datasets.get_mnist`;
    the labels name the classes of :func:`get_fashion_mnist_labels`.
    """
    return _loader_util.get_mnist_format(
        _DATASET_NAME, _BASE_URL, 'Fashion-MNIST', withlabel, ndim, scale, dtype, label_dtype,
        rgb_format)
