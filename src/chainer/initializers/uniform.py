"""Initializers drawing from uniform distributions."""
import numpy

from chainer import initializer
from chainer.initializers import normal


def _uniform(rng, array, low, high):
    normal._draw(rng, array, 'uniform', low=low, high=high)


class Uniform(initializer.Initializer):
    """Fills with draws from the uniform distribution on ``[-scale, scale)``.

    Args:
        scale (float): half the width of the interval.
        dtype: dtype of the array.
        rng: a random generator with a ``uniform`` method.
    """

    def __init__(self, scale=0.05, dtype=None, **kwargs):
        self.scale = scale
        self.rng = kwargs.pop('rng', None)
        if kwargs:
            raise TypeError('Uniform got unexpected keyword arguments: {}'.format(
                ', '.join(sorted(kwargs))))
        super().__init__(dtype)

    def __call__(self, array):
        normal._check_dtype(self, array)
        _uniform(self.rng, array, -self.scale, self.scale)


class _ScaledUniform(Uniform):
    _factor = 3.0

    def __init__(self, scale=1.0, dtype=None, **kwargs):
        super().__init__(scale, dtype, **kwargs)

    def _fan_value(self, shape):
        return initializer.get_fans(shape)[0]

    def __call__(self, array):
        normal._check_dtype(self, array)
        if array.size == 0:
            return
        bound = self.scale * numpy.sqrt(self._factor / self._fan_value(array.shape))
        _uniform(self.rng, array, -bound, bound)


class LeCunUniform(_ScaledUniform):
    """Uniform on ``[-s, s)`` with ``s = scale * sqrt(3 / fan_in)``."""
    _factor = 3.0


class GlorotUniform(_ScaledUniform):
    """Uniform on ``[-s, s)`` with ``s = scale * sqrt(6 / (fan_in + fan_out))``."""
    _factor = 6.0

    def _fan_value(self, shape):
        fan_in, fan_out = initializer.get_fans(shape)
        return fan_in + fan_out


class HeUniform(_ScaledUniform):
    """Uniform on ``[-s, s)`` with ``s = scale * sqrt(6 / fan_in)``."""
    _factor = 6.0
