"""Elementwise rounding towards zero (the integer part of x)."""
from chainer.functions import _rules


def fix(x):
    """Elementwise rounding towards zero (the integer part of ``x``).

    .. math:: y_i = \\mathrm{sgn}(x_i) \\lfloor |x_i| \\rfloor
    """
    return _rules.without_gradient(x, 'fix', 'trunc')


fix.__doc__ += _rules.NO_GRADIENT_DOC
