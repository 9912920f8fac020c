"""Elementwise sign."""
from chainer.functions import _rules


def sign(x):
    """Elementwise sign: -1 where ``x < 0``, 0 where ``x == 0``, 1 where
    ``x > 0``.

    .. math:: y_i = \\mathrm{sgn}(x_i)
    """
    return _rules.without_gradient(x, 'sign', 'sign')


sign.__doc__ += _rules.NO_GRADIENT_DOC
