"""Permuting the elements along an axis."""
import numpy

import chainer
from chainer import backend
from chainer.backends import cuda
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import _normalize
from chainer.utils import type_check


def _inverse(indices):
    xp = backend.get_array_module(indices)
    inv = xp.empty_like(indices)
    inv[indices] = xp.arange(len(indices), dtype=indices.dtype)
    return inv


class Permutate(function_node.FunctionNode):
    """``x.take(indices, axis)`` for a permutation ``indices`` (or its inverse)."""

    def __init__(self, indices, axis=0, inv=False):
        self.indices = indices
        self.axis = _normalize.check_int(axis, 'axis', 'permutate')
        self.inv = bool(inv)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        _utils.expect_axis(x_type, self.axis)
        axis = self.axis % type_check.eval(x_type.ndim)
        type_check.expect(
            x_type.shape[axis] == _utils.named(len(self.indices), 'len(indices)'))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        indices = self.indices
        if xp is not numpy and isinstance(indices, numpy.ndarray):
            indices = self.indices = xp.asarray(indices)
        if self.inv:
            indices = _inverse(indices)
        return xp.take(x, indices, axis=self.axis),

    def backward(self, indexes, grad_outputs):
        return Permutate(self.indices, self.axis, not self.inv).apply(grad_outputs)


def permutate(x, indices, axis=0, inv=False):
    """Permute the entries of ``x`` along ``axis``.

    ``y = x.take(indices, axis)``; with ``inv=True`` the inverse permutation is
    applied instead, so ``permutate(permutate(x, p), p, inv=True)`` is ``x``.

    Args:
        x (Variable or array): the input.
        indices (Variable or array): a 1-D integer array holding a permutation of
            ``range(x.shape[axis])``.
        axis (int): the axis to permute.
        inv (bool): apply the inverse permutation.
    Returns:
        Variable of the shape of ``x``.

    .. admonition:: Example

        >>> x = np.array([10, 20, 30], np.float32)
        >>> p = np.array([2, 0, 1], np.int32)
        >>> F.permutate(x, p).array
        array([30., 10., 20.], dtype=float32)
        >>> F.permutate(x, p, inv=True).array
        array([20., 30., 10.], dtype=float32)
    """
    if isinstance(indices, chainer.Variable):
        indices = indices.array
    if not isinstance(indices, chainer.get_array_types()):
        raise TypeError('permutate: indices must be an integer array, got {}'.format(
            type(indices).__name__))
    if indices.ndim != 1 or indices.dtype.kind not in 'iu':
        raise ValueError('permutate: indices must be a 1-D integer array, got shape {} '
                         'and dtype {}'.format(indices.shape, indices.dtype))
    host = cuda.to_cpu(indices)
    if not (numpy.sort(host) == numpy.arange(len(host))).all():
        raise ValueError('permutate: indices must be a permutation of 0, ..., {}, got '
                         '{}'.format(len(host) - 1, host.tolist()))
    y, = Permutate(indices, axis, inv).apply((x,))
    return y
