"""Helpers shared by the activation functions."""
import numpy



def check_real(value, name, func_name):
    """Return ``value`` as a float; TypeError naming ``name`` if it is not a number."""
    if isinstance(value, (bool, numpy.bool_)) or not isinstance(
            value, (int, float, numpy.integer, numpy.floating)):
        raise TypeError('{}: {} must be a real number, got {!r} of type {}'.format(
            func_name, name, value, type(value).__name__))
    return float(value)


def select_slope(positive, slope, dtype):
    """The array ``1 where positive else slope`` (``slope`` a scalar or an array).

    Computed as ``slope + positive * (1 - slope)`` rather than with ``where``,
    which branches per element and is several times slower on mixed signs.
    """
    if numpy.isscalar(slope):
        slope = dtype.type(slope)
    else:
        slope = slope.astype(dtype, copy=False)
    # Cast the mask first: NumPy 1.x would give bool * scalar a too small dtype.
    d = positive.astype(dtype)
    d *= dtype.type(1) - slope
    d += slope
    return d
