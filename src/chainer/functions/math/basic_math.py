"""The arithmetic behind Variable's operators: + - * / ** @, unary -, abs.

Binary operators between Variables broadcast like NumPy; their gradients are summed
back to each operand's shape. A scalar or array operand that is not a Variable is a
constant: it receives no gradient, and NumPy scalars and arrays are cast to the
Variable's dtype (when that is a float type) so results keep it.
"""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check
from chainer import variable

_Variable = variable.Variable
_new_variable = variable.Variable._new
_scalar_types = (int, float, numpy.generic)
_config = chainer.configuration.config
_light_types = type_check.LightTypeInfoTuple

# The backward methods below have two equivalent paths. Under double
# backpropagation (config.enable_backprop is True while backward runs) they are
# built from differentiable functions, so the gradient can be differentiated
# again. Otherwise (a plain backward pass, which records nothing) they compute on
# the arrays directly, which skips the cost of building function nodes that would
# be thrown away: these operators are the hot path of small computations.


def _sum_to(gx, shape):
    if gx is None or gx.shape == shape:
        return gx
    return chainer.functions.sum_to(gx, shape)


def _raw(array, shape=None):
    # Wrap an array computed in a plain backward pass, summed down to ``shape``.
    if shape is not None and array.shape != shape:
        array = utils.sum_to(array, shape)
    if type(array) is not numpy.ndarray:
        array = utils.force_array(array)
    return _new_variable(array, False)


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

class Neg(function_node.FunctionNode):

    @property
    def label(self):
        return '__neg__'

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        return -inputs[0],

    def backward(self, indexes, grad_outputs):
        if not _config.enable_backprop:
            return _raw(-grad_outputs[0]._data),
        return -grad_outputs[0],


class Absolute(function_node.FunctionNode):

    @property
    def label(self):
        return '|_|'

    def check_type_forward(self, in_types):
        _check_unary(in_types)
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        xp = chainer.backend.get_array_module(x)
        return utils.force_array(xp.abs(x)),

    def backward(self, indexes, grad_outputs):
        x = self.get_retained_inputs()[0].array
        xp = chainer.backend.get_array_module(x)
        return grad_outputs[0] * xp.sign(x),


class Add(function_node.FunctionNode):

    @property
    def label(self):
        return '_ + _'

    def check_type_forward(self, in_types):
        _check_binary(in_types)

    def forward(self, inputs):
        x0, x1 = inputs
        self._shapes = (x0.shape, x1.shape)
        return x0 + x1,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        shapes = self._shapes
        if gy.shape == shapes[0] == shapes[1]:
            return (gy,) * len(indexes)
        if not _config.enable_backprop:
            return tuple([_raw(gy._data, shapes[i]) for i in indexes])
        return tuple([_sum_to(gy, shapes[i]) for i in indexes])


class AddConstant(function_node.FunctionNode):

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return '_ + %s' % _label_of(self.value)

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        x, = inputs
        self._shape = x.shape
        return x + self.value,

    def backward(self, indexes, grad_outputs):
        gy = grad_outputs[0]
        if gy.shape == self._shape:
            return gy,
        if not _config.enable_backprop:
            return _raw(gy._data, self._shape),
        return _sum_to(gy, self._shape),


class Sub(function_node.FunctionNode):

    @property
    def label(self):
        return '_ - _'

    def check_type_forward(self, in_types):
        _check_binary(in_types)

    def forward(self, inputs):
        x0, x1 = inputs
        self._shapes = (x0.shape, x1.shape)
        return x0 - x1,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        raw = not _config.enable_backprop
        ret = []
        for i in indexes:
            if raw:
                g = gy._data
                ret.append(_raw(g if i == 0 else -g, self._shapes[i]))
            else:
                g = _sum_to(gy, self._shapes[i])
                ret.append(g if i == 0 else -g)
        return tuple(ret)


class SubFromConstant(function_node.FunctionNode):

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return '%s - _' % _label_of(self.value)

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        x, = inputs
        self._shape = x.shape
        return self.value - x,

    def backward(self, indexes, grad_outputs):
        if not _config.enable_backprop:
            return _raw(-grad_outputs[0]._data, self._shape),
        return -_sum_to(grad_outputs[0], self._shape),


class Mul(function_node.FunctionNode):

    @property
    def label(self):
        return '_ * _'

    def check_type_forward(self, in_types):
        _check_binary(in_types)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return x0 * x1,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        xs = self.get_retained_inputs()
        if not _config.enable_backprop:
            return tuple([_raw(gy._data * xs[1 - i]._data, xs[i].shape)
                          for i in indexes])
        return tuple([_sum_to(gy * xs[1 - i], xs[i].shape) for i in indexes])


class MulConstant(function_node.FunctionNode):

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return '_ * %s' % _label_of(self.value)

    def check_type_forward(self, in_types):
        _check_unary(in_types)

    def forward(self, inputs):
        x, = inputs
        self._shape = x.shape
        return x * self.value,

    def backward(self, indexes, grad_outputs):
        if not _config.enable_backprop:
            return _raw(grad_outputs[0]._data * self.value, self._shape),
        return _sum_to(grad_outputs[0] * self.value, self._shape),


class Div(function_node.FunctionNode):

    @property
    def label(self):
        return '_ / _'

    def check_type_forward(self, in_types):
        _check_binary(in_types)

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return x0 / x1,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        x0, x1 = self.get_retained_inputs()
        if not _config.enable_backprop:
            a0, a1 = x0._data, x1._data
            g0 = gy._data / a1
            return tuple([_raw(g0, a0.shape) if i == 0 else
                          _raw(-g0 * a0 / a1, a1.shape) for i in indexes])
        gx0 = gy / x1
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(_sum_to(gx0, x0.shape))
            else:
                ret.append(_sum_to(-gx0 * x0 / x1, x1.shape))
        return tuple(ret)


