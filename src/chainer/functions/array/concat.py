"""Concatenation of arrays along an existing axis."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import _normalize
from chainer.utils import type_check


class Concat(function_node.FunctionNode):
    """Concatenate the inputs along ``axis``."""

    def __init__(self, axis=1):
        self.axis = _normalize.check_int(axis, 'axis', 'concat')

    def check_type_forward(self, in_types):
        type_check.expect(in_types.size() > 0)
        x0 = in_types[0]
        _utils.expect_axis(x0, self.axis)
        ndim = type_check.eval(x0.ndim)
        axis = self.axis % ndim
        for x in in_types[1:]:
            type_check.expect(
                x.dtype == x0.dtype,
                x.ndim == x0.ndim,
            )
            for d in range(ndim):
                if d != axis:
                    type_check.expect(x.shape[d] == x0.shape[d])

    def forward(self, xs):
        xp = backend.get_array_module(*xs)
        axis = self.axis
        self._sections = _sections(xs, axis)
        return xp.concatenate(xs, axis=axis),

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        if len(self._sections) == 0:
            return gy,
        return chainer.functions.split_axis(gy, self._sections, self.axis)


def _sections(xs, axis):
    # The split points of the concatenated axis (one fewer than the inputs).
    points = []
    total = 0
    for x in xs[:-1]:
        total += x.shape[axis]
        points.append(total)
    return points


def concat(xs, axis=1):
    """Concatenate Variables along an axis.

    Args:
        xs (list or tuple of Variables or arrays): the inputs; same dtype and
            same shape except along ``axis``.
        axis (int): the axis to join along (negative counts from the end).
    Returns:
        Variable: ``numpy.concatenate(xs, axis)``; its gradient is split back.

    .. admonition:: Example

        >>> x = np.arange(6).reshape(2, 3).astype(np.float32)
        >>> F.concat((x, x), axis=0).shape
        (4, 3)
    """
    y, = Concat(axis).apply(_utils.as_sequence(xs, 'xs', 'concat'))
    return y
