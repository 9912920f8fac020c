"""The arithmetic behind Variable's operators: + - * / ** @, unary -, abs.

Binary operators between Variables broadcast like NumPy; their gradients are summed
back to each operand's shape. A scalar or array operand that is not a Variable is a
constant: it receives no gradient, and NumPy scalars and arrays are cast to the
Variable's dtype (when that is a float type) so results keep it.
"""
import numpy

import chainer
from chainer import backend
from chainer.functions import _rules
from chainer import utils
from chainer.utils import type_check
from chainer import variable

_Variable = variable.Variable
_scalar_types = (int, float, numpy.generic)
_light_types = type_check.LightTypeInfoTuple


def _check_binary(in_types):
    if type(in_types) is _light_types and len(in_types) == 2:
        # The common case, decided without building any expression.
        lhs, rhs = in_types
        if lhs.dtype == rhs.dtype and lhs.shape == rhs.shape:
            return
    type_check._argname(in_types, ('lhs', 'rhs'))
    lhs, rhs = in_types
    type_check.expect(lhs.dtype == rhs.dtype)
    if type(in_types) is _light_types and lhs.shape == rhs.shape:
        return
    type_check.expect_broadcast_shapes(lhs.shape, rhs.shape)


def _check_unary(in_types):
    if type(in_types) is _light_types and len(in_types) == 1:
        if in_types[0] is not None:
            return
        # No array (an uninitialized Parameter): the full check explains it.
        raise type_check.InvalidType('x is not None', 'x is None')
    type_check._argname(in_types, ('x',))


def _constant(x, value):
    """Turn a non-Variable operand into a constant compatible with Variable ``x``.

    Returns None for operand types that are not supported (the operator then
    returns NotImplemented, and Python raises a TypeError naming both types).
    """
    if isinstance(value, (bool, numpy.bool_)):
        return None
    dtype = x.dtype
    if isinstance(value, (int, float)) and not isinstance(value, numpy.generic):
        # A Python number takes the float dtype of the variable. (NumPy 1.x would
        # otherwise promote a 0-d float32 array times 2.0 to float64.)
        if dtype.kind == 'f':
            return dtype.type(value)
        return value
    if isinstance(value, numpy.generic):
        if dtype.kind == 'f':
            return dtype.type(value)
        return value
    if isinstance(value, chainer.get_array_types()):
        if dtype.kind == 'f' and value.dtype != dtype:
            value = value.astype(dtype)
        return value
    return None


def _is_array(value):
    return not isinstance(value, _scalar_types)


# ---------------------------------------------------------------------------
# The operators' function nodes: each a forward and one gradient formula per
# input (see chainer.functions._rules). Any dtype is accepted unless the class
# asks for floats; a non-Variable operand is a constant attribute (``value``).

class _Operator(_rules.Rule):
    # One operand, any dtype.

    def check_type_forward(self, in_types):
        _check_unary(in_types)


class _FloatOperator(_Operator):

    def check_type_forward(self, in_types):
        _check_unary(in_types)
        type_check.expect(in_types[0].dtype.kind == 'f')


class _BinaryOperator(_rules.Rule):
    # Two operands of one dtype, broadcast together.
    names = ('lhs', 'rhs')

    def check_type_forward(self, in_types):
        _check_binary(in_types)


class _WithConstant(object):
    # A mixin for ``x op value`` with a scalar ``value``; ``_label`` is the
    # pattern of the label.
    _label = '{}'

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return self._label.format(_label_of(self.value))


class Neg(_Operator):
    label = '__neg__'
    grads = (lambda F, gy: -gy,)

    def forward(self, inputs):
        x = inputs[0]
        return -x,


class Absolute(_FloatOperator):
    label = '|_|'
    keep = 'x'
    grads = (lambda F, gy, x: gy * F.sign(x),)

    def forward(self, inputs):
        x = inputs[0]
        return utils.force_array(backend.get_array_module(x).abs(x)),


class Add(_BinaryOperator):
    label = '_ + _'
    grads = (_rules.passes_gy, _rules.passes_gy)

    def forward(self, inputs):
        x0, x1 = inputs
        return x0 + x1,


class AddConstant(_WithConstant, _Operator):
    _label = '_ + {}'
    grads = (_rules.passes_gy,)

    def forward(self, inputs):
        x = inputs[0]
        return x + self.value,


class Sub(_BinaryOperator):
    label = '_ - _'
    grads = (_rules.passes_gy, lambda F, gy: -gy)

    def forward(self, inputs):
        x0, x1 = inputs
        return x0 - x1,


