"""Initializers: objects that fill arrays in place, for parameters of links."""
import numpy

import chainer
from chainer import backend
from chainer.initializer import Initializer  # NOQA
from chainer.initializers.constant import Constant  # NOQA
from chainer.initializers.constant import Identity  # NOQA
from chainer.initializers.constant import NaN  # NOQA
from chainer.initializers.constant import One  # NOQA
from chainer.initializers.constant import Zero  # NOQA


def generate_array(initializer, shape, xp, dtype=None, device=None):
    """Create an array of ``shape`` filled by ``initializer``.

    Args:
        initializer: a callable that fills an array in place.
        shape (int or tuple of ints): the shape.
        xp: the array module (``numpy`` or ``cupy``).
        dtype: the dtype if the initializer has none (default: ``config.dtype``).
            Giving one that contradicts the initializer's raises ValueError.
        device: the device to create the array on (default: the one of ``xp``).
    """
    dtype_attr = getattr(initializer, 'dtype', None)
    if dtype is not None and dtype_attr is not None and \
            numpy.dtype(dtype) != numpy.dtype(dtype_attr):
        raise ValueError(
            'generate_array: dtype {} was given but the initializer makes {}'.format(
                numpy.dtype(dtype), numpy.dtype(dtype_attr)))
    if dtype is None:
        dtype = dtype_attr
    dtype = chainer.get_dtype(dtype)
    if isinstance(shape, (int, numpy.integer)):
        shape = (int(shape),)
    shape = tuple(shape)
    if any(d < 0 for d in shape):
        raise ValueError('generate_array: cannot create an array of shape {}: '
                         'dimensions must be non-negative'.format(shape))
    if device is not None and not isinstance(device, backend.Device):
        device = backend.get_device(device)
    if device is None:
        if xp is numpy:
            device = backend.CpuDevice()
        else:
            device = backend.get_device(xp.cuda.Device())
    array = device.xp.empty(shape, dtype=dtype) if device.xp is numpy else None
    if array is None:
        with device.create_context():
            array = device.xp.empty(shape, dtype=dtype)
    initializer(array)
    return array


def _get_initializer(initializer):
    if initializer is None:
        return LeCunNormal()
    if isinstance(initializer, chainer.get_array_types()) or (
            numpy.isscalar(initializer) and
            not isinstance(initializer, (str, bytes))):
        return Constant(initializer)
    if not callable(initializer):
        raise TypeError('initializer must be None, a scalar, an array or a callable '
                        'that fills an array; got {}'.format(type(initializer).__name__))
    return initializer


def get_initializer(initializer):
    """Turn an initializer specification into an initializer.

    None gives :class:`LeCunNormal`, a scalar or an array gives :class:`Constant`,
    and a callable is returned as it is.
    """
    return _get_initializer(initializer)


def _lazy(name):
    import importlib
    return importlib.import_module(name)


from chainer.initializers.normal import GlorotNormal  # NOQA
from chainer.initializers.normal import HeNormal  # NOQA
from chainer.initializers.normal import LeCunNormal  # NOQA
from chainer.initializers.normal import Normal  # NOQA
from chainer.initializers.uniform import GlorotUniform  # NOQA
from chainer.initializers.uniform import HeUniform  # NOQA
from chainer.initializers.uniform import LeCunUniform  # NOQA
from chainer.initializers.uniform import Uniform  # NOQA
from chainer.initializers.orthogonal import Orthogonal  # NOQA
from chainer.initializers.sampling import DownsamplingConvFilter  # NOQA
from chainer.initializers.sampling import UpsamplingDeconvFilter  # NOQA
from chainer.initializers import constant  # NOQA
from chainer.initializers import normal  # NOQA
from chainer.initializers import orthogonal  # NOQA
from chainer.initializers import sampling  # NOQA
from chainer.initializers import uniform  # NOQA
from chainer import types  # NOQA
