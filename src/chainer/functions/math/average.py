"""Means and weighted averages over axes."""
import numpy

import chainer
from chainer import function_node
from chainer.functions.math import _util
from chainer import utils
from chainer.utils import type_check


class Mean(function_node.FunctionNode):
    """Mean of the elements over the given axes."""

    def __init__(self, axis, keepdims):
        self.axis = _util.normalize_axis_argument(axis, 'average')
        self.keepdims = keepdims

    @property
    def label(self):
        return 'Mean'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))
        x_type, = in_types
        type_check.expect(x_type.dtype.kind == 'f')
        if self.axis is not None:
            _util.check_axis_in_range(x_type, self.axis)

    def forward(self, inputs):
        x, = inputs
        self._in_shape = x.shape
        self._axes = axes = _util.resolve_axes(self.axis, x.ndim, 'average')
        count = utils.size_of_shape([x.shape[a] for a in axes])
        # The mean of no elements is nan, as in NumPy (without its warning).
        self._factor = 1.0 / count if count else numpy.nan
        y = x.sum(axis=axes, keepdims=self.keepdims)
        y = utils.force_array(y, x.dtype)
        y *= x.dtype.type(self._factor)
        return y,

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        gy = grad_outputs[0] * self._factor
        if not self.keepdims and gy.ndim != len(self._in_shape):
            gy = F.reshape(gy, _util.keepdims_shape(self._in_shape, self._axes))
        return F.broadcast_to(gy, self._in_shape),


def average(x, axis=None, weights=None, keepdims=False):
    """(Weighted) average of the elements of ``x`` over ``axis``.

    .. math:: y = \\frac{\\sum_i w_i x_i}{\\sum_i w_i}

    with all weights 1 when ``weights`` is None (the plain mean; the mean of no
    elements is nan).

    Args:
        x (Variable or array): input of a float dtype.
        axis (None, int or tuple of ints): the axes to average over (negative ones
            count from the end); None averages everything.
        weights (None, Variable or array): the weights, differentiable too. With
            ``axis`` None (or a tuple), they have the shape of ``x``; with an int
            ``axis`` they are either 1-D of length ``x.shape[axis]`` or of the
            shape of ``x``.
        keepdims (bool): keep the averaged axes with length 1.
    Returns:
        Variable of the dtype of ``x``.

    .. admonition:: Example

        >>> x = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
        >>> F.mean(x).array
        array(3.5, dtype=float32)
        >>> F.average(x, axis=1).array
        array([2., 5.], dtype=float32)
        >>> F.average(x, axis=1, weights=np.array([1, 1, 2], np.float32)).array
        array([2.25, 5.25], dtype=float32)
    """
    if weights is None:
        return Mean(axis, keepdims).apply((x,))[0]

    F = chainer.functions
    x = chainer.as_variable(x)
    weights = chainer.as_variable(weights)
    axes = _util.normalize_axis_argument(axis, 'average')
    if x.dtype.kind != 'f':
        raise TypeError('average: x must have a float dtype, got {}'.format(x.dtype))
    if weights.dtype != x.dtype:
        raise TypeError('average: weights must have the dtype of x ({}), got {}'
                        .format(x.dtype, weights.dtype))
    if axes is not None:
        for a in axes:
            if not -x.ndim <= a < x.ndim:
                raise ValueError('average: axis {} is out of range for x of {} '
                                 'dimensions'.format(a, x.ndim))
    resolved = _util.resolve_axes(axes, x.ndim, 'average')
    if weights.shape == x.shape:
        w = weights
        divider = F.sum(w, axis=resolved, keepdims=True)
    elif axes is not None and len(axes) == 1 and weights.shape == (
            x.shape[resolved[0]],):
        shape = [1] * x.ndim
        shape[resolved[0]] = x.shape[resolved[0]]
        w = F.broadcast_to(F.reshape(weights, tuple(shape)), x.shape)
        divider = F.reshape(F.sum(weights), (1,) * x.ndim)
    else:
        expected = 'the shape of x {}'.format(x.shape)
        if axes is not None and len(axes) == 1:
            expected += ' or ({},)'.format(x.shape[resolved[0]])
        raise ValueError('average: weights must have {}, got shape {} (axis={})'
                         .format(expected, weights.shape, axis))
    total = F.sum(x * w, axis=resolved, keepdims=True)
    y = total / F.broadcast_to(divider, total.shape)
    if not keepdims:
        y = F.reshape(y, tuple(s for i, s in enumerate(x.shape)
                               if i not in resolved))
    return y


# As in Chainer, ``mean`` is ``average`` itself (the same function object), so
# that a pickle naming it (chainer.functions.math.average.average) loads on
# either side.
mean = average
