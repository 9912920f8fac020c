"""Maxout: the maximum over groups of units."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


class _MaxAlong(function_node.FunctionNode):
    # The maximum along one axis; the gradient goes to the first maximal entry.

    def __init__(self, axis):
        self.axis = axis

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        index = x.argmax(axis=self.axis)
        index = xp.expand_dims(index, self.axis)
        self._in_shape = x.shape
        # One-hot mask of the chosen entries: a constant of the backward pass.
        positions = xp.arange(x.shape[self.axis]).reshape(
            (-1,) + (1,) * (x.ndim - self.axis - 1))
        self._mask = (positions == index).astype(x.dtype)
        return xp.take_along_axis(x, index, self.axis).squeeze(self.axis),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        F = chainer.functions
        g = F.broadcast_to(F.expand_dims(gy, self.axis), self._in_shape)
        return g * self._mask,


def maxout(x, pool_size, axis=1):
    """Maxout: split ``axis`` into groups of ``pool_size`` and take each maximum.

    With ``x`` of shape ``(..., M * pool_size, ...)`` (``M * pool_size`` at
    ``axis``), the output has shape ``(..., M, ...)`` and
    ``y[..., m, ...] = max_k x[..., m * pool_size + k, ...]``. Typically used
    after a linear layer: ``maxout(linear(x, W, b), pool_size)``.

    Args:
        x (Variable or array): a float input.
        pool_size (int): the size of each group (positive).
        axis (int): the axis that is grouped (negative counts from the end).
    Returns:
        Variable whose length along ``axis`` is ``x.shape[axis] // pool_size``.

    .. admonition:: Example

        >>> x = np.array([[1, 5, 3, 2]], np.float32)
        >>> F.maxout(x, 2).array
        array([[5., 3.]], dtype=float32)
    """
    pool_size = _utils.check_int(pool_size, 'pool_size', 'maxout')
    axis = _utils.check_int(axis, 'axis', 'maxout')
    if pool_size <= 0:
        raise ValueError('maxout: pool_size must be a positive integer, got {}'.format(
            pool_size))
    x = chainer.as_variable(x)
    if x.dtype.kind != 'f':
        raise TypeError('maxout: x must have a float dtype, got {}'.format(x.dtype))
    axis = _utils.check_axis_range(axis, x.ndim, 'axis', 'maxout')
    n = x.shape[axis]
    if n % pool_size:
        raise type_check.InvalidType(
            'x.shape[axis] % pool_size == 0',
            'x.shape[{}] % pool_size = {} % {} != 0 (maxout)'.format(
                axis, n, pool_size))
    shape = x.shape[:axis] + (n // pool_size, pool_size) + x.shape[axis + 1:]
    x = chainer.functions.reshape(x, shape)
    y, = _MaxAlong(axis + 1).apply((x,))
    return y
