"""Elementwise floor."""
from chainer.functions import _rules


def floor(x):
    """Elementwise floor: the largest integer not greater than ``x``.

    .. math:: y_i = \\lfloor x_i \\rfloor
    """
    return _rules.without_gradient(x, 'floor', 'floor')


floor.__doc__ += _rules.NO_GRADIENT_DOC
