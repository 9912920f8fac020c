"""Indexing: ``x[slices]`` with basic and advanced (integer or boolean array) indices."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer import utils
from chainer.utils import type_check
from chainer import variable


_BASIC_TYPES = (int, numpy.integer, slice, type(None), type(Ellipsis))


def _normalize_slices(slices):
    if isinstance(slices, list) and not all(
            isinstance(s, (int, numpy.integer, bool, numpy.bool_)) for s in slices):
        # As in Chainer, a list holding anything but integers (lists, slices,
        # None ...) indexes one axis per element, like a tuple.
        slices = tuple(slices)
    if isinstance(slices, list):
        # A list of integers is an integer (or boolean) index array along the
        # first axis.
        slices = numpy.asarray(slices)
        if slices.dtype == object:
            raise TypeError('get_item: a list index must hold integers or booleans')
        if slices.size == 0:
            slices = slices.astype(numpy.intp)
        return (slices,)
    if not isinstance(slices, tuple):
        slices = (slices,)
    out = []
    for s in slices:
        if isinstance(s, variable.Variable):
            raise TypeError('get_item: Variables cannot be used as indices; use their '
                            'arrays (v.array)')
        if isinstance(s, list):
            s = numpy.asarray(s)
            if s.size == 0:
                s = s.astype(numpy.intp)
        elif isinstance(s, bool):
            s = numpy.asarray(s)
        elif not isinstance(s, _BASIC_TYPES) and not isinstance(
                s, chainer.get_array_types()):
            raise TypeError(
                'get_item: indices must be ints, slices, None, Ellipsis, lists or '
                'integer/boolean arrays, got {}'.format(type(s).__name__))
        out.append(s)
    return tuple(out)


def _is_basic(slices):
    return all(isinstance(s, _BASIC_TYPES) for s in slices)


class GetItem(function_node.FunctionNode):
    """Array indexing, ``x[slices]``."""

    def __init__(self, slices):
        self.slices = _normalize_slices(slices)
        self._basic = _is_basic(self.slices)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        type_check.expect(in_types[0].ndim >= 1)

    def forward(self, xs):
        x, = xs
        slices = self.slices
        if not self._basic:
            xp = backend.get_array_module(x)
            slices = tuple(xp.asarray(s) if isinstance(s, numpy.ndarray) and
                           xp is not numpy else s for s in slices)
            self.slices = slices
        self._in_shape = x.shape
        self._in_dtype = x.dtype
        return utils.force_array(x[slices]),

    def backward(self, indexes, gy):
        return GetItemGrad(self.slices, self._basic, self._in_shape,
                           self._in_dtype).apply(gy)


class GetItemGrad(function_node.FunctionNode):
    """The gradient of indexing: scatter the gradient back into a zero array."""

    def __init__(self, slices, basic, in_shape, in_dtype):
        self.slices = slices
        self._basic = basic
        self._in_shape = in_shape
        self._in_dtype = in_dtype

    def forward(self, inputs):
        gy, = inputs
        xp = backend.get_array_module(gy)
        gx = xp.zeros(self._in_shape, gy.dtype)
        if self._basic:
            gx[self.slices] = gy
        else:
            # Repeated indices accumulate.
            _utils.scatter_add(gx, self.slices, gy)
        return gx,

    def backward(self, indexes, ggx):
        return GetItem(self.slices).apply(ggx)


def get_item(x, slices):
    """``x[slices]``, differentiable.

    Args:
        x (Variable or array): input with at least one dimension.
        slices: an int, slice, None, Ellipsis, list, integer or boolean array, or a
            tuple of those — anything NumPy indexing accepts. Repeated indices in an
            advanced index accumulate their gradients.
    """
    return GetItem(slices).apply((x,))[0]
