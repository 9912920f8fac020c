"""Declarative checks of the inputs of functions, with readable error messages.

A function node's ``check_type_forward(in_types)`` states what its inputs must look
like, for example::

    x_type, w_type = in_types
    type_check.expect(
        x_type.dtype.kind == 'f',
        x_type.shape[1] == w_type.shape[1],
    )

The check first runs in *light mode*: ``in_types`` is then the tuple of input arrays
itself, every comparison is a plain Python comparison and ``expect`` only tests
truth values, so a passing check costs almost nothing. Only when it fails is it run
again in full mode, where ``in_types`` describes the inputs symbolically, so the
error can say which condition failed and with which values::

    Invalid operation is performed in: LinearFunction (Forward)

    Expect: x.shape[1] == W.shape[1]
    Actual: 3 != 5
"""
import operator
import threading

import numpy

import chainer  # NOQA
from chainer.backends import cuda  # NOQA


class InvalidType(Exception):
    """Raised when the inputs of a function do not satisfy its type check.

    Attributes:
        expect (str): the condition that was required.
        actual (str): what was found instead.
    """

    def __init__(self, expect, actual, msg=None):
        if msg is None:
            msg = 'Expect: {0}\nActual: {1}'.format(expect, actual)
        super().__init__(msg)
        self.expect = expect
        self.actual = actual

    def __reduce__(self):
        msg, = self.args
        return (InvalidType, (self.expect, self.actual, msg))


class _InvalidArgument(TypeError, AssertionError):
    """A wrong argument (a TypeError; an AssertionError too, as in Chainer)."""


# ---------------------------------------------------------------------------
# Light mode: checks on the arrays themselves.

class _LightState(threading.local):
    def __init__(self):
        self.light = False


_state = _LightState()


def in_light_mode():
    """Whether type checks in the current thread run in light mode."""
    return _state.light


class LightMode(object):
    """Context manager (``type_check.light_mode``) that turns light mode on."""

    def __enter__(self):
        self._previous = _state.light
        _state.light = True

    def __exit__(self, *args):
        _state.light = self._previous


light_mode = LightMode()


class LightTypeInfoTuple(tuple):
    """The inputs seen by a light-mode check: the arrays themselves."""

    def size(self):
        """The number of inputs."""
        return len(self)


def get_light_types(data, *, shapes=None):
    """Wrap the input arrays for a light-mode check."""
    if shapes is not None:
        return LightTypeInfoTuple(
            _ShapeOnly(shape, getattr(x, 'dtype', None)) for x, shape in zip(data, shapes))
    return LightTypeInfoTuple(data)


class _ShapeOnly(object):
    __slots__ = ('shape', 'dtype')

    def __init__(self, shape, dtype):
        self.shape = tuple(shape)
        self.dtype = dtype

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return prod(self.shape)


# ---------------------------------------------------------------------------
# Full mode: symbolic expressions that remember how they were written.

# Priorities follow Python's operator precedence: a larger number binds tighter
# (-1 for comparisons, 0 for |, 1 for ^, 2 for &, 3 for << >>, 4 for + -,
# 5 for * / // %, 6 for unary - + ~, 7 for **, 8 for atoms: names, constants,
# attributes, items and calls). They decide where parentheses are printed.
_ATOM_PRIORITY = 8


class Expr(object):
    """A symbolic expression about the inputs; ``str`` shows how it was written.

    Expressions support arithmetic, comparison, attribute access, indexing and
    calls; comparisons give :class:`Testable` expressions for :func:`expect`.
    Converting an expression to bool is an error: use :func:`eval` to get its value.
    """

    def __init__(self, priority):
        self.priority = priority

    def eval(self):
        """Compute the value the expression stands for."""
        raise NotImplementedError()

    def __getattr__(self, name):
        if name.startswith('__') and name.endswith('__'):
            raise AttributeError(name)
        return GetAttr(self, name)

    def __getitem__(self, key):
        return GetItem(self, key)

    def __call__(self, *args):
        return Call(self, args)

    def __bool__(self):
        raise RuntimeError(
            'A type-check expression ({}) cannot be used as a bool; use '
            'type_check.eval() to get its value, or type_check.expect() to '
            'require it'.format(self))

    def __hash__(self):
        return id(self)

    # comparisons -> Testable
    def __eq__(self, other):
        return BoolBinaryOperator(self, other, '==', '!=', operator.eq)

    def __ne__(self, other):
        return BoolBinaryOperator(self, other, '!=', '==', operator.ne)

    def __lt__(self, other):
        return BoolBinaryOperator(self, other, '<', '>=', operator.lt)

    def __le__(self, other):
        return BoolBinaryOperator(self, other, '<=', '>', operator.le)

    def __gt__(self, other):
        return BoolBinaryOperator(self, other, '>', '<=', operator.gt)

    def __ge__(self, other):
        return BoolBinaryOperator(self, other, '>=', '<', operator.ge)