class SubFromConstant(_WithConstant, _Operator):
    _label = '{} - _'
    grads = (lambda F, gy: -gy,)

    def forward(self, inputs):
        x = inputs[0]
        return self.value - x,


class Mul(_BinaryOperator):
    label = '_ * _'
    keep = 'lhs rhs'
    grads = (lambda F, gy, x0, x1: gy * x1, lambda F, gy, x0, x1: gy * x0)

    def forward(self, inputs):
        x0, x1 = inputs
        return x0 * x1,


class MulConstant(_WithConstant, _Operator):
    _label = '_ * {}'
    keep = 'value'
    grads = (lambda F, gy, c: gy * c,)

    def forward(self, inputs):
        x = inputs[0]
        return x * self.value,


class Div(_BinaryOperator):
    label = '_ / _'
    keep = 'lhs rhs'
    grads = (lambda F, gy, x0, x1: gy / x1,
             lambda F, gy, x0, x1: -(gy / x1) * x0 / x1)

    def forward(self, inputs):
        x0, x1 = inputs
        return x0 / x1,


class DivFromConstant(_WithConstant, _FloatOperator):
    _label = '{} / _'
    keep = 'x value'
    grads = (lambda F, gy, x, c: gy * (-c) / (x * x),)

    def forward(self, inputs):
        x = inputs[0]
        return self.value / x,


class PowVarVar(_BinaryOperator):
    label = '_ ** _'
    keep = 'lhs rhs'
    grads = (lambda F, gy, x0, x1: gy * x1 * x0 ** (x1 - 1),
             lambda F, gy, x0, x1: gy * F.log(x0) * x0 ** x1)

    def check_type_forward(self, in_types):
        _check_binary(in_types)
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        x0, x1 = inputs
        return x0 ** x1,


def _pow_grad(F, gy, x, c):
    # d/dx x**c times gy; the square, the common case, in two products.
    if isinstance(c, _scalar_types) and c == 2:
        return gy * x * 2
    return gy * x ** (c - 1) * c


class PowVarConst(_WithConstant, _FloatOperator):
    _label = '_ ** {}'
    keep = 'x value'
    grads = (_pow_grad,)

    def forward(self, inputs):
        x = inputs[0]
        return x ** self.value,


class PowConstVar(_WithConstant, _FloatOperator):
    # d/dx c**x = log(c) c**x
    _label = '{} ** _'
    keep = 'y value'
    grads = (lambda F, gy, y, c: gy * y * y.dtype.type(numpy.log(y.dtype.type(c))),)

    def forward(self, inputs):
        x = inputs[0]
        return utils.force_array(self.value ** x, x.dtype),


def _label_of(value):
    if numpy.isscalar(value):
        return str(value)
    return 'constant {}'.format(getattr(value, 'shape', ''))


# ---------------------------------------------------------------------------
# Operator implementations installed on Variable.

def neg(self):  # -x
    return Neg().apply((self,))[0]


def absolute(self):  # abs(x)
    """Elementwise absolute value, ``|x|``. Its gradient is ``sign(x)`` (0 at 0)."""
    return Absolute().apply((self,))[0]


def add(*xs):
    """Elementwise sum of variables or arrays, broadcasting like NumPy.

    Args:
        xs: one or more Variables or arrays of one dtype, with shapes that
            broadcast together.
    Returns:
        Variable: ``xs[0] + xs[1] + ...`` (a new Variable equal to ``xs[0]`` for a
        single input).
    """
    if not xs:
        raise TypeError('add needs at least one input, got none')
    if len(xs) == 1:
        return chainer.functions.identity(xs[0])
    y = Add().apply((xs[0], xs[1]))[0]
    for x in xs[2:]:
        y = Add().apply((y, x))[0]
    return y


def _operator(name, node, constant_node, reflected=False):
    """The operator ``name(self, rhs)``: ``self op rhs``, or ``rhs op self`` when
    ``reflected`` (Python calls it only when ``rhs`` is not a Variable).

    A Variable or an array operand gives a ``node`` of the two operands; a scalar
    (cast by :func:`_constant`) gives ``constant_node(value)`` of ``self`` alone.
    An operand of another type gives NotImplemented (and Python a TypeError).
    """
    if reflected:
        def operator(self, rhs):
            value = _constant(self, rhs)
            if value is None:
                return NotImplemented
            if _is_array(value):
                return node().apply((value, self))[0]
            return constant_node(value).apply((self,))[0]
    else:
        def operator(self, rhs):
            if isinstance(rhs, _Variable):
                return node().apply((self, rhs))[0]
            value = _constant(self, rhs)
            if value is None:
                return NotImplemented
            if _is_array(value):
                return node().apply((self, value))[0]
            return constant_node(value).apply((self,))[0]
    operator.__name__ = operator.__qualname__ = name
    return operator


