"""Clipping values into an interval."""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils


def _mask(x, x_min, x_max):
    # Where the gradient passes: inside the interval, its ends included.
    if x_min is None:
        return x <= x_max
    if x_max is None:
        return x >= x_min
    mask = x >= x_min
    mask &= x <= x_max
    return mask


class Clip(function_node.FunctionNode):
    """Clip values into ``[x_min, x_max]`` (either end may be None)."""

    def __init__(self, x_min, x_max):
        self.x_min = x_min
        self.x_max = x_max

    @property
    def label(self):
        return 'clip'

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = backend.get_array_module(x)
        lo = None if self.x_min is None else x.dtype.type(self.x_min)
        hi = None if self.x_max is None else x.dtype.type(self.x_max)
        if lo is None:
            y = xp.minimum(x, hi)
        elif hi is None:
            y = xp.maximum(x, lo)
        else:
            y = xp.clip(x, lo, hi)
        return utils.force_array(y, x.dtype),

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        return ClipGrad(_mask(x.array, self.x_min, self.x_max)).apply(grad_outputs)


class ClipGrad(function_node.FunctionNode):
    # gy masked by where x was inside the interval; linear in gy.

    def __init__(self, mask):
        self.mask = mask

    def forward(self, inputs):
        gy, = inputs
        return utils.force_array(gy * self.mask, gy.dtype),

    def backward(self, indexes, grad_outputs):
        return ClipGrad(self.mask).apply(grad_outputs)


def _check_bound(value, name):
    if value is None:
        return None
    if isinstance(value, (bool, numpy.bool_)) or not isinstance(
            value, (int, float, numpy.integer, numpy.floating)):
        raise TypeError('clip: {} must be a real number or None, got {!r}'.format(
            name, value))
    return float(value)


def clip(x, x_min, x_max):
    """Clip the elements of ``x`` into the interval ``[x_min, x_max]``.

    .. math:: y_i = \\min(\\max(x_i, x_{min}), x_{max})

    The gradient is 1 inside the interval, its ends included, and 0 outside.

    Args:
        x (Variable or array): input of a float dtype.
        x_min (float or None): lower end; None clips from above only.
        x_max (float or None): upper end; None clips from below only. At least
            one of the ends is given, and ``x_min < x_max``.
    Returns:
        Variable of the shape and dtype of ``x``.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([-2, 0.5, 3], np.float32))
        >>> y = F.clip(x, 0., 1.)
        >>> y.array
        array([0. , 0.5, 1. ], dtype=float32)
        >>> F.sum(y).backward()  # no gradient where the value was clipped
        >>> x.grad
        array([0., 1., 0.], dtype=float32)
    """
    x_min = _check_bound(x_min, 'x_min')
    x_max = _check_bound(x_max, 'x_max')
    if x_min is None and x_max is None:
        raise ValueError('clip: at least one of x_min and x_max must be given, both '
                         'are None')
    if x_min is not None and x_max is not None and not x_min < x_max:
        raise ValueError('clip: x_min must be less than x_max, got x_min={} and '
                         'x_max={}'.format(x_min, x_max))
    return Clip(x_min, x_max).apply((x,))[0]
