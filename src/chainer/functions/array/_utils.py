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


def is_count(value):
    """Whether ``value`` can be a repetition count: an int, or a bool (0 or 1) as
    NumPy's ``repeat`` and ``tile`` take it."""
    return isinstance(value, (int, numpy.integer, numpy.bool_))


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
