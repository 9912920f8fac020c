"""Reshape."""
import chainer
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


def _count_unknown_dims(shape):
    cnt = 0
    for dim in shape:
        cnt += dim < 0
    return cnt


class Reshape(function_node.FunctionNode):
    """Reshape an array to a shape with the same number of elements."""

    def __init__(self, shape):
        self.shape = shape
        self._cnt = _count_unknown_dims(shape)
        if self._cnt > 1:
            raise ValueError('reshape: at most one dimension of the shape can be -1, '
                             'got {}'.format(shape))

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        if self._cnt == 0:
            type_check.expect(
                type_check.prod(x_type.shape) == type_check.prod(self.shape))
        else:
            known_size = 1
            for s in self.shape:
                if s > 0:
                    known_size *= s
            size_var = type_check.make_variable(known_size, 'known_size(={})'.format(
                known_size))
            type_check.expect(type_check.prod(x_type.shape) % size_var == 0)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        return x.reshape(self.shape),

    def backward(self, indexes, grad_outputs):
        return reshape(grad_outputs[0], self._in_shape),


def reshape(x, shape):
    """Reshape ``x`` to ``shape`` without copying when possible.

    Args:
        x (Variable or array): input.
        shape (tuple of ints): the new shape; one entry may be -1 (inferred).

    .. admonition:: Example

        >>> x = np.arange(6, dtype=np.float32)
        >>> F.reshape(x, (2, 3)).array
        array([[0., 1., 2.],
               [3., 4., 5.]], dtype=float32)
        >>> F.reshape(x, (3, -1)).shape
        (3, 2)
    """
    if not isinstance(x, chainer.Variable):
        chainer.variable._check_array(x, 'input')
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    if x.shape == shape:
        return chainer.as_variable(x)
    for d in shape:
        if type(d) is not int and not _utils.is_int(d):
            raise TypeError('reshape: shape must be an int or a tuple of ints, got {!r}'
                            .format(shape))
    return Reshape(shape).apply((x,))[0]
