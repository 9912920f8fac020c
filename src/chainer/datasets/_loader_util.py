"""Helpers shared by the dataset loaders (MNIST family, CIFAR, PTB, SVHN)."""
import gzip
import os

import numpy

from chainer.dataset import download


def load_npz(path):
    with numpy.load(path, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def save_npz(path, **arrays):
    with open(path, 'wb') as out:
        numpy.savez_compressed(out, **arrays)


def cached_arrays(dataset_name, file_name, create):
    """Load ``<dataset root>/<dataset_name>/<file_name>``, or build it with
    ``create()`` (a dict of arrays), save it there and return it."""
    path = os.path.join(download.get_dataset_directory(dataset_name), file_name)

    def creator(temp_path):
        arrays = create()
        save_npz(temp_path, **arrays)
        return arrays

    return download.cache_or_load_file(path, creator, load_npz)


def _read_idx(path, expected_magic, what):
    """The array in an IDX file (gzip-compressed), as in the MNIST distribution."""
    with gzip.open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError('{} is not an IDX {} file: it is too short ({} bytes)'.format(
            path, what, len(data)))
    magic = int.from_bytes(data[0:4], 'big')
    if magic != expected_magic:
        raise ValueError('{} is not an IDX {} file: magic number {} (expected '
                         '{})'.format(path, what, magic, expected_magic))
    n_dims = data[3]
    header = 4 + 4 * n_dims
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big')
                  for i in range(n_dims))
    array = numpy.frombuffer(data, dtype=numpy.uint8, offset=header)
    expected = int(numpy.prod(shape))
    if array.size != expected:
        raise ValueError('{}: the IDX header announces shape {} ({} values) but the '
                         'file holds {}'.format(path, shape, expected, array.size))
    return array.reshape(shape)


def make_mnist_arrays(images_url, labels_url):
    """Download and parse an MNIST-format pair (images, labels) into x and y."""
    images = _read_idx(download.cached_download(images_url), 0x00000803, 'images')
    labels = _read_idx(download.cached_download(labels_url), 0x00000801, 'labels')
    if images.shape[0] != labels.shape[0]:
        raise ValueError('MNIST-format files disagree: {} images but {} labels'.format(
            images.shape[0], labels.shape[0]))
    return {'x': images.reshape(images.shape[0], -1), 'y': labels.astype(numpy.uint8)}


def scale_images(images, scale, dtype):
    """uint8 pixels to ``dtype`` values in [0, scale]."""
    images = images.astype(dtype)
    images *= numpy.asarray(scale / 255., dtype=dtype)
    return images


def check_mnist_args(ndim, rgb_format, name='MNIST'):
    """Reject a bad ``ndim``/``rgb_format`` before anything is downloaded."""
    if ndim not in (1, 2, 3):
        raise ValueError('invalid ndim for the {} dataset: expected 1, 2 or 3, got '
                         '{!r}'.format(name, ndim))
    if rgb_format and ndim != 3:
        raise ValueError('rgb_format=True needs ndim=3, got ndim={}'.format(ndim))


def preprocess_mnist(raw, withlabel, ndim, scale, image_dtype, label_dtype,
                     rgb_format, name='MNIST'):
    from chainer.datasets import tuple_dataset
    check_mnist_args(ndim, rgb_format, name)
    images = raw['x']
    side = int(round(numpy.sqrt(images.shape[1])))
    if ndim == 2:
        images = images.reshape(-1, side, side)
    elif ndim == 3:
        images = images.reshape(-1, 1, side, side)
        if rgb_format:
            images = numpy.broadcast_to(images, (images.shape[0], 3, side, side))
    images = scale_images(images, scale, image_dtype)
    if withlabel:
        labels = raw['y'].astype(label_dtype)
        return tuple_dataset.TupleDataset(images, labels)
    return images


def get_mnist_format(dataset_name, base_url, name, withlabel, ndim, scale, dtype,
                     label_dtype, rgb_format):
    """The training and test sets of a dataset in MNIST's format, whose IDX files
    are under ``base_url``, cached under ``dataset_name``. The loaders'
    arguments are those of :func:`~chainer.datasets.get_mnist`; ``name`` is the
    dataset's, for error messages."""
    import chainer
    check_mnist_args(ndim, rgb_format, name)
    dtype = chainer.get_dtype(dtype)
    datasets = []
    for split, prefix in (('train', 'train'), ('test', 't10k')):
        images_url = base_url + prefix + '-images-idx3-ubyte.gz'
        labels_url = base_url + prefix + '-labels-idx1-ubyte.gz'
        raw = cached_arrays(dataset_name, split + '.npz',
                            lambda: make_mnist_arrays(images_url, labels_url))
        datasets.append(preprocess_mnist(raw, withlabel, ndim, scale, dtype,
                                         label_dtype, rgb_format, name))
    return tuple(datasets)