class DivFromConstant(function_node.FunctionNode):

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return '%s / _' % _label_of(self.value)

    def check_type_forward(self, in_types):
        _check_unary(in_types)
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return self.value / x,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        return _sum_to(gy * (-self.value) / (x * x), x.shape),


class PowVarVar(function_node.FunctionNode):

    @property
    def label(self):
        return '_ ** _'

    def check_type_forward(self, in_types):
        _check_binary(in_types)
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x0, x1 = inputs
        return x0 ** x1,

    def backward(self, indexes, grad_outputs):
        gy, = grad_outputs
        x0, x1 = self.get_retained_inputs()
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(_sum_to(gy * x1 * x0 ** (x1 - 1), x0.shape))
            else:
                y = x0 ** x1
                ret.append(_sum_to(gy * chainer.functions.log(x0) * y, x1.shape))
        return tuple(ret)


class PowVarConst(function_node.FunctionNode):

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return '_ ** %s' % _label_of(self.value)

    def check_type_forward(self, in_types):
        _check_unary(in_types)
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, = inputs
        return x ** self.value,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        if not _config.enable_backprop:
            return _raw(_pow_grad(x._data, grad_outputs[0]._data, self.value)),
        return PowVarConstGrad(self.value).apply((x, grad_outputs[0]))


def _pow_grad(x, gy, c):
    # c * x**(c-1) * gy, summed to the shape of x.
    if type(c) is int and c == 2:
        gx = x * gy
        gx *= 2
    else:
        gx = (x ** (c - 1)) * gy
        gx *= c
    gx = utils.force_array(gx, x.dtype)
    if gx.shape != x.shape:
        gx = utils.sum_to(gx, x.shape)
    return gx


class PowVarConstGrad(function_node.FunctionNode):
    # d/dx x**c times gy: c * x**(c-1) * gy, as one node.

    def __init__(self, value):
        self.value = value

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, gy = inputs
        return _pow_grad(x, gy, self.value),

    def backward(self, indexes, grad_outputs):
        x, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        c = self.value
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(_sum_to(ggx * gy * (c * (c - 1)) * x ** (c - 2), x.shape))
            else:
                ret.append(_sum_to(ggx * c * x ** (c - 1), gy.shape))
        return tuple(ret)


class PowConstVar(function_node.FunctionNode):

    def __init__(self, value):
        self.value = value

    @property
    def label(self):
        return '%s ** _' % _label_of(self.value)

    def check_type_forward(self, in_types):
        _check_unary(in_types)
        type_check.expect(in_types[0].dtype.kind == 'f')

    def forward(self, inputs):
        self.retain_outputs((0,))
        x, = inputs
        self._shape = x.shape
        return utils.force_array(self.value ** x, x.dtype),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        xp = chainer.backend.get_array_module(y.array)
        log_c = xp.log(xp.asarray(self.value, dtype=y.dtype))
        return _sum_to(gy * y * log_c, self._shape),


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


def _add(self, rhs):  # lhs + rhs
    if isinstance(rhs, _Variable):
        return Add().apply((self, rhs))[0]
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Add().apply((self, value))[0]
    return AddConstant(value).apply((self,))[0]


def _radd(self, rhs):  # rhs + lhs
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Add().apply((value, self))[0]
    return AddConstant(value).apply((self,))[0]


def sub(self, rhs):  # lhs - rhs
    if isinstance(rhs, _Variable):
        return Sub().apply((self, rhs))[0]
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Sub().apply((self, value))[0]
    return AddConstant(-value).apply((self,))[0]


def rsub(self, rhs):  # rhs - lhs
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Sub().apply((value, self))[0]
    return SubFromConstant(value).apply((self,))[0]


def mul(self, rhs):  # lhs * rhs
    if isinstance(rhs, _Variable):
        return Mul().apply((self, rhs))[0]
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Mul().apply((self, value))[0]
    return MulConstant(value).apply((self,))[0]


def rmul(self, rhs):  # rhs * lhs
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Mul().apply((value, self))[0]
    return MulConstant(value).apply((self,))[0]


def div(self, rhs):  # lhs / rhs
    if isinstance(rhs, _Variable):
        return Div().apply((self, rhs))[0]
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Div().apply((self, value))[0]
    return MulConstant(_inverse(value, self.dtype)).apply((self,))[0] if value != 0 else \
        Div().apply((self, chainer.backend.get_array_module(self.array).full(
            (), value, self.dtype)))[0]


def _inverse(value, dtype):
    if dtype.kind == 'f':
        return dtype.type(1.0 / value)
    return 1.0 / value


def rdiv(self, rhs):  # rhs / lhs
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return Div().apply((value, self))[0]
    return DivFromConstant(value).apply((self,))[0]


def pow(self, rhs):  # lhs ** rhs
    if isinstance(rhs, _Variable):
        return PowVarVar().apply((self, rhs))[0]
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    return PowVarConst(value).apply((self,))[0]


def rpow(self, rhs):  # rhs ** lhs
    value = _constant(self, rhs)
    if value is None:
        return NotImplemented
    if _is_array(value):
        return PowVarVar().apply((value, self))[0]
    return PowConstVar(value).apply((self,))[0]


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
