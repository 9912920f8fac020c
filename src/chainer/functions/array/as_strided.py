"""Strided views of an array's elements."""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


def _element_indices(xp, shape, strides, offset):
    # idx[i_0, ..., i_k] = offset + sum_k i_k * strides[k].
    idx = xp.full(shape, offset, numpy.int64)
    for axis, (n, s) in enumerate(zip(shape, strides)):
        r = xp.arange(n, dtype=numpy.int64) * s
        idx += r.reshape((n,) + (1,) * (len(shape) - axis - 1))
    return idx


class AsStrided(function_node.FunctionNode):
    """Gather the elements of the flattened input on a strided pattern."""

    def __init__(self, shape, strides, storage_offset=None):
        self.shape = tuple(_utils.check_int(s, 'shape', 'as_strided') for s in shape)
        self.strides = tuple(_utils.check_int(s, 'strides', 'as_strided')
                             for s in strides)
        if len(self.shape) != len(self.strides):
            raise ValueError('as_strided: shape and strides must have the same length, '
                             'got {} and {}'.format(self.shape, self.strides))
        if any(s < 0 for s in self.shape):
            raise ValueError('as_strided: shape must not be negative, got {}'.format(
                self.shape))
        self.storage_offset = 0 if storage_offset is None else _utils.check_int(
            storage_offset, 'storage_offset', 'as_strided')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        size = x.size
        if 0 not in self.shape:
            # The extreme element positions reachable with these strides.
            low = high = self.storage_offset
            for n, s in zip(self.shape, self.strides):
                if s >= 0:
                    high += (n - 1) * s
                else:
                    low += (n - 1) * s
            if low < 0 or high >= size:
                raise ValueError(
                    'as_strided: shape {}, strides {} and storage_offset {} reach '
                    'element positions {} to {}, outside the {} elements of x'.format(
                        self.shape, self.strides, self.storage_offset, low, high,
                        size))
        self._in_shape = x.shape
        self._index = _element_indices(xp, self.shape, self.strides,
                                       self.storage_offset)
        return x.reshape(-1)[self._index],

    def backward(self, indexes, grad_outputs):
        return _AsStridedGrad(self._in_shape, self._index, self).apply(grad_outputs)


class _AsStridedGrad(function_node.FunctionNode):
    # Scatter-add the output gradient onto the element positions it came from.

    def __init__(self, in_shape, index, forward_node):
        self.in_shape = in_shape
        self.index = index
        self.forward_node = forward_node

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        size = int(numpy.prod(self.in_shape))
        gx = xp.zeros(size, gy.dtype)
        _utils.scatter_add(gx, self.index, gy)
        return gx.reshape(self.in_shape),

    def backward(self, indexes, grad_outputs):
        f = self.forward_node
        return AsStrided(f.shape, f.strides, f.storage_offset).apply(grad_outputs)


def as_strided(x, shape, strides, storage_offset=None):
    """A strided pattern over the elements of ``x``.

    The elements of ``x`` are taken in C order as a flat buffer (the strides of
    ``x`` itself are ignored), and
    ``y[i_0, ..., i_k] = flat[storage_offset + i_0 * strides[0] + ... + i_k *
    strides[k]]``. Strides and offset count elements, not bytes (unlike
    :func:`numpy.lib.stride_tricks.as_strided`). Elements read several times get
    the sum of their gradients.

    Args:
        x (Variable or array): the input.
        shape (tuple of ints): the output shape.
        strides (tuple of ints): the step, in elements, along each output axis.
        storage_offset (int): the position of ``y[0, ..., 0]``; None means 0.
    Returns:
        Variable of shape ``shape`` (a new array: writing to it does not change
        ``x``).
    Raises:
        ValueError: if the pattern reaches outside the elements of ``x``.

    .. admonition:: Example

        >>> x = np.arange(4, dtype=np.float32)
        >>> F.as_strided(x, (3, 2), (1, 1), 0).array
        array([[0., 1.],
               [1., 2.],
               [2., 3.]], dtype=float32)
    """
    y, = AsStrided(shape, strides, storage_offset).apply((x,))
    return y
