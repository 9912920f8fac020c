"""Sums: ``sum`` over axes and ``sum_to`` a shape."""
import chainer
from chainer import function_node
from chainer.functions import _rules
from chainer import utils
from chainer.utils import type_check


class Sum(_rules.Reduction):
    """Sum of the elements over the given axes."""

    label = 'Sum'
    reduction = 'sum'
    grads = (lambda F, gy: gy,)

    def compute(self, xp, x):
        axis = None if self.axis is None else self._axes
        return x.sum(axis=axis, keepdims=self.keepdims)


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
