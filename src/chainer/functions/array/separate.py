"""Separating an array into the slices along one axis."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import _normalize
from chainer.utils import type_check


class Separate(function_node.FunctionNode):
    """Split an array into its slices along ``axis`` (the axis disappears)."""

    def __init__(self, axis):
        self.axis = _normalize.check_int(axis, 'axis', 'separate')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        _utils.expect_axis(x_type, self.axis)

    def forward(self, inputs):
        x, = inputs
        axis = self.axis % x.ndim
        self._axis = axis
        self._shape = x.shape[:axis] + x.shape[axis + 1:]
        self._dtype = x.dtype
        lead = (slice(None),) * axis
        return tuple([x[lead + (i,)] for i in range(x.shape[axis])])

    def backward(self, indexes, grad_outputs):
        xp = None
        for g in grad_outputs:
            if g is not None:
                xp = backend.get_array_module(g)
                break
        gys = [xp.zeros(self._shape, self._dtype) if g is None else g
               for g in grad_outputs]
        return chainer.functions.stack(gys, self._axis),


def separate(x, axis=0):
    """Separate ``x`` into its slices along ``axis``.

    Args:
        x (Variable or array): the input.
        axis (int): the axis to take apart (negative counts from the end).
    Returns:
        tuple of Variables: ``x.shape[axis]`` Variables of shape ``x.shape`` without
        ``axis``; the inverse of :func:`stack`.

    .. admonition:: Example

        >>> x = np.arange(6, dtype=np.float32).reshape(2, 3)
        >>> [y.shape for y in F.separate(x, axis=1)]
        [(2,), (2,), (2,)]
    """
    return Separate(axis).apply((x,))
