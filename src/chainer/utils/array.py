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
