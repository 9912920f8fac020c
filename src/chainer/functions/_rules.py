"""Gradient rules as data: functions declared by their forward and their gradients.

A differentiable function with one output (every elementwise function, and
others such as ``linear``) is three things: its forward computation on arrays,
what its backward pass reads (the input ``x``, the output ``y``, or a constant
the forward left on the node) and one gradient formula per input. Here they are
declared as such, and :class:`Rule` does the rest (type check, retaining,
dtypes, broadcasting, both kinds of backward pass)::

    Sin = _rules.unary('Sin', 'sin', keep='x', grad=lambda F, gy, x: gy * F.cos(x),
                       label='sin')

A formula is written once, against an ``ops`` namespace (named ``F`` in the
formulas, since it reads like :mod:`chainer.functions`):

* when the backward pass records a graph (``enable_double_backprop``), ``ops`` is
  :class:`GraphOps`, that is ``chainer.functions``, the formula runs on Variables,
  and its result can be differentiated again;
* in a plain backward pass (which records nothing) ``ops`` is :class:`ArrayOps`,
  the array module (NumPy or CuPy) under the same names, and the formula runs on
  raw arrays, without building function nodes that would be thrown away.

``RULES`` lists every function declared this way (``'module.Name'`` to class).
"""
import sys
import types

import numpy

import chainer
from chainer import _compiled
from chainer import backend
from chainer import configuration
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils
from chainer.utils import type_check
from chainer import variable

_config = configuration.config
_ndarray = numpy.ndarray
_new_variable = variable.Variable._new
_light_types = type_check.LightTypeInfoTuple
# The dtypes of the compiled kernels (the ``fast`` extra).
_KERNEL_DTYPES = (numpy.dtype(numpy.float32), numpy.dtype(numpy.float64))

RULES = {}


# ---------------------------------------------------------------------------
# The two ops namespaces

# Names whose NumPy/CuPy function means what the chainer.functions one means.
_SAME_IN_XP = frozenset((
    'broadcast_to', 'reshape', 'where', 'transpose', 'expand_dims', 'squeeze',
    'stack', 'moveaxis', 'swapaxes', 'tile', 'flip', 'maximum', 'minimum', 'prod'))

# Special functions: scipy.special (cupyx.scipy.special) in a plain pass, under
# chainer.functions' name (key) and SciPy's (value).
_SPECIAL = {name: name for name in (
    'erf', 'erfc', 'erfcx', 'erfinv', 'erfcinv', 'ndtr', 'ndtri', 'log_ndtr',
    'digamma', 'polygamma', 'zeta')}
_SPECIAL['lgamma'] = 'gammaln'


