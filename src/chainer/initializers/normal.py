"""Initializers drawing from normal distributions."""
import numpy

from chainer import backend
from chainer import initializer


def _check_dtype(init, array):
    if init.dtype is not None and array.dtype != numpy.dtype(init.dtype):
        raise ValueError('{}: the array has dtype {} but the initializer makes {}'
                         .format(type(init).__name__, array.dtype,
                                 numpy.dtype(init.dtype)))
    _check_float(init, array)


def _check_float(init, array):
    # Random values truncated to integers would be meaningless (mostly zeros).
    if numpy.dtype(array.dtype).kind != 'f':
        raise ValueError(
            '{}: draws random floating-point values, so the array must have a float '
            'dtype (float16, float32 or float64), got {}'.format(
                type(init).__name__, array.dtype))


def _draw(rng, array, method, **kwargs):
    """Fill ``array`` with ``rng.<method>(size=array.shape, **kwargs)`` (by
    default the random module of the array's module), in its dtype and device."""
    xp = backend.get_array_module(array)
    if rng is None:
        values = getattr(xp.random, method)(size=array.shape, **kwargs)
    else:
        values = getattr(rng, method)(size=array.shape, **kwargs)
        if xp is not numpy:
            values = backend.get_device_from_array(array).send(numpy.asarray(values))
    array[...] = xp.asarray(values).astype(array.dtype, copy=False)


def _normal(rng, array, scale, loc=0.0):
    _draw(rng, array, 'normal', loc=loc, scale=scale)


class Normal(initializer.Initializer):
    """Fills with draws from a normal distribution N(loc, scale²).

    Args:
        scale (float): standard deviation.
        dtype: dtype of the array.
        rng: a random generator with a NumPy-like ``normal`` method (default:
            ``numpy.random``, or ``cupy.random`` for CuPy arrays).
        loc (float): mean.
    """

    def __init__(self, scale=0.05, dtype=None, **kwargs):
        self.scale = scale
        self.rng = kwargs.pop('rng', None)
        self.loc = kwargs.pop('loc', 0.0)
        if kwargs:
            raise TypeError('Normal got unexpected keyword arguments: {}'.format(
                ', '.join(sorted(kwargs))))
        super().__init__(dtype)

    def __call__(self, array):
        _check_dtype(self, array)
        _normal(self.rng, array, self.scale, self.loc)


class _ScaledNormal(initializer.Initializer):
    _fan = None  # 'in', 'out' or 'avg'
    _factor = 1.0
    _extra = None

    def __init__(self, scale=1.0, dtype=None, **kwargs):
        self.scale = scale
        self.rng = kwargs.pop('rng', None)
        extra = self._pop_extra(kwargs)
        if kwargs:
            raise TypeError('{} got unexpected keyword arguments: {}'.format(
                type(self).__name__, ', '.join(sorted(kwargs))))
        if extra is not None:  # pickles keep Chainer's attributes otherwise
            self._extra = extra
        super().__init__(dtype)

    def _pop_extra(self, kwargs):
        return None

    def _fan_value(self, shape):
        fan_in, fan_out = initializer.get_fans(shape)
        return fan_in

    def __call__(self, array):
        _check_dtype(self, array)
        if array.size == 0:
            return
        fan = self._fan_value(array.shape)
        std = self.scale * numpy.sqrt(self._factor / fan)
        _normal(self.rng, array, std)


class LeCunNormal(_ScaledNormal):
    """Normal with standard deviation ``scale * sqrt(1 / fan_in)``."""
    _factor = 1.0


class GlorotNormal(_ScaledNormal):
    """Normal with standard deviation ``scale * sqrt(2 / (fan_in + fan_out))``."""
    _factor = 2.0

    def _fan_value(self, shape):
        fan_in, fan_out = initializer.get_fans(shape)
        return fan_in + fan_out


class HeNormal(_ScaledNormal):
    """Normal with standard deviation ``scale * sqrt(2 / fan)``.

    Args:
        scale (float), dtype: as for the others.
        fan_option (str): ``'fan_in'`` (default) or ``'fan_out'``.
        rng: random generator.
    """
    _factor = 2.0

    def __init__(self, scale=1.0, dtype=None, fan_option='fan_in', **kwargs):
        if fan_option not in ('fan_in', 'fan_out'):
            raise ValueError("HeNormal: fan_option must be 'fan_in' or 'fan_out', got "
                             '{!r}'.format(fan_option))
        self.fan_option = fan_option
        super().__init__(scale, dtype, **kwargs)

    def _fan_value(self, shape):
        fan_in, fan_out = initializer.get_fans(shape)
        return fan_in if self.fan_option == 'fan_in' else fan_out