def _inverse(value, dtype):
    if dtype.kind == 'f':
        return dtype.type(1.0 / value)
    return 1.0 / value


_add = _operator('_add', Add, AddConstant)
_radd = _operator('_radd', Add, AddConstant, reflected=True)
rsub = _operator('rsub', Sub, SubFromConstant, reflected=True)
mul = _operator('mul', Mul, MulConstant)
rmul = _operator('rmul', Mul, MulConstant, reflected=True)
rdiv = _operator('rdiv', Div, DivFromConstant, reflected=True)


def sub(self, rhs):  # lhs - rhs
    if isinstance(rhs, _Variable):
        return Sub().apply((self, rhs))[0]
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Sub().apply((self, value))[0]
    return AddConstant(-value).apply((self,))[0]


def div(self, rhs):  # lhs / rhs
    if isinstance(rhs, _Variable):
        return Div().apply((self, rhs))[0]
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Div().apply((self, value))[0]
    if value == 0:   # x / 0: inf and nan where NumPy gives them
        zero = chainer.backend.get_array_module(self.array).full((), value, self.dtype)
        return Div().apply((self, zero))[0]
    return MulConstant(_inverse(value, self.dtype)).apply((self,))[0]


def pow(self, rhs):  # lhs ** rhs
    if isinstance(rhs, _Variable):
        return PowVarVar().apply((self, rhs))[0]
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    return PowVarConst(value).apply((self,))[0]


rpow = _operator('rpow', PowVarVar, PowConstVar, reflected=True)


def matmul(self, rhs):  # lhs @ rhs
    if not isinstance(rhs, (_Variable,) + tuple(chainer.get_array_types())):
        return NotImplemented
    return chainer.functions.matmul(self, rhs)


def rmatmul(self, rhs):  # rhs @ lhs
    if not isinstance(rhs, tuple(chainer.get_array_types())):
        return NotImplemented
    return chainer.functions.matmul(rhs, self)


def _pos(self):
    return self


def _floor_divide(lhs, rhs, expression):
    # Elementwise floor(lhs / rhs): piecewise constant, so the result is a
    # Variable that needs no gradient (like F.floor). Operands follow the rules of
    # the other operators: a scalar takes the Variable's dtype; an array or a
    # Variable must have the same dtype.
    arrays = tuple(chainer.get_array_types())
    operands = []
    dtype = None
    for v in (lhs, rhs):
        if isinstance(v, _Variable):
            v = v.array
        if isinstance(v, arrays):
            if dtype is None:
                dtype = v.dtype
            elif v.dtype != dtype:
                raise TypeError('{}: the operands must have the same dtype, got {} '
                                'and {}'.format(expression, dtype, v.dtype))
        elif not numpy.isscalar(v) or isinstance(v, (str, bytes)):
            return NotImplemented
        operands.append(v)
    operands = [v if isinstance(v, arrays) else dtype.type(v) for v in operands]
    xp = backend.get_array_module(*operands)
    y = utils.force_array(xp.floor_divide(operands[0], operands[1]), dtype)
    return _Variable(y, requires_grad=False)


def floordiv(self, rhs):  # lhs // rhs
    return _floor_divide(self, rhs, 'lhs // rhs')


def rfloordiv(self, rhs):  # rhs // lhs
    return _floor_divide(rhs, self, 'rhs // lhs')


def install_variable_arithmetics():
    """Install the operators on :class:`chainer.Variable`."""
    V = variable.Variable
    V.__neg__ = neg
    V.__abs__ = absolute
    V.__pos__ = _pos
    V.__add__ = _add
    V.__radd__ = _radd
    V.__sub__ = sub
    V.__rsub__ = rsub
    V.__mul__ = mul
    V.__rmul__ = rmul
    V.__truediv__ = div
    V.__rtruediv__ = rdiv
    V.__floordiv__ = floordiv
    V.__rfloordiv__ = rfloordiv
    V.__pow__ = pow
    V.__rpow__ = rpow
    V.__matmul__ = matmul
    V.__rmatmul__ = rmatmul


install_variable_arithmetics()
