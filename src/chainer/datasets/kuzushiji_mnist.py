"""Kuzushiji-MNIST: 28x28 grayscale images of cursive Japanese characters."""
import numpy

from chainer.datasets import _loader_util

_BASE_URL = 'http://codh.rois.ac.jp/kmnist/dataset/kmnist/'
_DATASET_NAME = 'pfnet/chainer/kuzushiji_mnist'

_LABELS = [('o', '\u304a'), ('ki', '\u304d'), ('su', '\u3059'), ('tsu', '\u3064'),
           ('na', '\u306a'), ('ha', '\u306f'), ('ma', '\u307e'), ('ya', '\u3084'),
           ('re', '\u308c'), ('wo', '\u3092')]


def get_kuzushiji_mnist_labels():
    """The ten Kuzushiji-MNIST classes, by label: ``(romaji name, character)``."""
    return list(_LABELS)


def get_kuzushiji_mnist(withlabel=True, ndim=1, scale=1., dtype=None,
                        label_dtype=numpy.int32, rgb_format=False):
    """Get the Kuzushiji-MNIST dataset (training and test sets).

    The arguments and the result are those of :func:`~chainer.datasets.get_mnist`;
    the labels name the characters of :func:`get_kuzushiji_mnist_labels`.
    """
    return _loader_util.get_mnist_format(
        _DATASET_NAME, _BASE_URL, 'Kuzushiji-MNIST', withlabel, ndim, scale, dtype, label_dtype,
        rgb_format)