def _make_binary(priority, exp, func, right_associative=False):
    def op(self, other):
        return BinaryOperator(priority, self, other, exp, func, right_associative)

    def rop(self, other):
        return BinaryOperator(priority, other, self, exp, func, right_associative)
    return op, rop


def _make_unary(exp, func):
    def op(self):
        return UnaryOperator(6, self, exp, func)
    return op


for _name, _prio, _exp, _func, _right in [
        ('add', 4, '+', operator.add, False),
        ('sub', 4, '-', operator.sub, False),
        ('mul', 5, '*', operator.mul, False),
        ('truediv', 5, '/', operator.truediv, False),
        ('floordiv', 5, '//', operator.floordiv, False),
        ('mod', 5, '%', operator.mod, False),
        ('pow', 7, '**', operator.pow, True),
        ('lshift', 3, '<<', operator.lshift, False),
        ('rshift', 3, '>>', operator.rshift, False),
        ('and', 2, '&', operator.and_, False),
        ('xor', 1, '^', operator.xor, False),
        ('or', 0, '|', operator.or_, False)]:
    _op, _rop = _make_binary(_prio, _exp, _func, _right)
    setattr(Expr, '__%s__' % _name, _op)
    setattr(Expr, '__r%s__' % _name, _rop)

Expr.__neg__ = _make_unary('-', operator.neg)
Expr.__pos__ = _make_unary('+', operator.pos)
Expr.__invert__ = _make_unary('~', operator.invert)


def _repr(value):
    """How a value is written inside an expression: expressions as they were
    written (also inside lists and tuples), strings as they are (quoted inside
    lists and tuples), NumPy types as ``<class 'numpy.float32'>``, anything
    else by ``repr``."""
    if isinstance(value, Expr):
        return str(value)
    if isinstance(value, str):
        return value
    if type(value) is list:
        return '[{}]'.format(', '.join(_repr_item(v) for v in value))
    if type(value) is tuple:
        if len(value) == 1:
            return '({},)'.format(_repr_item(value[0]))
        return '({})'.format(', '.join(_repr_item(v) for v in value))
    if isinstance(value, type) and issubclass(value, numpy.generic):
        return '<class {!r}>'.format('numpy.' + value.__name__)
    if isinstance(value, numpy.dtype):
        return str(value)
    return repr(value)


def _repr_item(value):
    # An element of a list or tuple: a string is quoted there (['', 1]).
    if isinstance(value, str):
        return repr(value)
    return _repr(value)


def _eval(value):
    if isinstance(value, Expr):
        return value.eval()
    # Lists and tuples may hold expressions: ``Constant([0]) == [Constant(0)]``.
    if type(value) is list:
        return [_eval(v) for v in value]
    if type(value) is tuple:
        return tuple([_eval(v) for v in value])
    return value


class Atom(Expr):
    """An expression that needs no parentheses: names, constants, attributes, calls."""

    def __init__(self):
        super().__init__(_ATOM_PRIORITY)


class Constant(Atom):
    """A literal value inside an expression."""

    def __init__(self, value):
        super().__init__()
        self.value = value

    def __str__(self):
        return _repr(self.value)

    def eval(self):
        return self.value


class Variable(Atom):
    """A named value, such as ``in_types[0].shape[1]`` or ``x.ndim``."""

    def __init__(self, value, name):
        super().__init__()
        self.value = value
        self.name = name

    def __str__(self):
        return self.name

    def eval(self):
        return self.value


class GetAttr(Atom):
    """``obj.name`` inside an expression."""

    def __init__(self, obj, name):
        super().__init__()
        self.obj = obj
        self.name = name

    def __str__(self):
        name = self.name
        if isinstance(name, Constant):
            name = name.value
        if isinstance(name, str):
            return '{}.{}'.format(_paren(self.obj, _ATOM_PRIORITY), name)
        return 'getattr({}, {})'.format(_repr(self.obj), _repr(self.name))

    def eval(self):
        return getattr(_eval(self.obj), _eval(self.name))


