"""Exponential and logarithms: exp, log, log2, log10."""
import math

from chainer.functions import _rules


_INV_LN2 = 1 / math.log(2)
_INV_LN10 = 1 / math.log(10)

Exp = _rules.unary('Exp', 'exp', label='exp', keep='y',
                   grad=lambda F, gy, y: gy * y, doc="Elementwise ``e ** x``.")
Log = _rules.unary('Log', 'log', label='log', keep='x',
                   grad=lambda F, gy, x: gy / x, doc="Elementwise natural logarithm.")
Log2 = _rules.unary('Log2', 'log2', label='log2', keep='x',
                    grad=lambda F, gy, x: gy / x * _INV_LN2,
                    doc="Elementwise base-2 logarithm.")
Log10 = _rules.unary('Log10', 'log10', label='log10', keep='x',
                     grad=lambda F, gy, x: gy / x * _INV_LN10,
                     doc="Elementwise base-10 logarithm.")


exp = _rules.function(Exp, 'exp', doc="""
    Elementwise exponential, :math:`y_i = e^{x_i}`.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([0, 1], np.float32))
        >>> y = F.exp(x)
        >>> np.round(y.array, 4)
        array([1.    , 2.7183], dtype=float32)
        >>> F.sum(y).backward()  # exp is its own derivative
        >>> np.round(x.grad, 4)
        array([1.    , 2.7183], dtype=float32)
""")


log = _rules.function(Log, 'log', doc="""
    Elementwise natural logarithm, :math:`y_i = \\ln x_i`.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([1, 4], np.float32))
        >>> y = F.log(x)
        >>> np.round(y.array, 4)
        array([0.    , 1.3863], dtype=float32)
        >>> F.sum(y).backward()  # the derivative is 1 / x
        >>> x.grad
        array([1.  , 0.25], dtype=float32)
""")


log2 = _rules.function(Log2, 'log2', doc="""
    Elementwise base-2 logarithm, :math:`y_i = \\log_2 x_i`.
""")


log10 = _rules.function(Log10, 'log10', doc="""
    Elementwise base-10 logarithm, :math:`y_i = \\log_{10} x_i`.
""")
