"""Trigonometric functions and their inverses: sin, cos, tan, arcsin, arccos, arctan,
arctan2."""
from chainer.functions import _rules


Sin = _rules.unary('Sin', 'sin', label='sin', keep='x',
                   grad=lambda F, gy, x: gy * F.cos(x))
Cos = _rules.unary('Cos', 'cos', label='cos', keep='x',
                   grad=lambda F, gy, x: -gy * F.sin(x))
Tan = _rules.unary('Tan', 'tan', label='tan', keep='x',
                   grad=lambda F, gy, x: gy / F.square(F.cos(x)))
Arcsin = _rules.unary('Arcsin', 'arcsin', label='arcsin', keep='x',
                      grad=lambda F, gy, x: gy * F.rsqrt(1 - x * x))
Arccos = _rules.unary('Arccos', 'arccos', label='arccos', keep='x',
                      grad=lambda F, gy, x: -gy * F.rsqrt(1 - x * x))
Arctan = _rules.unary('Arctan', 'arctan', label='arctan', keep='x',
                      grad=lambda F, gy, x: gy / (1 + x * x))
# d/dx1 atan2(x1, x2) = x2 / r^2,  d/dx2 = -x1 / r^2
Arctan2 = _rules.binary(
    'Arctan2', 'arctan2', label='arctan2', names=('x1', 'x2'), keep='x1 x2',
    grads=(lambda F, gy, x1, x2: gy * x2 / (x1 * x1 + x2 * x2),
           lambda F, gy, x1, x2: -gy * x1 / (x1 * x1 + x2 * x2)))


sin = _rules.function(Sin, 'sin', domain=' (radians)', doc="""
    Elementwise sine, :math:`y_i = \\sin x_i`.
""")


cos = _rules.function(Cos, 'cos', domain=' (radians)', doc="""
    Elementwise cosine, :math:`y_i = \\cos x_i`.
""")


tan = _rules.function(Tan, 'tan', domain=' (radians)', doc="""
    Elementwise tangent, :math:`y_i = \\tan x_i`.
""")


arcsin = _rules.function(Arcsin, 'arcsin', domain=', in :math:`[-1, 1]`', doc="""
    Elementwise inverse sine, :math:`y_i = \\arcsin x_i`, in
    :math:`[-\\pi/2, \\pi/2]`.

    The gradient is :math:`1 / \\sqrt{1 - x^2}` (infinite at :math:`\\pm 1`).
""")


arccos = _rules.function(Arccos, 'arccos', domain=', in :math:`[-1, 1]`', doc="""
    Elementwise inverse cosine, :math:`y_i = \\arccos x_i`, in :math:`[0, \\pi]`.

    The gradient is :math:`-1 / \\sqrt{1 - x^2}` (infinite at :math:`\\pm 1`).
""")


arctan = _rules.function(Arctan, 'arctan', doc="""
    Elementwise inverse tangent, :math:`y_i = \\arctan x_i`, in
    :math:`(-\\pi/2, \\pi/2)`.
""")


def arctan2(x1, x2):
    """Elementwise angle of the point ``(x2, x1)``: :math:`\\arctan(x_1 / x_2)` in the
    right quadrant, within :math:`[-\\pi, \\pi]`.

    Args:
        x1 (Variable or array): y coordinates, of a float dtype.
        x2 (Variable or array): x coordinates, of the dtype of ``x1``; the shapes
            broadcast together.
    Returns:
        Variable of the broadcast shape and the dtype of the inputs.
    """
    return Arctan2().apply((x1, x2))[0]
