"""Deterministic, monotonically increasing test inputs."""
import numpy


def _size(shape):
    size = 1
    for s in shape:
        size *= int(s)
    return size


def increasing(*shape, dtype=numpy.float32):
    """A monotonically increasing array holding negative values, zero and positive ones.

    Float arrays step by 0.5 from ``-size / 4`` (so they also hold non-integers);
    integer arrays step by 1 from ``-(size // 2)``.

    >>> increasing(3, 4)
    array([[-3. , -2.5, -2. , -1.5],
           [-1. , -0.5,  0. ,  0.5],
           [ 1. ,  1.5,  2. ,  2.5]], dtype=float32)

    Args:
        shape (ints): the shape of the array.
        dtype: its dtype.
    """
    dtype = numpy.dtype(dtype)
    size = _size(shape)
    steps = numpy.arange(size, dtype=numpy.float64)
    if dtype.kind == 'f':
        values = (steps - size / 2.) / 2.
    else:
        values = steps - size // 2
    return values.astype(dtype).reshape(shape)


def nonzero_increasing(*shape, dtype=numpy.float32, bias=1e-7):
    """Like :func:`increasing`, shifted by ``bias`` so that no element is zero
    (for divisors)."""
    return (increasing(*shape, dtype=numpy.float64) + bias).astype(dtype)


def positive_increasing(*shape, dtype=numpy.float32, bias=1e-7):
    """Like :func:`increasing`, shifted so that the first element is ``bias`` and
    all are positive (for ``log``, ``sqrt`` ...)."""
    x = increasing(*shape, dtype=numpy.float64)
    if x.size:
        x = x - x.min()
    return (x + bias).astype(dtype)
