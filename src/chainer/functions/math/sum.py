"""Sums: ``sum`` over axes and ``sum_to`` a shape."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils
from chainer.utils import type_check


class Sum(function_node.FunctionNode):
    """Sum of the elements over the given axes."""

    keepdims = False

    def __init__(self, axis=None, keepdims=False):
        self.axis = _util.normalize_axis_argument(axis, 'sum')
        self.keepdims = keepdims

    @property
    def label(self):
        return 'Sum'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        type_check.expect(x_type.dtype.kind == 'f')
        if self.axis is not None:
            _util.check_axis_in_range(x_type, self.axis)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        self._axes = _util.resolve_axes(self.axis, x.ndim, 'sum')
        axis = None if self.axis is None else self._axes
        return utils.force_array(x.sum(axis=axis, keepdims=self.keepdims), x.dtype),

    def backward(self, indexes, grad_outputs):
        return SumGrad(self._in_shape, self._axes, self.keepdims).apply(
            grad_outputs)


class SumGrad(function_node.FunctionNode):
    # The gradient of Sum: gy (with the summed axes restored as length 1)
    # broadcast to the input shape, as one node; its gradient is Sum again.

    def __init__(self, in_shape, axes, keepdims):
        self._in_shape = in_shape
        self._axes = axes
        self._keepdims = keepdims

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        if not self._keepdims and gy.ndim != len(self._in_shape):
            gy = gy.reshape(_util.keepdims_shape(self._in_shape, self._axes))
        return xp.broadcast_to(gy, self._in_shape),

    def backward(self, indexes, grad_outputs):
        return Sum(self._axes, self._keepdims).apply(grad_outputs)


def sum(x, axis=None, keepdims=False):
    """Sum of the elements of ``x`` over ``axis``.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None, int or tuple of ints): the axes to sum over (negative ones count
            from the end); None sums everything.
        keepdims (bool): keep the summed axes with length 1.
    Returns:
        Variable of the dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
        >>> F.sum(x).array
        array(21., dtype=float32)
        >>> F.sum(x, axis=0).array
        array([5., 7., 9.], dtype=float32)
        >>> F.sum(x, axis=1, keepdims=True).shape
        (2, 1)
    """
    return Sum(axis, keepdims).apply((x,))[0]


class SumTo(function_node.FunctionNode):
    """Sum an array down to a shape it was broadcast from."""

    def __init__(self, shape):
        self._shape = tuple(shape)

    @property
    def label(self):
        return 'SumTo'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        ndim = type_check.make_variable(len(self._shape), 'len(shape)')
        type_check.expect(x_type.ndim >= ndim)
        lead = type_check.eval(x_type.ndim) - len(self._shape)
        for i, s in enumerate(self._shape):
            if s != 1:
                type_check.expect(x_type.shape[lead + i] == s)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        return utils.force_array(utils.sum_to(x, self._shape), x.dtype),

    def backward(self, indexes, grad_outputs):
        return chainer.functions.broadcast_to(grad_outputs[0], self._in_shape),


def sum_to(x, shape):
    """Sum the elements of ``x`` so that the result has ``shape``.

    This undoes broadcasting: ``shape`` must be one ``x`` could have been broadcast
    from. Leading axes that ``shape`` lacks are summed away, and axes where
    ``shape`` has 1 (and ``x`` more) are summed keeping the axis.

    Args:
        x (Variable or array): input.
        shape (tuple of ints): the target shape.
    Returns:
        Variable of shape ``shape`` (``x`` itself, as a Variable, if it has it).
    """
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    if x.shape == shape:
        return chainer.as_variable(x)
    return SumTo(shape).apply((x,))[0]
