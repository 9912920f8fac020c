"""The MNIST handwritten digits."""
import numpy

from chainer.datasets import _loader_util

_BASE_URL = 'http://yann.lecun.com/exdb/mnist/'
_DATASET_NAME = 'pfnet/chainer/mnist'


def get_mnist(withlabel=True, ndim=1, scale=1., dtype=None,
              label_dtype=numpy.int32, rgb_format=False):
    """Get the MNIST dataset of handwritten digits (training and test sets).

    The 28x28 grayscale images have one byte per pixel; they are scaled to
    floating point values in ``[0, scale]``. The original IDX files are downloaded
    from their public address once and cached (parsed, as ``.npz``) under the
    dataset root (``$CHAINER_DATASET_ROOT``, default ``~/.chainer/dataset``).

    Args:
        withlabel (bool): return datasets of ``(image, label)`` tuples
            (:class:`~chainer.datasets.TupleDataset`); otherwise arrays of images.
        ndim (int): the shape of an image: 1 for ``(784,)``, 2 for ``(28, 28)``,
            3 for ``(1, 28, 28)``.
        scale (float): the value of a white pixel.
        dtype: the dtype of the images (``chainer.config.dtype`` by default).
        label_dtype: the dtype of the labels.
        rgb_format (bool): with ``ndim=3``, repeat the channel to shape
            ``(3, 28, 28)``.

    Returns:
        tuple: the training set (60000 examples) and the test set (10000).
    """
    return _loader_util.get_mnist_format(
        _DATASET_NAME, _BASE_URL, 'MNIST', withlabel, ndim, scale, dtype, label_dtype,
        rgb_format)
