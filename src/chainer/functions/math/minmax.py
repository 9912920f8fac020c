"""Reductions that select elements: max, min, argmax, argmin."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions import _rules
from chainer.functions.math import _util


def _selection_grad(F, gy, x, y):
    # Every element equal to the result (all of them, for ties) gets gy.
    return F.scale(gy, F.data(x) == F.data(y))


class _Selector(_rules.Reduction):
    keep = 'x y'
    grads = (_selection_grad,)

    def compute(self, xp, x):
        if any(x.shape[a] == 0 for a in self._axes):
            raise ValueError(
                '{}: cannot reduce over an axis of length 0 (x has shape {}, '
                'axis={}); the {} of no elements is undefined'.format(
                    self.reduction, x.shape, self.axis, self.reduction))
        return getattr(x, self.reduction)(axis=self._axes, keepdims=self.keepdims)


class Max(_Selector):
    reduction = 'max'


class Min(_Selector):
    reduction = 'min'


def max(x, axis=None, keepdims=False):
    """Maximum of the elements of ``x`` over ``axis``.

    The gradient goes to the elements equal to the maximum; when several elements
    tie, each of them receives the full gradient.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None, int or tuple of ints): the axes to reduce (negative ones count
            from the end); None reduces all of them. Reducing over an axis of
            length 0 raises ValueError.
        keepdims (bool): keep the reduced axes with length 1.
    Returns:
        Variable of the dtype of ``x``.
    """
    return Max(axis, keepdims).apply((x,))[0]


def min(x, axis=None, keepdims=False):
    """Minimum of the elements of ``x`` over ``axis``.

    The gradient goes to the elements equal to the minimum; when several elements
    tie, each of them receives the full gradient.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None, int or tuple of ints): the axes to reduce (negative ones count
            from the end); None reduces all of them. Reducing over an axis of
            length 0 raises ValueError.
        keepdims (bool): keep the reduced axes with length 1.
    Returns:
        Variable of the dtype of ``x``.
    """
    return Min(axis, keepdims).apply((x,))[0]


class _IndexSelector(function_node.FunctionNode):
    _name = None

    def __init__(self, axis=None):
        axes = _util.normalize_axis_argument(axis, self._name, allow_tuple=False)
        self.axis = None if axes is None else axes[0]

    def check_type_forward(self, in_types):
        x_type = _util.check_float_input(in_types)
        if self.axis is not None:
            _util.check_axis_in_range(x_type, (self.axis,))

    def forward(self, inputs):
        x, = inputs
        if x.size == 0 and (self.axis is None or x.shape[self.axis] == 0):
            raise ValueError('{}: cannot take the index of an extreme of an empty '
                             'array (x has shape {}, axis={})'.format(
                                 self._name, x.shape, self.axis))
        xp = backend.get_array_module(x)
        y = getattr(x, self._name)(axis=self.axis)
        return xp.asarray(y).astype(numpy.int32),


class ArgMax(_IndexSelector):
    _name = 'argmax'


class ArgMin(_IndexSelector):
    _name = 'argmin'


def _apply_index_selector(node, x):
    # The result is an index, not differentiable: the input enters as a constant.
    if isinstance(x, chainer.Variable):
        x = x.array
    return node.apply((x,))[0]


def argmax(x, axis=None):
    """Index of the maximum of ``x`` (along ``axis``), as int32.

    For ties the first index is returned. The result does not require a gradient.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None or int): the axis to search along; None searches the flattened
            array.
    Returns:
        Variable of dtype int32.
    """
    return _apply_index_selector(ArgMax(axis), x)


def argmin(x, axis=None):
    """Index of the minimum of ``x`` (along ``axis``), as int32.

    For ties the first index is returned. The result does not require a gradient.

    Args:
        x (Variable or array): input of a float dtype.
        axis (None or int): the axis to search along; None searches the flattened
            array.
    Returns:
        Variable of dtype int32.
    """
    return _apply_index_selector(ArgMin(axis), x)
