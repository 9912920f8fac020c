"""Tensor dot product over chosen axes."""
import numpy

import chainer
from chainer import utils


def _as_axes(value, name):
    if isinstance(value, (int, numpy.integer)) and not isinstance(value, bool):
        return [int(value)]
    try:
        axes = list(value)
    except TypeError:
        raise TypeError('tensordot: {} must be an int or a sequence of ints, got {!r}'
                        .format(name, value)) from None
    if not all(isinstance(a, (int, numpy.integer)) and not isinstance(a, bool)
               for a in axes):
        raise TypeError('tensordot: {} must hold ints, got {!r}'.format(name, value))
    return [int(a) for a in axes]


def _resolve(axes, ndim, name):
    out = []
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError('tensordot: axis {} in {} is out of range for an operand '
                             'of {} dimensions'.format(a, name, ndim))
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError('tensordot: {} repeats an axis: {}'.format(name, axes))
    return out


def tensordot(a, b, axes=2):
    """Sum of products of ``a`` and ``b`` over the given axes, like
    ``numpy.tensordot``.

    Args:
        a (Variable or array): first operand, of a float dtype.
        b (Variable or array): second operand, of a float dtype. When the two
            dtypes differ, both are promoted to their common type (as NumPy
            does: float16 with float32 computes in float32) and each gradient
            comes back in its own operand's dtype.
        axes (int or pair of sequences): an int ``n`` contracts the last ``n`` axes
            of ``a`` with the first ``n`` of ``b``; a pair ``(axes_a, axes_b)``
            contracts ``a``'s axes ``axes_a[k]`` with ``b``'s ``axes_b[k]``.
    Returns:
        Variable whose shape is the remaining axes of ``a`` followed by those of
        ``b``.
    """
    F = chainer.functions
    a = chainer.as_variable(a)
    b = chainer.as_variable(b)
    if a.dtype.kind != 'f' or b.dtype.kind != 'f':
        raise TypeError('tensordot: a and b must have float dtypes, got {} and {}'
                        .format(a.dtype, b.dtype))
    if isinstance(axes, (int, numpy.integer)) and not isinstance(axes, bool):
        n = int(axes)
        if n < 0 or n > a.ndim or n > b.ndim:
            raise ValueError('tensordot: axes={} must be between 0 and the number of '
                             'dimensions of both operands ({} and {})'.format(
                                 n, a.ndim, b.ndim))
        a_axes = list(range(a.ndim - n, a.ndim))
        b_axes = list(range(n))
    else:
        try:
            axes = tuple(axes)
        except TypeError:
            raise TypeError('tensordot: axes must be an int or a pair of sequences of '
                            'ints, got {!r}'.format(axes)) from None
        if len(axes) != 2:
            raise ValueError('tensordot: axes must be an int or a pair (axes_a, axes_b), '
                             'got a sequence of length {}: {!r}'.format(len(axes), axes))
        axes_a, axes_b = axes
        a_axes = _resolve(_as_axes(axes_a, 'axes[0]'), a.ndim, 'axes[0]')
        b_axes = _resolve(_as_axes(axes_b, 'axes[1]'), b.ndim, 'axes[1]')
        if len(a_axes) != len(b_axes):
            raise ValueError('tensordot: axes[0] and axes[1] must have one length, got '
                             '{} and {}'.format(len(a_axes), len(b_axes)))
    for i, j in zip(a_axes, b_axes):
        if a.shape[i] != b.shape[j]:
            raise ValueError('tensordot: axis {} of a (length {}) and axis {} of b '
                             '(length {}) must have one length'.format(
                                 i, a.shape[i], j, b.shape[j]))
    free_a = [i for i in range(a.ndim) if i not in a_axes]
    free_b = [j for j in range(b.ndim) if j not in b_axes]
    free_a_shape = tuple(a.shape[i] for i in free_a)
    free_b_shape = tuple(b.shape[j] for j in free_b)
    k = utils.size_of_shape([a.shape[i] for i in a_axes])
    a_mat = F.reshape(_transpose(a, free_a + a_axes),
                      (utils.size_of_shape(free_a_shape), k))
    b_mat = F.reshape(_transpose(b, b_axes + free_b),
                      (k, utils.size_of_shape(free_b_shape)))
    y = F.matmul(a_mat, b_mat)
    return F.reshape(y, free_a_shape + free_b_shape)


def _transpose(x, order):
    if order == list(range(x.ndim)):
        return x
    return chainer.functions.transpose(x, tuple(order))

