"""Helpers shared by the math functions: input checks, axis arguments, SciPy access."""
import numpy

from chainer import backend
from chainer.utils import _normalize
from chainer.utils import _scipy
from chainer.utils import type_check


def check_float_input(in_types, name='x', ndim=None, min_ndim=None):
    """Type check of a one-input function on floats: ``x.dtype.kind == 'f'`` (and
    ``x.ndim == ndim``, ``x.ndim >= min_ndim`` when given). Returns the type of
    ``x``."""
    type_check._argname(in_types, (name,))
    x_type, = in_types
    if ndim is not None:
        type_check.expect(x_type.dtype.kind == 'f', x_type.ndim == ndim)
    elif min_ndim is not None:
        type_check.expect(x_type.dtype.kind == 'f', x_type.ndim >= min_ndim)
    else:
        type_check.expect(x_type.dtype.kind == 'f')
    return x_type


def expect_same_shape(a_type, b_type, a_name, b_name):
    """Type check ``a.shape == b.shape``, reporting both shapes on failure."""
    a_shape = type_check.eval(tuple(a_type.shape))
    b_shape = type_check.eval(tuple(b_type.shape))
    if a_shape != b_shape:
        raise type_check.InvalidType(
            '{}.shape == {}.shape'.format(b_name, a_name),
            '{} != {}'.format(b_shape, a_shape))


def check_same_float_inputs(in_types, names, broadcast=False):
    """Type check of several float inputs of one dtype (and shape, or broadcastable)."""
    type_check._argname(in_types, names)
    first = in_types[0]
    type_check.expect(first.dtype.kind == 'f')
    for t in in_types[1:]:
        type_check.expect(t.dtype == first.dtype)
    if broadcast:
        shapes = [t.shape for t in in_types]
        if any(type_check.eval(s) != type_check.eval(shapes[0]) for s in shapes[1:]):
            type_check.expect_broadcast_shapes(*shapes)
    else:
        for t, name in zip(in_types[1:], names[1:]):
            expect_same_shape(first, t, names[0], name)


def normalize_axis_argument(axis, func_name, allow_tuple=True):
    """Validate an ``axis`` argument: None, an int or (if allowed) a tuple of ints.

    Returns None or a tuple of ints (possibly negative; the range is checked against
    the input's ``ndim`` by :func:`check_axis_in_range`).
    """
    return _normalize.axes(axis, func_name, allow_many=allow_tuple)


def check_axis_in_range(x_type, axes):
    """Type check that each axis of ``axes`` is within ``-x.ndim <= axis < x.ndim``."""
    ndim = x_type.ndim
    if isinstance(ndim, int):  # light mode: plain comparisons
        for a in axes:
            if not -ndim <= a < ndim:
                break
        else:
            return
    for a in axes:
        axis = type_check.make_variable(a, 'axis')
        if a >= 0:
            type_check.expect(axis < x_type.ndim)
        else:
            type_check.expect(-axis <= x_type.ndim)


def resolve_axes(axes, ndim, func_name):
    """The sorted non-negative axes of ``axes`` (None meaning all) for ``ndim``.

    Raises ValueError if two entries denote the same axis (like ``(0, -2)`` on a
    2-D input).
    """
    if axes is None:
        return tuple(range(ndim))
    resolved = tuple(sorted(a % ndim for a in axes)) if ndim else ()
    if len(set(resolved)) != len(resolved):
        raise ValueError('{}: axis {} refers to the same axis twice for an input of '
                         '{} dimensions'.format(func_name, axes, ndim))
    return resolved


def keepdims_shape(shape, axes):
    """``shape`` with the (non-negative) ``axes`` set to 1."""
    return tuple(1 if i in axes else s for i, s in enumerate(shape))


def special(xp, name):
    """The special function ``name`` from SciPy (NumPy arrays) or CuPy (CuPy arrays).

    Raises ImportError naming the ``special`` extra when SciPy is missing.
    """
    if xp is numpy:
        return getattr(_scipy.get_scipy_special(), name)
    return getattr(_scipy.get_cupyx_special(), name)


def get_xp(*arrays):
    return backend.get_array_module(*arrays)


class SpecialUnary(object):
    """Mixin for one-input special functions taken from ``scipy.special`` (or CuPy's).

    Subclasses (also deriving from FunctionNode) set ``_special_name`` and
    ``_retain`` (``'input'``, ``'output'`` or ``'both'``: what backward needs).
    """

    _special_name = None
    _retain = 'input'

    @property
    def label(self):
        return self._special_name

    def check_type_forward(self, in_types):
        check_float_input(in_types)

    def forward(self, inputs):
        x, = inputs
        xp = backend.get_array_module(x)
        func = special(xp, self._special_name)
        if self._retain in ('input', 'both'):
            self.retain_inputs((0,))
        if self._retain in ('output', 'both'):
            self.retain_outputs((0,))
        y = func(x)
        return _as_array_of(y, x.dtype, xp),


def _as_array_of(y, dtype, xp):
    if isinstance(y, numpy.generic) or numpy.isscalar(y):
        return numpy.asarray(y, dtype=dtype)
    if y.dtype != dtype:
        y = y.astype(dtype)
    return y
