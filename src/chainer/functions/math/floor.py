"""Elementwise floor."""
from chainer.functions import _rules

floor = _rules.no_gradient(
    'floor', 'floor',
    """Elementwise floor: the largest integer not greater than ``x``.

    .. math:: y_i = \\lfloor x_i \\rfloor
""")
