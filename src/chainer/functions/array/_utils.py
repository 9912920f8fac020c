"""Helpers shared by the array functions: axis arguments and named constants."""
import numpy

from chainer.utils import type_check


def named(value, name):
    """``value`` as a named constant in a type check (a plain value in light mode).

    In light mode (the fast first run of a check) comparisons stay plain Python
    comparisons; in full mode the name appears in the error message.
    """
    if type_check.in_light_mode():
        return value
    return type_check.make_variable(value, name)


def is_int(value):
    """Whether ``value`` is a Python or NumPy integer (bools excluded)."""
    return isinstance(value, (int, numpy.integer)) and not isinstance(
        value, (bool, numpy.bool_))


def is_count(value):
    """Whether ``value`` can be a repetition count: an int, or a bool (0 or 1) as
    NumPy's ``repeat`` and ``tile`` take it."""
    return isinstance(value, (int, numpy.integer, numpy.bool_))


def check_int(value, name, func_name):
    """Return ``value`` as an int; TypeError naming ``name`` if it is not one."""
    if not is_int(value):
        raise TypeError('{}: {} must be an int, got {!r} of type {}'.format(
            func_name, name, value, type(value).__name__))
    return int(value)


def check_axis_range(axis, ndim, name, func_name, extra=0):
    """Return ``axis`` normalized to ``[0, ndim + extra)``.

    Raises ValueError naming the argument when it is outside
    ``[-(ndim + extra), ndim + extra)``. ``extra=1`` is for functions that insert
    an axis (``expand_dims``, ``stack``).
    """
    n = ndim + extra
    if not -n <= axis < n:
        raise ValueError(
            '{}: {} must be in the range [{}, {}) for an input of {} dimensions, '
            'got {}'.format(func_name, name, -n, n, ndim, axis))
    return axis % n if n else axis


def expect_axis(x_type, axis, name='axis', extra=0):
    """Type-check that ``axis`` is a valid axis of ``x_type`` (negative counts back).

    ``extra=1`` allows one position past the last axis (for inserted axes).
    """
    ndim = x_type.ndim + extra if extra else x_type.ndim
    if axis >= 0:
        type_check.expect(ndim > named(axis, name))
    else:
        type_check.expect(ndim >= named(-axis, '-' + name))


def expect_same_ndim(xs, func_name):
    """Raise InvalidType unless all of ``xs`` have the number of dimensions of
    ``xs[0]`` (the stacking functions do not mix ranks)."""
    ndim = xs[0].ndim
    for i, x in enumerate(xs[1:], 1):
        if x.ndim != ndim:
            raise type_check.InvalidType(
                'xs[{}].ndim == xs[0].ndim'.format(i),
                'xs[{}].ndim = {} != xs[0].ndim = {} ({}: shapes {} and {})'.format(
                    i, x.ndim, ndim, func_name, tuple(x.shape), tuple(xs[0].shape)))


def as_sequence(xs, name, func_name):
    """``xs`` (a list, tuple or other iterable of arrays/Variables) as a tuple."""
    import chainer
    if isinstance(xs, (list, tuple)):
        return xs
    if isinstance(xs, chainer.Variable) or xs is None or isinstance(
            xs, (int, float, str)):
        raise TypeError('{}: {} must be a list or tuple of Variables or arrays, got '
                        '{}'.format(func_name, name, type(xs).__name__))
    try:
        return tuple(xs)
    except TypeError:
        raise TypeError('{}: {} must be a list or tuple of Variables or arrays, got '
                        '{}'.format(func_name, name, type(xs).__name__)) from None


def scatter_add(a, slices, b):
    """``a[slices] += b`` in place, accumulating repeated indices (NumPy or CuPy)."""
    from chainer import backend
    from chainer.backends import cuda
    xp = backend.get_array_module(a)
    if xp is numpy:
        if type(slices) is numpy.ndarray and slices.ndim == 1 and \
                slices.dtype.kind in 'iu' and slices.size > 1 and \
                type(b) is numpy.ndarray and b.shape == slices.shape + a.shape[1:]:
            if _compiled_add_rows(a, slices, b) or _add_rows(a, slices, b):
                return
        numpy.add.at(a, slices, b)
    elif hasattr(xp.add, 'at'):
        xp.add.at(a, slices, b)          # CuPy >= 13
    else:
        cuda.cupyx.scatter_add(a, slices, b)


def _compiled_add_rows(a, ids, rows):
    """``a[ids] += rows`` by the compiled kernel of the ``fast`` extra, in the
    order of ``numpy.add.at``, where it applies (2-D C-contiguous float32/float64
    ``a``); returns whether it ran."""
    from chainer import _compiled
    if a.ndim != 2 or a.dtype != rows.dtype or a.dtype.kind != 'f' or \
            a.dtype.itemsize < 4 or not a.flags.c_contiguous:
        return False
    k = _compiled.kernels()
    if k is None:
        return False
    n = a.shape[0]
    if bool(((ids < -n) | (ids >= n)).any()):
        return False  # let NumPy raise its IndexError
    k.add_rows(a, ids, numpy.ascontiguousarray(rows))
    return True


def _add_rows(a, ids, rows, max_passes=8):
    """``a[ids] += rows`` with repeated ids accumulated, by fancy-indexed additions.

    ``numpy.add.at`` handles one element at a time (about 1.8 us per 200-wide row
    here); this adds all first occurrences of the ids in one indexed addition, then
    all second occurrences, and so on, adding each row's contributions in the same
    order as ``add.at``. Returns False, doing nothing, when some id repeats more than
    ``max_passes`` times (``add.at`` is then the better choice).
    """
    order = numpy.argsort(ids, kind='stable')
    sorted_ids = ids[order]
    n = ids.size
    first = numpy.empty(n, dtype=bool)
    first[0] = True
    numpy.not_equal(sorted_ids[1:], sorted_ids[:-1], out=first[1:])
    if first.all():
        a[ids] += rows
        return True
    positions = numpy.arange(n)
    # occurrence[k]: how many earlier elements of the sorted ids are equal to it.
    occurrence = positions - numpy.maximum.accumulate(numpy.where(first, positions, 0))
    passes = int(occurrence.max()) + 1
    if passes > max_passes:
        return False
    for k in range(passes):
        sel = occurrence == k
        a[sorted_ids[sel]] += rows[order[sel]]
    return True
