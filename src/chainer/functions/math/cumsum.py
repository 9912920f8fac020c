"""Cumulative sum along an axis."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


class _Cumulative(function_node.FunctionNode):
    # A cumulative operation along ``axis`` of a float input.

    def __init__(self, axis):
        self.axis = axis

    def check_type_forward(self, in_types):
        x_type = _util.check_float_input(in_types)
        _util.check_axis_in_range(x_type, (self.axis,))


class Cumsum(_Cumulative):
    """Cumulative sum along ``axis``; with ``reverse``, summed from the end.

    The reverse form is the gradient of the forward one (and vice versa).
    """

    def __init__(self, axis, reverse=False):
        super().__init__(axis)
        self.reverse = reverse

    def forward(self, inputs):
        x, = inputs
        return _cumulative(x, self.axis, self.reverse, 'cumsum'),

    def backward(self, indexes, grad_outputs):
        return Cumsum(self.axis, not self.reverse).apply(grad_outputs)


def _cumulative(x, axis, reverse, name):
    xp = backend.get_array_module(x)
    op = getattr(xp, name)
    if reverse:
        index = [slice(None)] * x.ndim
        index[axis] = slice(None, None, -1)
        index = tuple(index)
        y = op(x[index], axis=axis)[index]
    else:
        y = op(x, axis=axis)
    return utils.force_array(y, x.dtype)


def _axis_and_input(x, axis, name):
    axes = _util.normalize_axis_argument(axis, name, allow_tuple=False)
    if axes is None:
        x = chainer.as_variable(x)
        return 0, chainer.functions.reshape(x, (x.size,))
    return axes[0], x


def cumsum(x, axis=None):
    """Cumulative sum of the elements of ``x`` along ``axis``:
    :math:`y_i = \\sum_{j \\le i} x_j`.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None or int): the axis to accumulate along (negative counts from the
            end); None accumulates over the flattened array.
    Returns:
        Variable of the shape of ``x`` (1-D of ``x.size`` elements for
        ``axis=None``) and its dtype.
    """
    axis, x = _axis_and_input(x, axis, 'cumsum')
    return Cumsum(axis).apply((x,))[0]