class ArrayOps(object):
    """The names of ``chainer.functions`` that gradient formulas use, on raw arrays.

    NumPy's (CuPy's) ufuncs and the functions in ``_SAME_IN_XP`` are taken from the
    array module as they are; the others are defined here with the semantics of
    their ``chainer.functions`` namesakes.
    """

    def __init__(self, xp):
        self.xp = xp

    def __getattr__(self, name):
        if name in _SPECIAL:
            # Looked up at each use: SciPy is optional, and its absence is said
            # (an ImportError naming the extra) when a special function is used.
            return _util.special(self.xp, _SPECIAL[name])
        value = getattr(self.xp, name, None)
        if value is None or not (name in _SAME_IN_XP or _is_ufunc(value)):
            raise AttributeError(
                'ArrayOps has no {!r}: define it with the meaning of '
                'chainer.functions.{}'.format(name, name))
        setattr(self, name, value)  # found once, then an instance attribute
        return value

    def data(self, x):
        """The array of ``x`` (here ``x`` itself)."""
        return x

    def wrap(self, x):
        """``x`` as a Variable that does not require a gradient."""
        return _new_variable(utils.force_array(x), False)

    def scale(self, gy, d):
        """``gy * d`` for a constant ``d`` (an array or a mask, not differentiated)."""
        return gy * d

    def relu_grad(self, gy, y):
        """``gy`` where ``y > 0``, 0 elsewhere (``y`` a constant): in one pass by the
        compiled kernel of the ``fast`` extra where it applies."""
        if type(gy) is _ndarray and gy.dtype == y.dtype and \
                gy.dtype in _KERNEL_DTYPES and gy.shape == y.shape:
            kernels = _compiled.kernels()
            if kernels is not None:
                gx = numpy.empty(gy.shape, dtype=gy.dtype)
                kernels.relu_backward(y.ravel(), gy.ravel(), gy.dtype.type(0),
                                      gx.reshape(-1))
                return gx
        # A product with the mask, not where(): where() branches on every element
        # and is several times slower when the signs are mixed.
        return gy * (y > 0)

    def sigmoid(self, x):
        # The tanh form: accurate, and free of overflow for large |x|.
        half = x.dtype.type(0.5)
        y = self.xp.tanh(x * half)
        return _in_place(self.xp.add, _in_place(self.xp.multiply, y, half), half)

    def rsqrt(self, x):
        return _in_place(self.xp.reciprocal, self.xp.sqrt(x))

    def expdiff(self, x, y):
        """``exp(x - y)`` (broadcasting), in one array."""
        return _in_place(self.xp.exp, x - y)

    def sum_to(self, x, shape):
        return utils.sum_to(x, shape)

    def sum(self, x, axis=None, keepdims=False):
        return x.sum(axis=axis, keepdims=keepdims)

    def matmul(self, a, b, transa=False, transb=False):
        if transa:
            a = a.swapaxes(-1, -2)
        if transb:
            b = b.swapaxes(-1, -2)
        if a.dtype == numpy.float16 and self.xp is numpy and \
                b.dtype in (numpy.float16, numpy.float32):
            # NumPy has no half-precision BLAS: the product runs in float32 (faster,
            # and accumulated in single precision); the caller casts it back.
            a = a.astype(numpy.float32)
            b = b.astype(numpy.float32, copy=False)
        if a.ndim == 2 and b.ndim == 2:
            return a.dot(b)
        return self.xp.matmul(a, b)

    def concat(self, xs, axis=1):
        return self.xp.concatenate(xs, axis=axis)

    def split_axis(self, x, sections, axis):
        return self.xp.split(x, sections, axis=axis)

    def separate(self, x, axis=0):
        lead = (slice(None),) * (axis % x.ndim)
        return [x[lead + (i,)] for i in range(x.shape[axis])]

    def zeros(self, shape, dtype):
        return self.xp.zeros(shape, dtype)


def _in_place(ufunc, y, *args):
    # ufunc(y, *args) into y, which the caller made (a NumPy scalar for 0-d).
    if isinstance(y, numpy.generic):
        return ufunc(y, *args)
    return ufunc(y, *args, out=y)


def _is_ufunc(value):
    return isinstance(value, numpy.ufunc) or type(value).__name__ == 'ufunc'


class GraphOps(object):
    """``chainer.functions`` for gradient formulas, plus what :class:`ArrayOps` adds."""

    def __init__(self, xp):
        self.xp = xp

    def __getattr__(self, name):
        value = getattr(chainer.functions, name)
        setattr(self, name, value)
        return value

    def data(self, x):
        """The array of the Variable ``x``."""
        return x.array

    def wrap(self, x):
        return x

    def scale(self, gy, d):
        # d becomes a constant array of gy's dtype (a 0-d mask may be a NumPy bool).
        return gy * utils.force_array(d, gy.dtype)

    def relu_grad(self, gy, y):
        return self.scale(gy, y.array > 0)

    def zeros(self, shape, dtype):
        return _new_variable(self.xp.zeros(shape, dtype), False)

    def expdiff(self, x, y):
        return chainer.functions.exp(x - y)


_numpy_ops = ArrayOps(numpy)
_array_ops = {numpy: _numpy_ops}
_graph_ops = {numpy: GraphOps(numpy)}


def passes_gy(ops, gy, *kept):
    """The gradient formula of an input whose gradient is ``gy`` itself."""
    return gy


def array_ops(xp):
    """The :class:`ArrayOps` of the array module ``xp``."""
    ops = _array_ops.get(xp)
    if ops is None:
        ops = _array_ops[xp] = ArrayOps(xp)
    return ops


def graph_ops(xp):
    """The :class:`GraphOps` for Variables on ``xp``'s arrays."""
    ops = _graph_ops.get(xp)
    if ops is None:
        ops = _graph_ops[xp] = GraphOps(xp)
    return ops


def backward_ops(xp):
    """The ops for a backward pass running now: Variables only under double backprop."""
    return graph_ops(xp) if _config.enable_backprop else array_ops(xp)


def unwrap(ops, v):
    """``v`` as ``ops`` computes on it: the array for ArrayOps, the Variable otherwise."""
    if v is None or type(ops) is GraphOps:
        return v
    return v.array


