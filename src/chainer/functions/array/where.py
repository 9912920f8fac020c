"""Choosing elements from two arrays by a condition."""
import numpy

import chainer
from chainer import backend
from chainer.functions import _rules
from chainer.utils import type_check


class Where(_rules.Rule):
    """``xp.where(condition, x, y)`` with the condition held as a constant."""

    names = ('x', 'y')
    keep = 'condition'
    grads = (lambda F, gy, condition: F.where(condition, gy, 0),
             lambda F, gy, condition: F.where(condition, 0, gy))

    def __init__(self, condition):
        self.condition = condition

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'y'))
        x_type, y_type = in_types
        condition = self.condition
        if type_check.in_light_mode():
            cond_dtype = condition.dtype
            cond_shape = condition.shape
        else:
            cond_dtype = type_check.make_variable(condition.dtype, 'condition.dtype')
            cond_shape = tuple(type_check.make_variable(
                s, 'condition.shape[{}]'.format(i)) for i, s in enumerate(
                    condition.shape))
        type_check.expect(
            cond_dtype == numpy.bool_,
            x_type.dtype == y_type.dtype,
        )
        type_check.expect_broadcast_shapes(cond_shape, x_type.shape, y_type.shape)

    def compute(self, xp, x, y):
        condition = self.condition
        if xp is not numpy and isinstance(condition, numpy.ndarray):
            condition = self.condition = xp.asarray(condition)
        return xp.where(condition, x, y)


def _as_operand(value, other, name):
    # A Python or NumPy scalar becomes a 0-d array of the other operand's dtype.
    if isinstance(value, chainer.Variable) or isinstance(
            value, chainer.get_array_types()):
        return value
    if isinstance(value, (int, float, numpy.generic)) and not isinstance(value, bool):
        if isinstance(other, chainer.Variable) or isinstance(
                other, chainer.get_array_types()):
            xp = backend.get_array_module(other)
            return xp.asarray(value, dtype=other.dtype)
        return numpy.asarray(value)
    raise TypeError('where: {} must be a Variable, an array or a scalar, got {}'.format(
        name, type(value).__name__))


def where(condition, x, y):
    """Choose, elementwise, ``x`` where ``condition`` is True and ``y`` elsewhere.

    ``condition``, ``x`` and ``y`` broadcast together (NumPy rules); the gradient
    of ``x`` (``y``) is the output gradient where the condition is True (False),
    summed back to its shape.

    Args:
        condition (Variable or array): a boolean array; it gets no gradient.
        x (Variable, array or scalar): values chosen where the condition holds.
        y (Variable, array or scalar): values chosen elsewhere; same dtype as
            ``x`` (a scalar takes the other operand's dtype).
    Returns:
        Variable of the broadcast shape.

    .. admonition:: Example

        >>> cond = np.array([[True, False], [False, True]])
        >>> x = np.array([[1, 2], [3, 4]], np.float32)
        >>> y = np.zeros((2, 2), np.float32)
        >>> F.where(cond, x, y).array
        array([[1., 0.],
               [0., 4.]], dtype=float32)
    """
    if isinstance(condition, chainer.Variable):
        condition = condition.array
    if isinstance(condition, (bool, numpy.bool_)):
        condition = numpy.asarray(condition)
    if not isinstance(condition, chainer.get_array_types()):
        raise TypeError('where: condition must be a boolean array or Variable, got '
                        '{}'.format(type(condition).__name__))
    x = _as_operand(x, y, 'x')
    y = _as_operand(y, x, 'y')
    z, = Where(condition).apply((x, y))
    return z
