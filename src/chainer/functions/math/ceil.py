"""Elementwise ceiling."""
from chainer.functions import _rules


def ceil(x):
    """Elementwise ceiling: the smallest integer not less than ``x``.

    .. math:: y_i = \\lceil x_i \\rceil
    """
    return _rules.without_gradient(x, 'ceil', 'ceil')


ceil.__doc__ += _rules.NO_GRADIENT_DOC
