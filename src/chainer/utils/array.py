"""Helpers for array shapes."""
import numpy

import chainer


def as_vec(x):
    """``x`` flattened to one dimension (differentiable for Variables)."""
    if x.ndim == 1:
        return x
    return chainer.functions.reshape(x, (x.size,)) if isinstance(
        x, chainer.Variable) else x.ravel()


def as_mat(x):
    """``x`` reshaped to two dimensions (first axis kept)."""
    if x.ndim == 2:
        return x
    # explicit size: -1 is ambiguous when the first axis is empty
    size = 1
    for s in x.shape[1:]:
        size *= s
    return x.reshape(len(x), size)


def empty_like(x):
    """An uninitialized array of the shape, dtype and device of ``x``."""
    xp = chainer.backend.get_array_module(x)
    return xp.empty_like(x)


def size_of_shape(shape):
    return int(numpy.prod(shape, dtype=numpy.int64))


def sum_to(x, shape):
    """Sum the array ``x`` down to ``shape``, undoing NumPy broadcasting.

    Leading axes that ``shape`` lacks are summed away, and axes where ``shape`` has
    1 are summed with keepdims: ``sum_to(x, (3, 1))`` of an ``x`` of shape
    ``(2, 3, 4)`` sums over the first and the last axis. The result is an array
    (0-dimensional for ``shape == ()``), of the dtype of ``x``.
    """
    shape = tuple(shape)
    if x.shape == shape:
        return x
    lead = x.ndim - len(shape)
    if lead < 0:
        raise ValueError('sum_to: cannot sum an array of shape {} to the larger shape '
                         '{}'.format(x.shape, shape))
    axes = tuple(range(lead)) + tuple(
        lead + i for i, s in enumerate(shape) if s == 1 and x.shape[lead + i] != 1)
    for i, s in enumerate(shape):
        if s != 1 and x.shape[lead + i] != s:
            raise ValueError('sum_to: shape {} cannot be summed to shape {}'.format(
                x.shape, shape))
    y = x.sum(axis=axes, keepdims=True) if axes else x
    if lead:
        y = y.reshape(shape)
    return y