class GetItem(Atom):
    """``obj[key]`` inside an expression."""

    def __init__(self, obj, key):
        super().__init__()
        self.obj = obj
        self.key = key

    def __str__(self):
        return '{}[{}]'.format(_paren(self.obj, _ATOM_PRIORITY), _key_str(self.key))

    def eval(self):
        return _eval(self.obj)[_eval(self.key)]


def _key_str(key):
    if isinstance(key, tuple):
        return ', '.join(_key_str(k) for k in key)
    if isinstance(key, slice):
        parts = ['' if key.start is None else _repr(key.start),
                 '' if key.stop is None else _repr(key.stop)]
        if key.step is not None:
            parts.append(_repr(key.step))
        return ':'.join(parts)
    if key is Ellipsis:
        return '...'
    if isinstance(key, str):
        return repr(key)   # y['a']
    return _repr(key)


class Call(Atom):
    """``f(args)`` inside an expression."""

    def __init__(self, obj, args):
        super().__init__()
        self.obj = obj
        self.args = args

    def __str__(self):
        return '{}({})'.format(_paren(self.obj, _ATOM_PRIORITY),
                               ', '.join(_repr(a) for a in self.args))

    def eval(self):
        return _eval(self.obj)(*[_eval(a) for a in self.args])


def _paren(expr, priority, inclusive=False):
    """``expr`` written as an operand of an operator of ``priority``: in
    parentheses if it binds less tightly (or, with ``inclusive``, as tightly)."""
    text = _repr(expr)
    if isinstance(expr, Expr) and (expr.priority < priority or
                                   (inclusive and expr.priority == priority)):
        return '(' + text + ')'
    return text


class UnaryOperator(Expr):
    """A prefix operator such as ``-x``."""

    def __init__(self, priority, term, exp, func):
        super().__init__(priority)
        self.term = term
        self.exp = exp
        self.func = func

    def __str__(self):
        return self.exp + _paren(self.term, self.priority)

    def eval(self):
        return self.func(_eval(self.term))


class BinaryOperator(Expr):
    """An infix operator such as ``x + y``, printed with the parentheses it needs."""

    def __init__(self, priority, lhs, rhs, exp, func, right_associative=False):
        super().__init__(priority)
        self.lhs = lhs
        self.rhs = rhs
        self.exp = exp
        self.func = func
        self.right_associative = right_associative

    def __str__(self):
        # An operand of equal priority needs parentheses on the side the operator
        # does not associate to.
        right = self.right_associative
        return '{} {} {}'.format(
            _paren(self.lhs, self.priority, inclusive=right), self.exp,
            _paren(self.rhs, self.priority, inclusive=not right))

    def eval(self):
        return self.func(_eval(self.lhs), _eval(self.rhs))


class Testable(object):
    """A condition that :func:`expect` can require."""

    def expect(self):
        """Raise :class:`InvalidType` unless the condition holds."""
        raise NotImplementedError()


class BoolBinaryOperator(BinaryOperator, Testable):
    """A comparison such as ``x.ndim == 2``; ``expect`` reports both values on failure."""

    def __init__(self, lhs, rhs, exp, inv, func):
        BinaryOperator.__init__(self, -1, lhs, rhs, exp, func)
        self.inv = inv

    def expect(self):
        left = _eval(self.lhs)
        right = _eval(self.rhs)
        if not self.func(left, right):
            raise InvalidType(
                '{} {} {}'.format(_paren(self.lhs, -1), self.exp,
                                  _paren(self.rhs, -1)),
                '{} {} {}'.format(_repr(left), self.inv, _repr(right)))


class _Condition(Testable):
    def __init__(self, ok, expect_text, actual_text):
        self.ok = ok
        self.expect_text = expect_text
        self.actual_text = actual_text

    def expect(self):
        if not self.ok:
            raise InvalidType(self.expect_text, self.actual_text)


def eval(exp):
    """The value of ``exp``: evaluated if it is an expression (also inside lists
    and tuples), else ``exp`` itself."""
    return _eval(exp)


def make_variable(value, name):
    """A named expression standing for ``value``."""
    return Variable(value, name)


def _make_un_operator(exp, priority, func):
    def f(x):
        return UnaryOperator(priority, x, exp, func)
    return f


