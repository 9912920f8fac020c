"""Square root and reciprocal square root."""
from chainer.functions import _rules


Sqrt = _rules.unary('Sqrt', 'sqrt', label='sqrt', keep='y',
                    grad=lambda F, gy, y: gy / (y * 2))
# d/dx x^(-1/2) = -x^(-3/2) / 2 = -y^3 / 2
Rsqrt = _rules.unary('Rsqrt', 'rsqrt', label='rsqrt', keep='y',
                     grad=lambda F, gy, y: gy * (y * y * y) * -0.5)


sqrt = _rules.function(Sqrt, 'sqrt', domain=' (non-negative)', doc="""
    Elementwise square root, :math:`y_i = \\sqrt{x_i}`.

    .. admonition:: Example

        >>> x = chainer.Variable(np.array([4, 9], np.float32))
        >>> y = F.sqrt(x)
        >>> y.array
        array([2., 3.], dtype=float32)
        >>> F.sum(y).backward()  # the derivative is 1 / (2 sqrt(x))
        >>> np.round(x.grad, 4)
        array([0.25  , 0.1667], dtype=float32)
""")


rsqrt = _rules.function(Rsqrt, 'rsqrt', domain=' (positive)', doc="""
    Elementwise reciprocal square root, :math:`y_i = 1 / \\sqrt{x_i}`.
""")
