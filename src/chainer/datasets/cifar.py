"""The CIFAR-10 and CIFAR-100 datasets of 32x32 colour images."""
import pickle
import tarfile

import numpy

import chainer
from chainer.dataset import download
from chainer.datasets import _loader_util
from chainer.datasets import tuple_dataset

_URLS = {
    10: 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz',
    100: 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz',
}
_DATASET_NAME = 'pfnet/chainer/cifar'


def _load_batch(archive, member_name):
    member = archive.extractfile(member_name)
    if member is None:
        raise ValueError('{} is not a file in the CIFAR archive'.format(member_name))
    with member:
        return pickle.load(member, encoding='bytes')


def _member_names(archive, suffixes):
    names = {}
    for name in archive.getnames():
        for suffix in suffixes:
            if name.endswith('/' + suffix) or name == suffix:
                names[suffix] = name
    missing = [s for s in suffixes if s not in names]
    if missing:
        raise ValueError('The CIFAR archive lacks the members {}'.format(missing))
    return names


def _make_cifar10():
    path = download.cached_download(_URLS[10])
    train_parts = ['data_batch_{}'.format(i) for i in range(1, 6)]
    with tarfile.open(path, 'r:gz') as archive:
        names = _member_names(archive, train_parts + ['test_batch'])
        train = [_load_batch(archive, names[part]) for part in train_parts]
        test = _load_batch(archive, names['test_batch'])
    return {
        'train_x': numpy.concatenate(
            [numpy.asarray(b[b'data'], dtype=numpy.uint8) for b in train]),
        'train_y': numpy.concatenate(
            [numpy.asarray(b[b'labels'], dtype=numpy.uint8) for b in train]),
        'test_x': numpy.asarray(test[b'data'], dtype=numpy.uint8),
        'test_y': numpy.asarray(test[b'labels'], dtype=numpy.uint8),
    }


def _make_cifar100():
    path = download.cached_download(_URLS[100])
    with tarfile.open(path, 'r:gz') as archive:
        names = _member_names(archive, ['train', 'test'])
        train = _load_batch(archive, names['train'])
        test = _load_batch(archive, names['test'])
    return {
        'train_x': numpy.asarray(train[b'data'], dtype=numpy.uint8),
        'train_y': numpy.asarray(train[b'fine_labels'], dtype=numpy.uint8),
        'test_x': numpy.asarray(test[b'data'], dtype=numpy.uint8),
        'test_y': numpy.asarray(test[b'fine_labels'], dtype=numpy.uint8),
    }


def _preprocess(images, labels, withlabel, ndim, scale, dtype):
    if ndim == 1:
        images = images.reshape(-1, 3072)
    elif ndim == 3:
        images = images.reshape(-1, 3, 32, 32)
    else:
        raise ValueError('invalid ndim for the CIFAR dataset: expected 1 or 3, got '
                         '{!r}'.format(ndim))
    images = _loader_util.scale_images(images, scale, dtype)
    if withlabel:
        return tuple_dataset.TupleDataset(images, labels.astype(numpy.int32))
    return images


def _get_cifar(n_classes, withlabel, ndim, scale, dtype):
    if ndim not in (1, 3):  # checked before anything is downloaded
        raise ValueError('invalid ndim for the CIFAR dataset: expected 1 or 3, got '
                         '{!r}'.format(ndim))
    dtype = chainer.get_dtype(dtype)
    create = _make_cifar10 if n_classes == 10 else _make_cifar100
    raw = _loader_util.cached_arrays(
        _DATASET_NAME, 'cifar-{}.npz'.format(n_classes), create)
    train = _preprocess(raw['train_x'], raw['train_y'], withlabel, ndim, scale, dtype)
    test = _preprocess(raw['test_x'], raw['test_y'], withlabel, ndim, scale, dtype)
    return train, test


def get_cifar10(withlabel=True, ndim=3, scale=1., dtype=None):
    """Get the CIFAR-10 dataset (50000 training and 10000 test images).

    The 32x32 RGB images have one byte per channel; they are scaled to floating
    point values in ``[0, scale]``. The original "python version" archive is
    downloaded once and cached (parsed, as ``.npz``) under the dataset root.

    Args:
        withlabel (bool): return datasets of ``(image, label)`` tuples (labels 0..9,
            int32); otherwise arrays of images.
        ndim (int): 3 for images of shape ``(3, 32, 32)``, 1 for ``(3072,)``.
        scale (float): the value of a full-intensity channel.
        dtype: the dtype of the images (``chainer.config.dtype`` by default).

    Returns:
        tuple: the training set and the test set.
    """
    return _get_cifar(10, withlabel, ndim, scale, dtype)


def get_cifar100(withlabel=True, ndim=3, scale=1., dtype=None):
    """Get the CIFAR-100 dataset (50000 training and 10000 test images).

    Like :func:`get_cifar10`, with the 100 fine labels (0..99).
    """
    return _get_cifar(100, withlabel, ndim, scale, dtype)
