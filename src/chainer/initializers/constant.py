"""Initializers that fill with fixed values."""
import numpy

import chainer
from chainer import backend
from chainer import initializer


class Identity(initializer.Initializer):
    """Fills a square matrix with ``scale`` times the identity.

    Args:
        scale (float): the value on the diagonal.
        dtype: dtype of the array.
    """

    def __init__(self, scale=1.0, dtype=None):
        self.scale = scale
        super().__init__(dtype)

    def __call__(self, array):
        if self.dtype is not None and array.dtype != numpy.dtype(self.dtype):
            raise ValueError('Identity: the array has dtype {} but the initializer '
                             'makes {}'.format(array.dtype, numpy.dtype(self.dtype)))
        shape = array.shape
        if len(shape) != 2 or shape[0] != shape[1]:
            raise ValueError('Identity: the array must be a square matrix, got shape '
                             '{}'.format(shape))
        xp = backend.get_array_module(array)
        array[...] = xp.identity(shape[0], dtype=array.dtype) * self.scale


class Constant(initializer.Initializer):
    """Fills with a constant (a scalar, or an array broadcast to the shape).

    Args:
        fill_value: the scalar or array.
        dtype: dtype of the array; by default the one of ``fill_value`` when it is
            a float array, else ``config.dtype`` (so an integer array such as
            ``initialW=numpy.arange(6).reshape(2, 3)`` makes a float parameter).
    """

    def __init__(self, fill_value, dtype=None):
        self.fill_value = fill_value
        if dtype is None and isinstance(fill_value, chainer.get_array_types()) and \
                numpy.dtype(fill_value.dtype).kind == 'f':
            dtype = fill_value.dtype
        super().__init__(dtype)

    def __call__(self, array):
        if self.dtype is not None and array.dtype != numpy.dtype(self.dtype):
            raise ValueError('Constant: the array has dtype {} but the initializer '
                             'makes {}'.format(array.dtype, numpy.dtype(self.dtype)))
        value = self.fill_value
        if isinstance(value, chainer.get_array_types()):
            device = backend.get_device_from_array(array)
            value = device.send(value)
            xp = device.xp
            try:
                filled = xp.broadcast_to(value, array.shape)
            except ValueError:
                raise ValueError(
                    'Constant: the fill value of shape {} cannot fill a parameter of '
                    'shape {} (it must have that shape or broadcast to it)'.format(
                        value.shape, array.shape)) from None
            array[...] = filled.astype(array.dtype, copy=False)
        else:
            array[...] = numpy.asarray(value).astype(array.dtype)


class Zero(Constant):
    """Fills with zeros.

    Args:
        dtype: dtype of the array.
    """

    def __init__(self, dtype=None):
        super().__init__(0.0, dtype=dtype)


class One(Constant):
    """Fills with ones.

    Args:
        dtype: dtype of the array.
    """

    def __init__(self, dtype=None):
        super().__init__(1.0, dtype=dtype)


class NaN(Constant):
    """Fills with NaN (so a value that was never computed cannot pass unnoticed).

    Args:
        dtype: dtype of the array.
    """

    def __init__(self, dtype=None):
        super().__init__(numpy.nan, dtype=dtype)