def _product(xs):
    result = 1
    for x in xs:
        result = result * x
    return result


_prod_name = Variable(_product, 'prod')


def prod(xs):
    """The product of a sequence of numbers or expressions (1 for an empty one):
    ``type_check.prod(x_type.shape) == 6``.

    In light mode it is the number itself; in a full-mode check it is an expression
    that prints as ``prod(...)`` and is evaluated when the condition is checked.
    """
    if _state.light:
        return _product(xs)
    return Call(_prod_name, (xs,))


def expect(*bool_exprs):
    """Require each condition; raise :class:`InvalidType` at the first that fails.

    In light mode the conditions are plain truth values; in full mode they are
    :class:`Testable` expressions whose failure message shows the condition and the
    values found.
    """
    for expr in bool_exprs:
        if isinstance(expr, Testable):
            expr.expect()
        elif isinstance(expr, Expr):
            raise TypeError('type_check.expect: {} is not a condition (use a '
                            'comparison such as ==, <, >=)'.format(expr))
        elif not expr:
            raise InvalidType('condition', 'False' if not in_light_mode() else '')


# ---------------------------------------------------------------------------
# Descriptions of inputs.

class ShapeExpr(Variable):
    """The shape of an input in full mode: an expression that also acts as a tuple.

    ``x.shape == y.shape`` and ``x.shape[1:] == y.shape[1:]`` are conditions for
    :func:`expect` (printed as written), while ``len(x.shape)``, iteration,
    unpacking and ``x.shape[i]`` work as on a tuple of named dimensions
    (``x.shape[1]``).
    """

    def __init__(self, value, name):
        super().__init__(tuple(value), name)

    def __len__(self):
        return len(self.value)

    def __iter__(self):
        return iter([Variable(v, '{}[{}]'.format(self.name, i))
                     for i, v in enumerate(self.value)])

    def __getitem__(self, key):
        if isinstance(key, (int, numpy.integer)) and not isinstance(key, bool):
            n = len(self.value)
            if not -n <= key < n:
                raise IndexError('{}[{}]: index out of range for a shape of {} '
                                 'dimensions'.format(self.name, key, n))
            return Variable(self.value[key], '{}[{}]'.format(self.name, key))
        if isinstance(key, slice):
            return ShapeExpr(self.value[key], '{}[{}]'.format(self.name, _key_str(key)))
        return GetItem(self, key)


class TypeInfo(Atom):
    """Symbolic description of one input, itself an expression named like
    ``in_types[0]``: ``shape`` (a tuple of expressions), ``dtype``, ``ndim``
    and ``size`` (expressions)."""

    def __init__(self, shape, dtype, name=None):
        super().__init__()
        self.shape = shape
        self.dtype = dtype
        self.ndim = len(shape)
        self.name = name

    def __str__(self):
        return self.name or 'TypeInfo'

    def eval(self):
        return self

    @property
    def size(self):
        value = _product(_eval(tuple(self.shape)))
        if self.name is None:
            return value
        return Variable(value, '{}.size'.format(self.name))


class TypeInfoTuple(tuple):
    """Symbolic description of all inputs; ``size()`` is an expression for their count."""

    def _get_size(self):
        return self._size

    def size(self):
        return self._size


def _make_type_info(name, value, accept_none, shape=None):
    if value is None:
        if not accept_none:
            raise ValueError(
                'type_check: input {} is None, which is not accepted: its Variable '
                'holds no array (an uninitialized Parameter, for example the weight '
                'of a link created with in_size=None before its first call, is not '
                'initialized yet)'.format(name))
        return TypeInfo((), Variable(None, '{}.dtype'.format(name)), name)
    if shape is None:
        shape = value.shape
    shape = ShapeExpr(shape, '{}.shape'.format(name))
    info = TypeInfo(shape, Variable(value.dtype, '{}.dtype'.format(name)), name)
    info.ndim = Variable(len(shape), '{}.ndim'.format(name))
    return info


def get_types(data, name, accept_none, *, shapes=None):
    """Symbolic descriptions of the arrays ``data`` (a tuple or list), named
    ``name[0]``, ``name[1]``, ..."""
    if not isinstance(data, (tuple, list)):
        raise _InvalidArgument('type_check.get_types: data must be a tuple of arrays, '
                               'got {}'.format(type(data).__name__))
    if shapes is None:
        shapes = (None,) * len(data)
    info = TypeInfoTuple(
        _make_type_info('{}[{}]'.format(name, i), x, accept_none, s)
        for i, (x, s) in enumerate(zip(data, shapes)))
    info._size = Variable(len(data), '{}.size()'.format(name))
    info.name = name
    return info


