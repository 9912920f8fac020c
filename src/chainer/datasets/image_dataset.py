"""Datasets of image files: on disk, listed in a file, or inside zip archives.

Images are read with Pillow (the ``image`` extra: ``pip install
"chainer[image]"``) and returned as arrays of shape ``(channels, height,
width)``: one channel for grayscale images, three for RGB, four for RGBA.
"""
import importlib.util
import io
import os
import threading
import zipfile

import numpy

import chainer
from chainer.dataset import dataset_mixin


#: Whether Pillow, which reads the image files, is installed.
available = importlib.util.find_spec('PIL') is not None


def _get_pil_image():
    try:
        from PIL import Image
    except ImportError as e:
        raise ImportError(
            'Reading image files needs Pillow, which is not installed. Install it '
            'with: pip install "chainer[image]" (or pip install Pillow).') from e
    return Image


def _read_image_as_array(source, dtype):
    """An image file (path or file object) as an array of shape (H, W) or (H, W, C)."""
    Image = _get_pil_image()
    with Image.open(source) as image:
        image.load()
        if image.mode in ('P', 'CMYK', 'YCbCr', 'LAB', 'HSV'):
            image = image.convert('RGBA' if 'transparency' in image.info
                                  else 'RGB')
        elif image.mode in ('1',):
            image = image.convert('L')
        elif image.mode == 'LA':
            image = image.convert('RGBA')
        return numpy.asarray(image, dtype=dtype)


def _postprocess_image(image):
    if image.ndim == 2:
        return image[numpy.newaxis]
    return image.transpose(2, 0, 1)


def _read_paths(paths, what):
    if isinstance(paths, (str, os.PathLike)):
        with open(paths) as paths_file:
            return [line.strip() for line in paths_file if line.strip()]
    return list(paths)


def _read_labels(path, owner, what):
    """The ``(what, label)`` pairs of a text file of ``<what> <label>`` lines
    (blank lines are skipped)."""
    pairs = []
    with open(path) as label_file:
        for line_number, line in enumerate(label_file, 1):
            fields = line.strip().split()
            if not fields:
                continue
            if len(fields) != 2:
                raise ValueError('{}: line {} of {} must be "<{}> <label>", got {!r}'
                                 .format(owner, line_number, path, what,
                                         line.rstrip('\n')))
            pairs.append((fields[0], int(fields[1])))
    return pairs

class ImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of images read from files.

    Example ``i`` is the image at ``os.path.join(root, paths[i])``, as an array of
    shape ``(channels, height, width)`` and type ``dtype``. The images are read
    when accessed, not in the constructor.

    Args:
        paths (str or list of str): the image paths, or the path of a text file
            listing them one per line.
        root (str): the directory the paths are relative to.
        dtype: the dtype of the arrays (``chainer.config.dtype`` by default).
    """

    def __init__(self, paths, root='.', dtype=None):
        self._paths = _read_paths(paths, 'paths')
        self._root = root
        self._dtype = chainer.get_dtype(dtype)

    def __len__(self):
        return len(self._paths)

    def get_example(self, i):
        path = os.path.join(self._root, self._paths[i])
        return _postprocess_image(_read_image_as_array(path, self._dtype))


class LabeledImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of images with integer labels.

    Example ``i`` is ``(image, label)``: the image as in :class:`ImageDataset`,
    and the label as a 0-d array of ``label_dtype``.

    Args:
        pairs (str or list of tuples): ``(path, label)`` pairs, or the path of a
            text file whose lines are ``<path> <label>`` (separated by white space).
        root (str): the directory the image paths are relative to.
        dtype: the dtype of the images (``chainer.config.dtype`` by default).
        label_dtype: the dtype of the labels.
    """

    def __init__(self, pairs, root='.', dtype=None, label_dtype=numpy.int32):
        if isinstance(pairs, (str, os.PathLike)):
            pairs = _read_labels(pairs, 'LabeledImageDataset', 'path')
        self._pairs = list(pairs)
        for index, pair in enumerate(self._pairs):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise ValueError(
                    'LabeledImageDataset: pairs must be (path, label) pairs, but '
                    'item {} is {!r}'.format(index, pair))
        self._root = root
        self._dtype = chainer.get_dtype(dtype)
        self._label_dtype = label_dtype

    def __len__(self):
        return len(self._pairs)

    def get_example(self, i):
        path, label = self._pairs[i]
        image = _postprocess_image(
            _read_image_as_array(os.path.join(self._root, path), self._dtype))
        return image, numpy.array(label, dtype=self._label_dtype)


