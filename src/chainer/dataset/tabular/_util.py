"""Index helpers shared by the tabular datasets."""
import numbers

import numpy


def _range_as_slice(r):
    # A range of example numbers as a slice; a negative step that runs past the
    # first example stops at None (a stop of -1 would mean the last one).
    stop = r.stop
    if r.step < 0 and stop < 0:
        stop = None
    return slice(r.start, stop, r.step)


def slice_range(indices):
    """The example numbers of a slice made by :func:`normalize_indices`, as a
    range."""
    stop = -1 if indices.stop is None else indices.stop
    return range(indices.start, stop, indices.step)


def normalize_indices(indices, length):
    """``indices`` (None, a slice, or a sequence of ints or bools) as a slice
    with non-negative bounds (its stop None when a negative step runs to the first
    example) or a list of non-negative ints within ``length``.

    A slice stays a slice, whatever its step; a list of bools (a mask) must have
    one entry per example (ValueError otherwise).
    """
    if indices is None:
        return slice(0, length, 1)
    if isinstance(indices, slice):
        return _range_as_slice(range(length)[indices])
    array = numpy.asarray(indices)
    if array.dtype == numpy.bool_:
        if array.shape != (length,):
            raise ValueError(
                'A boolean index must have the length of the dataset ({}), got '
                'shape {}'.format(length, array.shape))
        return numpy.flatnonzero(array).tolist()
    if array.size == 0:
        return []
    if array.ndim != 1 or array.dtype.kind not in 'iu':
        raise IndexError('Indices must be a slice or a one-dimensional sequence of '
                         'integers or booleans, got {!r}'.format(indices))
    array = array.astype(numpy.int64)
    out_of_range = (array < -length) | (array >= length)
    if out_of_range.any():
        raise IndexError('index {} is out of range for a dataset of length {}'.format(
            int(array[out_of_range][0]), length))
    array = numpy.where(array < 0, array + length, array)
    return array.tolist()


def indices_length(indices, length):
    """The number of examples ``normalize_indices(indices, length)`` selects."""
    indices = normalize_indices(indices, length)
    if isinstance(indices, slice):
        return len(slice_range(indices))
    return len(indices)


def indices_as_array(indices, length):
    """The selected example numbers as an int64 array."""
    indices = normalize_indices(indices, length)
    if isinstance(indices, slice):
        return numpy.asarray(slice_range(indices), dtype=numpy.int64)
    return numpy.asarray(indices, dtype=numpy.int64)


def compose_indices(outer, inner, length):
    """The indices into a base of ``length`` examples that selecting ``inner``
    from the view ``base[outer]`` means."""
    outer = normalize_indices(outer, length)
    if isinstance(outer, slice):
        outer_range = slice_range(outer)
        inner = normalize_indices(inner, len(outer_range))
        if isinstance(inner, slice):
            # a slice of a slice is a slice
            return _range_as_slice(outer_range[inner])
        return [outer_range[i] for i in inner]
    inner = normalize_indices(inner, len(outer))
    if isinstance(inner, slice):
        return outer[inner]
    return [outer[i] for i in inner]


def take(column, indices):
    """Select ``indices`` (a slice or a list of ints) of a list or an array."""
    if isinstance(indices, slice):
        return column[indices]
    if isinstance(column, numpy.ndarray) or hasattr(column, '__cuda_array_interface__'):
        return column[numpy.asarray(indices, dtype=numpy.int64)] if len(indices) \
            else column[:0]
    return [column[i] for i in indices]


def is_integer(x):
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)
