"""Broadcasting: ``broadcast`` several arrays together, ``broadcast_to`` a shape."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.utils import type_check


class BroadcastTo(function_node.FunctionNode):
    """Broadcast an array to a given shape."""

    def __init__(self, shape):
        self._shape = tuple(shape)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        ndim = type_check.make_variable(len(self._shape), 'len(shape)')
        type_check.expect(x_type.ndim <= ndim)
        shape = type_check.eval(x_type.shape)
        for i in range(-1, -len(shape) - 1, -1):
            if shape[i] == self._shape[i] or shape[i] == 1:
                continue
            expect = 'in_types[0].shape[{}] == {}'.format(i, self._shape[i])
            raise type_check.InvalidType(expect, '{} != {}'.format(
                shape[i], self._shape[i]))

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        xp = backend.get_array_module(x)
        return xp.broadcast_to(x, self._shape),

    def backward(self, indexes, grad_outputs):
        gx = chainer.functions.sum_to(grad_outputs[0], self._in_shape)
        return gx,


def broadcast_to(x, shape):
    """Broadcast ``x`` to ``shape`` (NumPy broadcasting rules).

    Its gradient sums over the broadcast axes.

    Args:
        x (Variable or array): input.
        shape (tuple of ints): the target shape.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([1, 2, 3], np.float32))
        >>> y = F.broadcast_to(x, (2, 3))
        >>> y.array
        array([[1., 2., 3.],
               [1., 2., 3.]], dtype=float32)
        >>> F.sum(y).backward()  # each element of x was used twice
        >>> x.grad
        array([2., 2., 2.], dtype=float32)
    """
    if not isinstance(x, chainer.Variable):
        chainer.variable._check_array(x, 'input')
    if isinstance(shape, int):
        shape = (shape,)
    if x.shape == tuple(shape):
        return chainer.as_variable(x)
    return BroadcastTo(shape).apply((x,))[0]


class Broadcast(function_node.FunctionNode):
    """Broadcast several arrays to their common shape."""

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        shapes = [type_check.eval(t.shape) for t in in_types]
        if type_check._broadcast_shapes(shapes) is None:
            raise type_check.InvalidType(
                'shapes that broadcast together',
                'cannot broadcast {}'.format(', '.join(str(s) for s in shapes)))

    def forward(self, inputs):
        self._xs_shape = [x.shape for x in inputs]
        xp = backend.get_array_module(*inputs)
        return tuple(xp.broadcast_arrays(*inputs))

    def backward(self, indexes, grad_outputs):
        ret = []
        for i in indexes:
            gy = grad_outputs[i]
            ret.append(None if gy is None else
                       chainer.functions.sum_to(gy, self._xs_shape[i]))
        return tuple(ret)


def broadcast(*args):
    """Broadcast the inputs together (NumPy rules).

    Returns:
        A Variable for one input, else a tuple of Variables of the common shape.
    """
    if len(args) == 1:
        return chainer.as_variable(args[0])
    return Broadcast().apply(args)
