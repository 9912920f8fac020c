"""Elementwise rounding towards zero (the integer part of x)."""
from chainer.functions import _rules

fix = _rules.no_gradient(
    'fix', 'trunc',
    """Elementwise rounding towards zero (the integer part of ``x``).

    .. math:: y_i = \\mathrm{sgn}(x_i) \\lfloor |x_i| \\rfloor
""")
