"""The base class of array initializers."""
from chainer import types


class Initializer(types.AbstractInitializer):
    """Fills an array in place: ``initializer(array)``.

    Args:
        dtype: the dtype of arrays this initializer makes, or None to follow
            ``chainer.config.dtype``.
    """

    def __init__(self, dtype=None):
        self.dtype = dtype

    def __call__(self, array):
        """Fill ``array`` (NumPy or CuPy) in place."""
        raise NotImplementedError(
            '{} does not implement __call__'.format(type(self).__name__))


def get_fans(shape):
    """``(fan_in, fan_out)`` of a weight of ``shape``.

    For a shape ``(out, in, k1, k2, ...)`` the fans are ``in * k1 * k2 * ...`` and
    ``out * k1 * k2 * ...``.
    """
    if not isinstance(shape, tuple):
        raise ValueError('get_fans: shape must be a tuple, got {!r}'.format(shape))
    if len(shape) < 2:
        raise ValueError('get_fans: shape must have at least two dimensions, got {}'
                         .format(shape))
    receptive = 1
    for s in shape[2:]:
        receptive *= s
    return shape[1] * receptive, shape[0] * receptive
