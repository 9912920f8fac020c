"""Index helpers shared by the tabular datasets."""
import numbers

import numpy


def normalize_indices(indices, length):
    """``indices`` (None, a slice, or a sequence of ints or bools) as a slice
    with non-negative bounds or a list of non-negative ints within ``length``."""
    if indices is None:
        return slice(0, length, 1)
    if isinstance(indices, slice):
        start, stop, step = indices.indices(length)
        if step < 0:
            return list(range(start, stop, step))
        return slice(start, max(stop, start), step)
    array = numpy.asarray(indices)
    if array.dtype == numpy.bool_:
        if array.shape != (length,):
            raise IndexError(
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
        return len(range(indices.start, indices.stop, indices.step))
    return len(indices)


def indices_as_array(indices, length):
    """The selected example numbers as an int64 array."""
    indices = normalize_indices(indices, length)
    if isinstance(indices, slice):
        return numpy.arange(indices.start, indices.stop, indices.step, dtype=numpy.int64)
    return numpy.asarray(indices, dtype=numpy.int64)


def compose_indices(outer, inner, length):
    """The indices into a base of ``length`` examples that selecting ``inner``
    from the view ``base[outer]`` means."""
    outer = normalize_indices(outer, length)
    if isinstance(outer, slice):
        view_length = len(range(outer.start, outer.stop, outer.step))
        inner = normalize_indices(inner, view_length)
        if isinstance(inner, slice):
            start = outer.start + inner.start * outer.step
            step = outer.step * inner.step
            count = len(range(inner.start, inner.stop, inner.step))
            if count == 0:
                return []
            return slice(start, start + step * count, step)
        return [outer.start + i * outer.step for i in inner]
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
