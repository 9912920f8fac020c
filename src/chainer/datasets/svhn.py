"""The Street View House Numbers (SVHN) dataset of 32x32 colour digit images."""
import numpy

import chainer
from chainer.dataset import download
from chainer.datasets import _loader_util
from chainer.datasets import tuple_dataset

_BASE_URL = 'http://ufldl.stanford.edu/housenumbers/'
_URLS = {
    'train': _BASE_URL + 'train_32x32.mat',
    'test': _BASE_URL + 'test_32x32.mat',
    'extra': _BASE_URL + 'extra_32x32.mat',
}
_DATASET_NAME = 'pfnet/chainer/svhn'


def _loadmat():
    try:
        from scipy import io
    except ImportError as e:
        raise ImportError(
            'get_svhn needs SciPy to read the .mat files of SVHN, and SciPy is not '
            'installed. Install it with: pip install "chainer[special]" (or '
            'pip install scipy).') from e
    return io.loadmat


def _make_split(split):
    loadmat = _loadmat()
    mat = loadmat(download.cached_download(_URLS[split]))
    images = numpy.asarray(mat['X'], dtype=numpy.uint8)
    labels = numpy.asarray(mat['y']).reshape(-1).astype(numpy.int64)
    if images.ndim != 4 or images.shape[:3] != (32, 32, 3):
        raise ValueError('SVHN {}: X must have shape (32, 32, 3, N), got {}'.format(
            split, images.shape))
    # (H, W, C, N) -> (N, C, H, W); the digit 0 is labelled 10 in the files.
    images = numpy.ascontiguousarray(images.transpose(3, 2, 0, 1))
    labels = (labels % 10).astype(numpy.uint8)
    return {'x': images, 'y': labels}


def _get_split(split, withlabel, scale, dtype, label_dtype):
    _loadmat()  # fail early, with the install hint, when SciPy is missing
    raw = _loader_util.cached_arrays(_DATASET_NAME, split + '.npz',
                                     lambda: _make_split(split))
    images = _loader_util.scale_images(raw['x'], scale, dtype)
    if withlabel:
        return tuple_dataset.TupleDataset(images, raw['y'].astype(label_dtype))
    return images


def get_svhn(withlabel=True, scale=1., dtype=None, label_dtype=numpy.int32,
             add_extra=False):
    """Get the SVHN dataset (training and test sets, optionally the extra set).

    Images have shape ``(3, 32, 32)`` and values in ``[0, scale]``; labels are the
    digits 0..9. The original ``.mat`` files are downloaded once and cached
    (parsed, as ``.npz``) under the dataset root. Reading them needs SciPy (the
    ``special`` extra).

    Args:
        withlabel (bool): return datasets of ``(image, label)`` tuples; otherwise
            arrays of images.
        scale (float): the value of a full-intensity channel.
        dtype: the dtype of the images (``chainer.config.dtype`` by default).
        label_dtype: the dtype of the labels.
        add_extra (bool): also return the extra training set.

    Returns:
        tuple: ``(train, test)``, or ``(train, test, extra)`` with ``add_extra``.
    """
    dtype = chainer.get_dtype(dtype)
    splits = ('train', 'test', 'extra') if add_extra else ('train', 'test')
    return tuple(_get_split(split, withlabel, scale, dtype, label_dtype)
                 for split in splits)