def _argname(in_types, names):
    """Rename the inputs in messages: ``in_types[0]`` becomes ``names[0]`` and so on.

    Does nothing in light mode. Also checks that exactly ``len(names)`` inputs were
    given.
    """
    if type(in_types) is LightTypeInfoTuple:
        if len(in_types) != len(names):
            raise InvalidType('in_types.size() == {}'.format(len(names)),
                              'in_types.size() == {}'.format(len(in_types)))
        return
    if isinstance(in_types, TypeInfoTuple):
        for info, name in zip(in_types, names):
            if not isinstance(info, TypeInfo):
                continue
            if isinstance(info.dtype, Variable):
                info.dtype = Variable(info.dtype.value, '{}.dtype'.format(name))
            if isinstance(info.ndim, Variable):
                info.ndim = Variable(info.ndim.value, '{}.ndim'.format(name))
            if isinstance(info.shape, ShapeExpr):
                info.shape = ShapeExpr(info.shape.value, '{}.shape'.format(name))
            info.name = name
    expect(in_types.size() == len(names))


argname = _argname


def same_types(*arrays):
    """Whether all arrays are of one kind (all NumPy or all CuPy)."""
    if not arrays:
        return True
    for kind in (numpy.ndarray,) + ((cuda.ndarray,) if cuda.available else ()):
        if isinstance(arrays[0], kind):
            return all(isinstance(a, kind) for a in arrays)
    return False


def _broadcast_shapes(shapes):
    """The broadcast shape of ``shapes`` (tuples of ints), or None if incompatible."""
    ndim = max(len(s) for s in shapes)
    result = [1] * ndim
    for shape in shapes:
        offset = ndim - len(shape)
        for i, dim in enumerate(shape):
            current = result[offset + i]
            if current == 1:
                result[offset + i] = dim
            elif dim != 1 and dim != current:
                return None
    return tuple(result)


def expect_broadcast_shapes(*shape_types, **kwargs):
    """Require that the shapes (of arrays or type infos) broadcast together."""
    shapes = []
    for s in shape_types:
        if isinstance(s, tuple):
            shapes.append(tuple(eval(d) for d in s))
        else:
            shapes.append(tuple(eval(d) for d in s))
    if len(shapes) < 2 or _broadcast_shapes(shapes) is not None:
        return
    raise InvalidType(
        'shapes that broadcast together',
        'cannot broadcast {}'.format(', '.join(str(s) for s in shapes)))


# ---------------------------------------------------------------------------
# Running the check of a function.

class _FunctionCheckContext(object):
    def __init__(self, func, direction='Forward'):
        self.func = func
        self.direction = direction

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is InvalidType:
            label = getattr(self.func, 'label', type(self.func).__name__)
            msg = '\nInvalid operation is performed in: {0} ({1})\n\n{2}'.format(
                label, self.direction, str(exc_value))
            raise InvalidType(exc_value.expect, exc_value.actual, msg=msg) from None
        return False


def get_function_check_context(f):
    """A context manager that adds ``f``'s name to the message of an InvalidType."""
    return _FunctionCheckContext(f)


def _check_forward(func, in_data, shapes=None):
    """Run ``func.check_type_forward``: light mode first, full mode for the message."""
    state = _state
    previous = state.light
    state.light = True
    try:
        if shapes is None:
            func.check_type_forward(LightTypeInfoTuple(in_data))
        else:
            func.check_type_forward(get_light_types(in_data, shapes=shapes))
        return
    except InvalidType:
        pass
    except Exception:
        # A light check that fails in another way (say, an index error on a shape
        # too short) is re-run in full mode, which explains what was expected.
        pass
    finally:
        state.light = previous
    in_types = get_types(in_data, 'in_types', False, shapes=shapes)
    with get_function_check_context(func):
        func.check_type_forward(in_types)


def _check_equal_or_raise(func, expect_text, actual_text):
    raise InvalidType(expect_text, actual_text,
                      msg='\nInvalid operation is performed in: {0} (Forward)\n\n'
                          'Expect: {1}\nActual: {2}'.format(
                              getattr(func, 'label', type(func).__name__),
                              expect_text, actual_text))
