"""Small helpers shared by the loss, normalization, noise and evaluation functions."""
import numpy

import chainer
from chainer import function_node
from chainer.functions import _rules
from chainer import utils
from chainer.utils import type_check


def check_reduce(reduce, func_name, choices):
    """Raise ValueError unless ``reduce`` is one of ``choices``."""
    if reduce not in choices:
        raise ValueError('{}: reduce must be one of {}, got {!r}'.format(
            func_name, ', '.join(repr(c) for c in choices), reduce))


def expect_same_shape(a_type, b_type, a_name, b_name):
    """Type check: ``a.shape == b.shape``, reported with both shapes on failure."""
    a_shape = tuple(type_check.eval(s) for s in a_type.shape)
    b_shape = tuple(type_check.eval(s) for s in b_type.shape)
    if a_shape != b_shape:
        raise type_check.InvalidType(
            '{}.shape == {}.shape'.format(a_name, b_name),
            '{} != {}'.format(a_shape, b_shape))


def check_same_float_inputs(in_types, names):
    """Type check: inputs of one float dtype and one shape (``names`` in messages)."""
    type_check._argname(in_types, names)
    first = in_types[0]
    type_check.expect(first.dtype.kind == 'f',
                      *[t.dtype == first.dtype for t in in_types[1:]])
    for t, name in zip(in_types[1:], names[1:]):
        expect_same_shape(first, t, names[0], name)


def check_labels(in_types, names=('x', 't')):
    """Type check: ``x`` of a float dtype, labels ``t`` of an int dtype and its shape."""
    type_check._argname(in_types, names)
    x_type, t_type = in_types
    type_check.expect(
        x_type.dtype.kind == 'f',
        t_type.dtype.kind == 'i',
    )
    expect_same_shape(x_type, t_type, names[0], names[1])


def check_class_labels(in_types):
    """Type check: scores ``x`` (N, C, d_1, ...) of a float dtype and class labels
    ``t`` (N, d_1, ...) of an int dtype."""
    type_check._argname(in_types, ('x', 't'))
    x_type, t_type = in_types
    type_check.expect(
        x_type.dtype.kind == 'f',
        t_type.dtype.kind == 'i',
    )
    type_check.expect(x_type.ndim >= 2)
    type_check.expect(t_type.ndim == x_type.ndim - 1)
    type_check.expect(x_type.shape[0] == t_type.shape[0])
    for i in range(2, type_check.eval(x_type.ndim)):
        type_check.expect(x_type.shape[i] == t_type.shape[i - 1])


class DifferenceLoss(_rules.Rule):
    """A rule for a loss of ``x0 - x1``, two inputs of one shape and float dtype.

    ``grads`` is set from ``grad``, the gradient of ``x0``: that of ``x1`` is its
    opposite.
    """

    names = ('x0', 'x1')

    def __init_subclass__(cls, **kwargs):
        grad = cls.__dict__.get('grad')
        if grad is not None:
            grad = grad.__func__ if isinstance(grad, staticmethod) else grad
            cls.grads = (grad, lambda *args: -grad(*args))
        super().__init_subclass__(**kwargs)

    def check_type_forward(self, in_types):
        check_same_float_inputs(in_types, self.names)


def expect_shape(x_type, shape, x_name, shape_text):
    """Type check: ``x.shape == shape`` (a tuple of ints, written as shape_text)."""
    x_shape = tuple(type_check.eval(s) for s in x_type.shape)
    if x_shape != tuple(shape):
        raise type_check.InvalidType(
            '{}.shape == {}'.format(x_name, shape_text),
            '{} != {}'.format(x_shape, tuple(shape)))


def broadcast_grad(gy, shape):
    """``gy`` (a Variable) broadcast to ``shape``."""
    if gy.shape == tuple(shape):
        return gy
    return chainer.functions.broadcast_to(gy, shape)


class Cast(function_node.FunctionNode):
    """Conversion to another dtype; its gradient converts back."""

    def __init__(self, dtype):
        self.dtype = numpy.dtype(dtype)

    def forward(self, inputs):
        x, = inputs
        self._in_dtype = x.dtype
        return x.astype(self.dtype),

    def backward(self, indexes, grad_outputs):
        return cast(grad_outputs[0], self._in_dtype),


def cast(x, dtype):
    """``x`` (a Variable) converted to ``dtype``, differentiably."""
    if x.dtype == numpy.dtype(dtype):
        return x
    return Cast(dtype).apply((x,))[0]


class BatchMeanLoss(function_node.FunctionNode):
    """Base of the losses whose ``reduce`` is ``'mean'`` (the sum of the
    elementwise losses over the batch size, their first axis) or ``'no'``."""

    _func_name = 'loss'

    def __init__(self, reduce='mean'):
        check_reduce(reduce, self._func_name, ('mean', 'no'))
        self.reduce = reduce

    def _reduce(self, loss, dtype):
        # The output, from the elementwise losses (an array).
        if self.reduce == 'mean':
            loss = loss.sum() / max(len(loss), 1)
        return utils.force_array(loss, dtype)

    def _elementwise_grads(self, gy, shape):
        # The gradients of the elementwise losses, of ``shape``, from that of the
        # output.
        if self.reduce == 'mean':
            return broadcast_grad(gy * (1.0 / max(shape[0], 1)), shape)
        return gy


class RowMarginLoss(BatchMeanLoss):
    """Base of the losses of rows of embeddings with a positive ``margin``, one
    loss a row."""

    def __init__(self, margin, reduce='mean'):
        if margin <= 0:
            raise ValueError('{}: margin must be positive, got {}'.format(
                self._func_name, margin))
        super().__init__(reduce)
        self.margin = margin
