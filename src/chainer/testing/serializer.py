"""Saving an object and loading it back, for tests of serialization."""
import os

from chainer import serializers
from chainer import utils


def save_and_load(src, dst, filename, saver, loader):
    """Save ``src`` to ``filename`` with ``saver(filename, src)``, then load it
    into ``dst`` with ``loader(filename, dst)``."""
    saver(filename, src)
    loader(filename, dst)


def save_and_load_npz(src, dst):
    """Save ``src`` in an NPZ file and load it into ``dst``
    (:func:`chainer.serializers.save_npz` / ``load_npz``) through a temporary file."""
    with utils.tempdir() as directory:
        path = os.path.join(directory, 'saved.npz')
        save_and_load(src, dst, path, serializers.save_npz, serializers.load_npz)


def save_and_load_hdf5(src, dst):
    """Save ``src`` in an HDF5 file and load it into ``dst``
    (:func:`chainer.serializers.save_hdf5` / ``load_hdf5``; needs h5py) through a
    temporary file."""
    with utils.tempdir() as directory:
        path = os.path.join(directory, 'saved.h5')
        save_and_load(src, dst, path, serializers.save_hdf5, serializers.load_hdf5)
