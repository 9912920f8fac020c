"""Elementwise rounding towards zero (the integer part of x)."""
import chainer
from chainer import backend
from chainer import utils


def fix(x):
    """Elementwise rounding towards zero (the integer part of ``x``).

    .. math:: y_i = \\mathrm{sgn}(x_i) \\lfloor |x_i| \\rfloor

    The function is piecewise constant: its gradient is None everywhere, so the
    result is a Variable that does not require a gradient and is not linked to
    ``x`` in the graph (the graph is unchained here).

    Args:
        x (Variable or array): input of a numeric dtype.
    Returns:
        Variable of the shape and dtype of ``x``, not requiring a gradient.
    """
    array = x.array if isinstance(x, chainer.Variable) else x
    if not isinstance(array, chainer.get_array_types()):
        raise TypeError('fix: x must be a Variable or an array, got {}'.format(
            type(x).__name__))
    if array.dtype.kind not in 'iuf':
        raise TypeError('fix: x must have a numeric dtype, got {}'.format(
            array.dtype))
    xp = backend.get_array_module(array)
    y = utils.force_array(xp.trunc(array), array.dtype)
    return chainer.Variable(y, requires_grad=False)
