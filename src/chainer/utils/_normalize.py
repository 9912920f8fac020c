"""Checking and normalizing the plain arguments of functions and links.

Every ``int`` or ``int or tuple of ints`` argument (``ksize``, ``stride``,
``pad``, ``dilate``, ``groups``, counts, sizes) goes through here, so that all
functions and links accept the same forms and fail the same way:

* a value that is not an int, or a sequence with an element that is not one,
  raises TypeError;
* a sequence of the wrong length, or a value below its minimum, raises
  ValueError;
* the message names the function (or link), the argument, what was expected and
  what was given: ``convolution_2d: stride must be an int or a sequence of 2
  ints, got (1, 2, 3)``.

Python and NumPy integers are ints; bools are not.
"""
import numpy


def is_int(value):
    """Whether ``value`` is a Python or NumPy integer (bools excluded)."""
    return isinstance(value, (int, numpy.integer)) and not isinstance(
        value, (bool, numpy.bool_))


def _minimum_text(minimum):
    if minimum == 1:
        return 'positive'
    if minimum == 0:
        return 'non-negative'
    return 'at least {}'.format(minimum)


def check_int(value, name, where, minimum=None):
    """``value`` as an int, at least ``minimum`` (when given).

    Args:
        value: the argument.
        name (str): its name, for the message.
        where (str): the function or link, for the message.
        minimum (int): the smallest value allowed.
    Raises:
        TypeError: ``value`` is not an int.
        ValueError: it is below ``minimum``.
    """
    if not is_int(value):
        raise TypeError('{}: {} must be an int, got {!r} of type {}'.format(
            where, name, value, type(value).__name__))
    if minimum is not None and value < minimum:
        raise ValueError('{}: {} must be {}, got {!r}'.format(
            where, name, _minimum_text(minimum), value))
    return int(value)


def int_tuple(value, n, name, where, minimum=None):
    """``value``, an int (repeated) or a sequence of ``n`` ints, as a tuple of ints.

    Args:
        value: the argument.
        n (int): the length of the tuple (the number of spatial axes).
        name (str): its name, for the message.
        where (str): the function or link, for the message.
        minimum (int): the smallest value allowed for each element.
    Raises:
        TypeError: ``value`` is neither an int nor a sequence of ints.
        ValueError: a sequence of another length, or an element below
            ``minimum``.
    """
    if is_int(value):
        values = (int(value),) * n
    else:
        expected = 'an int or a sequence of {} ints'.format(n)
        if not isinstance(value, (tuple, list)) and not (
                hasattr(value, '__len__') and hasattr(value, '__getitem__')):
            raise TypeError('{}: {} must be {}, got {!r}'.format(
                where, name, expected, value))
        if len(value) != n:
            raise ValueError('{}: {} must be {}, got {!r}'.format(
                where, name, expected, value))
        if not all(is_int(v) for v in value):
            raise TypeError('{}: {} must be {}, got {!r}'.format(
                where, name, expected, value))
        values = tuple(int(v) for v in value)
    if minimum is not None and min(values, default=minimum) < minimum:
        raise ValueError('{}: {} must be {} (each value >= {}), got {!r}'.format(
            where, name, _minimum_text(minimum), minimum, value))
    return values


def pair(value, name, where, minimum=None):
    """:func:`int_tuple` with ``n = 2``: an int or a pair of ints, as a pair."""
    return int_tuple(value, 2, name, where, minimum)


def axes(value, where, name='axis', allow_none=True, allow_many=True,
         sequences=(tuple,)):
    """An ``axis`` argument: None (every axis), an int, or a sequence of distinct ints.

    Returns None or a tuple of ints (negative ones are kept: their range depends
    on the input, checked later).

    Args:
        value: the argument.
        where (str): the function, for the message.
        name (str): the argument's name.
        allow_none (bool): whether None is accepted.
        allow_many (bool): whether a sequence of axes is accepted.
        sequences (tuple of types): the sequence types accepted.
    Raises:
        TypeError: ``value`` is none of the accepted forms.
        ValueError: a sequence names an axis twice.
    """
    if value is None and allow_none:
        return None
    if is_int(value):
        return (int(value),)
    if allow_many and isinstance(value, sequences) and all(is_int(a) for a in value):
        if len(set(value)) != len(value):
            raise ValueError('{}: duplicate value in {} (it names an axis twice): {}'
                             .format(where, name, value))
        return tuple(int(a) for a in value)
    forms = ['None'] if allow_none else []
    forms.append('an int')
    if allow_many:
        forms.append('a tuple of ints')
    expected = ' or '.join(forms) if len(forms) < 3 else '{}, {} or {}'.format(*forms)
    raise TypeError('{}: {} must be {}, got {!r}'.format(where, name, expected, value))


def spatial_ndim(x, where, ndim=None):
    """The number N of spatial axes of an input ``x`` of shape (n, c, d_1, ..., d_N).

    Raises ValueError unless N is at least 1, or, where ``ndim`` is given, unless
    N equals it (the functions fixed to 1 or 3 spatial axes).
    """
    n = len(x.shape) - 2
    if ndim is None and n < 1:
        raise ValueError('{}: x must have at least 3 axes (n, c, spatial...), got shape '
                         '{}'.format(where, x.shape))
    if ndim is not None and n != ndim:
        names = 'd' if ndim == 1 else ', '.join('d{}'.format(i + 1) for i in range(ndim))
        raise ValueError('{}: x must have {} axes (n, c, {}), got shape {}'.format(
            where, ndim + 2, names, x.shape))
    return n
