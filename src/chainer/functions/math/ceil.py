"""Elementwise ceiling."""
from chainer.functions import _rules

ceil = _rules.no_gradient(
    'ceil', 'ceil',
    """Elementwise ceiling: the smallest integer not less than ``x``.

    .. math:: y_i = \\lceil x_i \\rceil
""")