# ---------------------------------------------------------------------------
# Elementwise functions

def check_float_inputs(in_types, names):
    """Inputs of one float dtype whose shapes broadcast together."""
    if type(in_types) is _light_types and len(in_types) == len(names):
        # The common case, decided with plain comparisons.
        first = in_types[0]
        if first.dtype.kind == 'f' and all(
                t.dtype == first.dtype and t.shape == first.shape for t in in_types):
            return
    type_check._argname(in_types, names)
    first = in_types[0]
    type_check.expect(first.dtype.kind == 'f')
    for t in in_types[1:]:
        type_check.expect(t.dtype == first.dtype)
    if len(in_types) > 1:
        shapes = [t.shape for t in in_types]
        if any(type_check.eval(s) != type_check.eval(shapes[0]) for s in shapes[1:]):
            type_check.expect_broadcast_shapes(*shapes)


class Rule(function_node.FunctionNode):
    """A function node declared by its rule (see the module's docstring).

    A subclass sets:

    * ``names``: the inputs' names, as error messages show them (``('x',)``);
    * ``keep``: what the gradient formulas read, in the order they take it: input
      names, ``'y'`` for the output, or names of attributes of the node (constants
      the forward computed, like a mask);
    * ``grads``: one formula per input, ``formula(ops, gy, *kept)`` returning the
      gradient of that input (or None); the node sums it back to the input's
      shape where the inputs were broadcast. Where the gradients share most of
      their computation, ``grads`` is instead one formula (a staticmethod)
      returning a tuple: the gradient of every input;
    * ``compute(self, xp, *arrays)``: the forward computation (or ``forward``
      itself, where the call to ``compute`` would cost too much: the operators).

    The output has the dtype of the first input (of input ``dtype_source``), and
    each gradient that of its input. ``check_type_forward`` asks for float inputs
    of one dtype with shapes that broadcast; override it for others.
    """

    names = ('x',)
    keep = ()
    grads = ()
    dtype_source = 0
    _keep_plan = ()
    _kept_inputs = ()
    _plain_formulas = True
    _passes_gy = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        keep = cls.keep
        if isinstance(keep, str):
            keep = cls.keep = tuple(keep.split())
        # How each kept value is fetched: (0, i) input i, (1, 0) the output,
        # (2, name) an attribute.
        plan = []
        inputs = []
        for name in keep:
            if name in cls.names:
                i = cls.names.index(name)
                plan.append((0, i))
                inputs.append(i)
            elif name == 'y':
                plan.append((1, 0))
            else:
                plan.append((2, name))
        cls._keep_plan = tuple(plan)
        cls._input_indexes_to_retain = tuple(sorted(set(inputs))) or None
        cls._retained_input_position = {i: p for p, i in enumerate(
            cls._input_indexes_to_retain or ())}
        cls._output_indexes_to_retain = (0,) if 'y' in keep else None
        # For the plain pass: the input indexes when only inputs are kept, whether
        # the formulas are one per input (and not transformed by _gradients), and
        # whether each of them is gy itself.
        cls._kept_inputs = tuple([key for kind, key in plan]) if all(
            kind == 0 for kind, _ in plan) else None
        cls._plain_formulas = type(cls.grads) is tuple and (
            cls._gradients is Rule._gradients)
        cls._passes_gy = type(cls.grads) is tuple and bool(cls.grads) and all(
            g is passes_gy for g in cls.grads)
        if cls.grads:
            RULES['{}.{}'.format(cls.__module__, cls.__name__)] = cls

    def check_type_forward(self, in_types):
        check_float_inputs(in_types, self.names)

    def compute(self, xp, *inputs):
        raise NotImplementedError

    def forward(self, inputs):
        x = inputs[self.dtype_source]
        if type(x) is _ndarray:
            y = self.compute(numpy, *inputs)
            if type(y) is _ndarray and y.dtype is x.dtype:
                return y,
        else:
            y = self.compute(backend.get_array_module(x), *inputs)
        return utils.force_array(y, x.dtype),

    def _gradients(self, indexes, ops, gy, kept):
        grads = self.grads
        if type(grads) is tuple:
            return [grads[i](ops, gy, *kept) for i in indexes]
        every = grads(ops, gy, *kept)  # a joint formula
        return [every[i] for i in indexes]

    def backward(self, indexes, grad_outputs):
        gy = grad_outputs[0]
        if self._passes_gy:
            # The gradient of every input is gy itself (an addition): no formula
            # to run where no input was broadcast.
            shape = gy.shape
            inputs = self.inputs
            for i in indexes:
                if inputs[i].shape != shape:
                    break
            else:
                return (gy,) * len(indexes)
        if _config.enable_backprop:
            return self._graph_backward(indexes, gy)
        # A plain pass: the formulas run on arrays.
        gy = gy._data
        ops = _numpy_ops if type(gy) is _ndarray else array_ops(
            backend.get_array_module(gy))
        inputs = self.inputs
        kept = []
        if self._kept_inputs is not None:   # (what most rules keep)
            for i in self._kept_inputs:
                kept.append(inputs[i].data)
        else:
            for kind, key in self._keep_plan:
                if kind == 0:
                    kept.append(inputs[key].data)
                elif kind == 1:
                    kept.append(self._retained_output_data[0])
                else:
                    kept.append(getattr(self, key))
        grads = self.grads
        gxs = None if self._plain_formulas else iter(
            self._gradients(indexes, ops, gy, kept))
        ret = []
        for i in indexes:
            g = grads[i](ops, gy, *kept) if gxs is None else next(gxs)
            if g is None:
                ret.append(None)
                continue
            node = inputs[i]
            if g is gy and g.shape == node.shape:
                ret.append(grad_outputs[0])  # passed on as it is (an addition)
                continue
            if type(g) is not _ndarray or (g.dtype is not node.dtype and
                                           g.dtype != node.dtype):
                g = utils.force_array(g, node.dtype)
            if g.shape != node.shape:
                g = utils.sum_to(g, node.shape)
            ret.append(_new_variable(g, False))
        return tuple(ret)

    def _graph_backward(self, indexes, gy):
        # Double backprop: the formulas run on Variables, recording a graph.
        retained_in = self.get_retained_inputs()
        kept = []
        for kind, key in self._keep_plan:
            if kind == 0:
                kept.append(retained_in[self._retained_input_position[key]])
            elif kind == 1:
                kept.append(self.get_retained_outputs()[0])
            else:
                kept.append(getattr(self, key))
        gxs = self._gradients(indexes, graph_ops(backend.get_array_module(gy)), gy, kept)
        ret = []
        for i, g in zip(indexes, gxs):
            if g is not None:
                node = self.inputs[i]
                if g.shape != node.shape:
                    g = chainer.functions.sum_to(g, node.shape)
                if g.dtype != node.dtype:
                    g = chainer.functions.cast(g, node.dtype)
                if not isinstance(g, variable.Variable):
                    g = chainer.as_variable(g)
            ret.append(g)
        return tuple(ret)


