"""Argument helpers shared by the convolution links."""
import numpy


def pair(value, what, link_name):
    return tuple_of(value, 2, what, link_name)


def tuple_of(value, n, what, link_name):
    """``value`` (an int or a sequence of ``n`` ints) as a tuple of ``n`` ints."""
    if isinstance(value, (int, numpy.integer)) and not isinstance(value, bool):
        return (int(value),) * n
    if isinstance(value, (tuple, list)) and len(value) == n and all(
            isinstance(v, (int, numpy.integer)) and not isinstance(v, bool)
            for v in value):
        return tuple(int(v) for v in value)
    raise TypeError('{}: {} must be an int or a sequence of {} ints, got {!r}'.format(
        link_name, what, n, value))


def check_groups(groups, link_name):
    if isinstance(groups, bool) or not isinstance(groups, (int, numpy.integer)) \
            or groups < 1:
        raise ValueError('{}: groups must be a positive integer, got {!r}'.format(
            link_name, groups))
    return int(groups)


def bias_initializer(initial_bias):
    from chainer import initializers
    return initializers._get_initializer(0 if initial_bias is None else initial_bias)