class _ZipFile(object):
    """A zip file that is opened once per process (and per thread lock)."""

    def __init__(self, path):
        self._path = path
        self._pid = None
        self._zip = None
        self._lock = threading.Lock()

    def __getstate__(self):
        return {'_path': self._path}

    def __setstate__(self, state):
        self.__init__(state['_path'])

    def read(self, name):
        with self._lock:
            if self._zip is None or self._pid != os.getpid():
                self._zip = zipfile.ZipFile(self._path)
                self._pid = os.getpid()
            return self._zip.read(name)

    def namelist(self):
        with zipfile.ZipFile(self._path) as archive:
            return [info.filename for info in archive.infolist()
                    if not info.is_dir()]


class ZippedImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of the images inside a zip file.

    Example ``i`` is the ``i``-th file of the archive (directories are skipped),
    read as in :class:`ImageDataset`. ``get_example`` also accepts a file name in
    the archive.

    Args:
        zipfilename (str): the path of the zip file.
        dtype: the dtype of the arrays (``chainer.config.dtype`` by default).
    """

    def __init__(self, zipfilename, dtype=None):
        self._zipfilename = zipfilename
        self._zip = _ZipFile(zipfilename)
        self._paths = self._zip.namelist()
        self._dtype = chainer.get_dtype(dtype)

    def __len__(self):
        return len(self._paths)

    def get_example(self, i_or_filename):
        if isinstance(i_or_filename, str):
            name = i_or_filename
        else:
            name = self._paths[i_or_filename]
        data = self._zip.read(name)
        return _postprocess_image(_read_image_as_array(io.BytesIO(data), self._dtype))


class MultiZippedImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of the images of several zip files, one archive after another.

    Args:
        zipfilenames (list of str): the zip files.
        dtype: the dtype of the arrays (``chainer.config.dtype`` by default).
    """

    def __init__(self, zipfilenames, dtype=None):
        self._datasets = [ZippedImageDataset(name, dtype) for name in zipfilenames]
        self._offsets = numpy.cumsum([0] + [len(d) for d in self._datasets])

    def __len__(self):
        return int(self._offsets[-1])

    def get_example(self, i):
        if not 0 <= i < len(self):
            raise IndexError('dataset index {} is out of range for a dataset of '
                             'length {}'.format(i, len(self)))
        which = int(numpy.searchsorted(self._offsets, i, side='right')) - 1
        return self._datasets[which].get_example(i - int(self._offsets[which]))


class LabeledZippedImageDataset(dataset_mixin.DatasetMixin):
    """Dataset of the images inside a zip file, with labels from a text file.

    Example ``i`` is ``(image, label)``.

    Args:
        zipfilename (str): the path of the zip file.
        labelfilename (str): a text file whose lines are ``<name in the zip>
            <label>``; its order is the order of the examples.
        dtype: the dtype of the images (``chainer.config.dtype`` by default).
        label_dtype: the dtype of the labels.
    """

    def __init__(self, zipfilename, labelfilename, dtype=None,
                 label_dtype=numpy.int32):
        self._zip = _ZipFile(zipfilename)
        self._dtype = chainer.get_dtype(dtype)
        self._label_dtype = label_dtype
        if not isinstance(labelfilename, (str, bytes, os.PathLike)):
            raise TypeError(
                'LabeledZippedImageDataset: labelfilename must be the path of a '
                'text file of "<name in the zip> <label>" lines, got {}'.format(
                    type(labelfilename).__name__))
        self._pairs = _read_labels(labelfilename, 'LabeledZippedImageDataset', 'name')

    def __len__(self):
        return len(self._pairs)

    def get_example(self, i):
        name, label = self._pairs[i]
        data = self._zip.read(name)
        image = _postprocess_image(_read_image_as_array(io.BytesIO(data), self._dtype))
        return image, numpy.array(label, dtype=self._label_dtype)