class Reduction(Rule):
    """A rule reducing its one float input over ``axis``, keeping the axes or not.

    ``axis`` is None (every axis), an int or a tuple of ints, counted from the
    end when negative; ``_axes`` holds them resolved (sorted, non-negative) once
    the forward ran, and ``_in_shape`` the input's shape. ``compute(self, xp,
    x)`` reduces over ``self._axes`` (keeping them when ``self.keepdims``).

    The formulas are elementwise: they receive ``gy`` broadcast to the input's
    shape (in a plain pass, a view) and the output ``y`` with the reduced axes
    kept, so that it broadcasts too. ``reduction`` names the function in error
    messages.
    """

    reduction = None

    def __init__(self, axis=None, keepdims=False):
        self.axis = _util.normalize_axis_argument(axis, self.reduction)
        self.keepdims = keepdims

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types)
        if self.axis is not None:
            _util.check_axis_in_range(in_types[0], self.axis)

    def forward(self, inputs):
        x = inputs[0]
        self._in_shape = x.shape
        self._axes = _util.resolve_axes(self.axis, x.ndim, self.reduction)
        return super().forward(inputs)

    def _gradients(self, indexes, ops, gy, kept):
        keep = _util.keepdims_shape(self._in_shape, self._axes)
        gy = ops.broadcast_to(ops.reshape(gy, keep), self._in_shape)
        kept = [ops.reshape(v, keep) if kind == 1 else v
                for (kind, _), v in zip(self._keep_plan, kept)]
        return super()._gradients(indexes, ops, gy, kept)


def _make(base, module, name, forward, label, attrs):
    if isinstance(forward, str):
        op = forward

        def compute(self, xp, *inputs):
            return getattr(_array_ops.get(xp) or array_ops(xp), op)(*inputs)
    else:
        def compute(self, xp, *inputs):
            return forward(xp, *inputs)
    attrs['compute'] = compute
    attrs['__module__'] = module
    if label is not None:
        attrs['label'] = label
    return type(name, (base,), attrs)


