"""Elementwise sign."""
from chainer.functions import _rules

sign = _rules.no_gradient(
    'sign', 'sign',
    """Elementwise sign: -1 where ``x < 0``, 0 where
    ``x == 0``, 1 where ``x > 0``.

    .. math:: y_i = \\mathrm{sgn}(x_i)
""")
