"""Repeating each element of an array."""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


def _check_repeats(repeats):
    if _utils.is_count(repeats):
        repeats = (int(repeats),)
    elif isinstance(repeats, (tuple, list)) and all(_utils.is_count(r) for r in repeats):
        repeats = tuple(int(r) for r in repeats)
    else:
        raise TypeError('repeat: repeats must be an int or a sequence of ints, got '
                        '{!r}'.format(repeats))
    if len(repeats) == 0:
        raise ValueError('repeat: repeats must not be empty')
    if any(r < 0 for r in repeats):
        raise ValueError('repeat: repeats must not be negative, got {}'.format(
            repeats))
    return repeats


class Repeat(function_node.FunctionNode):
    """``numpy.repeat(x, repeats, axis)``."""

    def __init__(self, repeats, axis=None):
        self.repeats = _check_repeats(repeats)
        if axis is not None:
            axis = _utils.check_int(axis, 'axis', 'repeat')
        self.axis = axis

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        if self.axis is not None:
            _utils.expect_axis(x_type, self.axis)
            if len(self.repeats) != 1:
                axis = self.axis % type_check.eval(x_type.ndim)
                type_check.expect(
                    x_type.shape[axis] == _utils.named(len(self.repeats),
                                                       'len(repeats)'))
        elif len(self.repeats) != 1:
            type_check.expect(
                x_type.size == _utils.named(len(self.repeats), 'len(repeats)'))

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        repeats = self.repeats[0] if len(self.repeats) == 1 else list(self.repeats)
        return xp.repeat(x, repeats, self.axis),

    def backward(self, indexes, grad_outputs):
        return RepeatGrad(self.repeats, self.axis, self._in_shape,
                          self._in_dtype).apply(grad_outputs)


class RepeatGrad(function_node.FunctionNode):
    """Sum each group of repeated copies back into one element."""

    def __init__(self, repeats, axis, in_shape, in_dtype):
        self.repeats = repeats
        self.axis = axis
        self.in_shape = in_shape
        self.in_dtype = in_dtype

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        if self.axis is None:
            axis = 0
            n = int(numpy.prod(self.in_shape))
            shape = (n,)
        else:
            axis = self.axis % len(self.in_shape)
            n = self.in_shape[axis]
            shape = self.in_shape
        if len(self.repeats) == 1:
            r = self.repeats[0]
            # The copies of element i are the r consecutive entries i*r ... i*r+r-1.
            grouped = gy.reshape(gy.shape[:axis] + (n, r) + gy.shape[axis + 1:])
            gx = grouped.sum(axis=axis + 1)
        else:
            owner = numpy.repeat(numpy.arange(n), self.repeats)
            gx = xp.zeros(shape[:axis] + (n,) + shape[axis + 1:], gy.dtype)
            _utils.scatter_add(gx, (slice(None),) * axis + (xp.asarray(owner),), gy)
        return gx.reshape(self.in_shape).astype(gy.dtype, copy=False),

    def backward(self, indexes, grad_outputs):
        return Repeat(self.repeats, self.axis).apply(grad_outputs)


def repeat(x, repeats, axis=None):
    """Repeat each element of ``x``, like :func:`numpy.repeat`.

    Args:
        x (Variable or array): the input.
        repeats (int or sequence of ints): how many times each element is
            repeated; a sequence gives one count per element along ``axis``
            (a one-element sequence acts as its element). Counts must not be
            negative; a bool counts as 0 or 1.
        axis (int or None): the axis along which to repeat; None repeats the
            flattened array and returns a 1-D result.
    Returns:
        Variable: the repeated array; the gradient sums over the copies.

    .. admonition:: Example

        >>> x = np.array([[1, 2], [3, 4]], np.float32)
        >>> F.repeat(x, 2, axis=1).array
        array([[1., 1., 2., 2.],
               [3., 3., 4., 4.]], dtype=float32)
        >>> F.repeat(x, (1, 2), axis=0).array
        array([[1., 2.],
               [3., 4.],
               [3., 4.]], dtype=float32)
    """
    y, = Repeat(repeats, axis).apply((x,))
    return y