def _module_of_caller():
    # The module that called the function calling this one.
    return sys._getframe(2).f_globals.get('__name__', __name__)


def unary(name, forward, grad, keep='x', label=None, doc=None):
    """Declare a one-input elementwise function node class.

    Args:
        name (str): the class name (what graphs, hooks and exporters see).
        forward (str or callable): the name of the :class:`ArrayOps` function
            that computes it (``'sin'``), or ``forward(xp, x)`` returning the
            output array.
        grad (callable): ``grad(ops, gy, *kept)``, the gradient of ``x``.
        keep (str): what ``grad`` reads, space separated: ``'x'``, ``'y'``,
            ``'x y'`` or ``''``.
        label (str): the node's label (default: the class name).
        doc (str): the class docstring.
    """
    return _make(Rule, _module_of_caller(), name, forward, label, {
        'names': ('x',), 'keep': keep, 'grads': (grad,), '__doc__': doc})


def binary(name, forward, grads, names=('x1', 'x2'), keep='x1 x2', label=None,
           doc=None):
    """Declare a two-input elementwise function node class (inputs broadcast).

    Like :func:`unary`, with ``grads`` a pair of formulas, one per input; each
    result is summed back to its input's shape.
    """
    return _make(Rule, _module_of_caller(), name, forward, label, {
        'names': tuple(names), 'keep': keep, 'grads': tuple(grads), '__doc__': doc})


_ARGS_DOC = """
    Args:
        x (Variable or array): input of a float dtype{}.
    Returns:
        Variable of the shape and dtype of ``x``.
"""

_EXAMPLE = '    .. admonition:: Example'


def _in_caller_module(function, name, doc):
    # ``function`` as if defined in the module two frames up (so that doctest
    # and pickle find it there), named ``name``, with docstring ``doc``. Its
    # globals become that module's: it may use only its closure.
    caller_globals = sys._getframe(2).f_globals
    function = types.FunctionType(function.__code__, caller_globals, name, None,
                                  function.__closure__)
    function.__qualname__ = name
    function.__module__ = caller_globals.get('__name__', __name__)
    function.__doc__ = doc
    return function


def function(node_class, name, doc, domain=''):
    """The public function ``name(x)`` applying ``node_class`` to one input.

    ``doc`` says what it computes (a ``.. admonition:: Example`` block may end
    it); the Args and Returns of a function of one float input are added, with
    ``domain`` (``' (radians)'``) after the input's description.
    """
    def apply(x):
        return node_class().apply((x,))[0]
    doc = doc.lstrip()  # written from the line after the opening quotes
    args = _ARGS_DOC.format(domain)
    if _EXAMPLE in doc:
        summary, example = doc.split(_EXAMPLE, 1)
        doc = summary.rstrip() + '\n' + args + '\n' + _EXAMPLE + example
    else:
        doc = doc.rstrip() + '\n' + args
    return _in_caller_module(apply, name, doc + '    ')


NO_GRADIENT_DOC = """
    The function is piecewise constant: its gradient is None everywhere, so the
    result is a Variable that does not require a gradient and is not linked to
    ``x`` in the graph (the graph is unchained here).

    Args:
        x (Variable or array): input of a numeric dtype.
    Returns:
        Variable of the shape and dtype of ``x``, not requiring a gradient.
    """


def without_gradient(x, name, xp_name):
    """``xp.<xp_name>(x)`` as a Variable that needs no gradient (``name`` is the
    function's, for errors).

    For the piecewise-constant functions (ceil, floor, fix, sign), whose
    docstrings end with ``NO_GRADIENT_DOC``. Numeric dtypes are accepted; the
    output keeps the input's dtype.
    """
    array = x.array if isinstance(x, variable.Variable) else x
    if not isinstance(array, chainer.get_array_types()):
        raise TypeError('{}: x must be a Variable or an array, got {}'.format(
            name, type(x).__name__))
    if array.dtype.kind not in 'iuf':
        raise TypeError('{}: x must have a numeric dtype, got {}'.format(
            name, array.dtype))
    xp = backend.get_array_module(array)
    y = utils.force_array(getattr(xp, xp_name)(array), array.dtype)
    return variable.Variable(y, requires_grad=False)
