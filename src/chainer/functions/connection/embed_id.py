"""Embedding lookup, ``embed_id``."""
import numpy

from chainer import _backprop
from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils as _array_utils
from chainer.utils import type_check


class EmbedIDFunction(function_node.FunctionNode):
    """``y[..., :] = W[x[...], :]``, zero where ``x == ignore_label``."""

    def __init__(self, ignore_label=None):
        if ignore_label is not None and (
                isinstance(ignore_label, bool) or
                not isinstance(ignore_label, (int, numpy.integer))):
            raise TypeError('embed_id: ignore_label must be None or an int, got {!r}'
                            .format(ignore_label))
        self.ignore_label = None if ignore_label is None else int(ignore_label)

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x', 'W'))
        x_type, w_type = in_types
        type_check.expect(
            x_type.dtype.kind == 'i',
            x_type.ndim >= 1,
        )
        type_check.expect(
            w_type.dtype.kind == 'f',
            w_type.ndim == 2,
        )

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, W = inputs
        self._w_shape = W.shape
        xp = backend.get_array_module(x)
        _check_ids(xp, x, W.shape[0], self.ignore_label)
        if self.ignore_label is None:
            return W.take(x, axis=0),
        mask = x == self.ignore_label
        y = W.take(xp.where(mask, 0, x), axis=0)
        y[mask] = 0
        return y,

    def backward(self, indexes, grad_outputs):
        inputs = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(None)
            elif _backprop.may_defer(self) and type(gy.array) is numpy.ndarray:
                # Plain pass: leave the scatter to the engine, which gathers the
                # lookups of all steps into one (no zero matrix per step).
                ids = inputs[0].array.ravel()
                rows = gy.array.reshape(ids.size, self._w_shape[1])
                if self.ignore_label is not None:
                    keep = ids != self.ignore_label
                    ids = ids[keep]
                    rows = rows[keep]
                ret.append(_backprop.RowScatterSum(self._w_shape, ids, rows))
            else:
                gW, = EmbedIDGrad(self._w_shape, self.ignore_label).apply(
                    (inputs[0], gy))
                ret.append(gW)
        return tuple(ret)


def _check_ids(xp, x, vocab, ignore_label):
    if x.size == 0:
        return
    valid = x if ignore_label is None else x[x != ignore_label]
    if valid.size == 0:
        return
    low, high = int(valid.min()), int(valid.max())
    if low < 0 or high >= vocab:
        raise ValueError(
            'embed_id: ids must be in [0, {}) (the number of rows of W){}; got values '
            'in [{}, {}]'.format(
                vocab, '' if ignore_label is None else
                ' or equal to ignore_label={}'.format(ignore_label), low, high))


class EmbedIDGrad(function_node.FunctionNode):
    """Gradient of :class:`EmbedIDFunction` with respect to ``W``: the rows of
    ``gy`` added into the rows named by ``x``."""

    def __init__(self, w_shape, ignore_label=None):
        self.w_shape = tuple(w_shape)
        self.ignore_label = ignore_label

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, gy = inputs
        xp = backend.get_array_module(x)
        ids = x.ravel()
        rows = gy.reshape(ids.size, self.w_shape[1])
        if self.ignore_label is not None:
            keep = ids != self.ignore_label
            ids = ids[keep]
            rows = rows[keep]
        gW = xp.zeros(self.w_shape, dtype=gy.dtype)
        _array_utils.scatter_add(gW, ids, rows)
        return gW,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        ggW, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(None)
            else:
                ret.append(embed_id(x, ggW, self.ignore_label))
        return tuple(ret)


def embed_id(x, W, ignore_label=None):
    """Embedding lookup: each id of ``x`` selects a row of ``W``.

    ``y[i..., :] = W[x[i...], :]``; where ``x[i...] == ignore_label`` the row is
    zero and receives no gradient. Ids must be in ``[0, V)``. Only ``W`` is
    differentiated (``x`` holds integers).

    Args:
        x (Variable or array): int array of ids, any shape.
        W (Variable or array): embedding matrix of shape ``(V, D)``.
        ignore_label (int or None): id that maps to a zero vector.
    Returns:
        Variable of shape ``x.shape + (D,)``.

    .. admonition:: Example

        >>> W = np.array([[0, 0], [1, 1], [2, 2]], np.float32)  # 3 ids, vectors of 2
        >>> F.embed_id(np.array([2, 0, 2], np.int32), W).array
        array([[2., 2.],
               [0., 0.],
               [2., 2.]], dtype=float32)
        >>> F.embed_id(np.array([1, -1], np.int32), W, ignore_label=-1).array
        array([[1., 1.],
               [0., 0.]], dtype=float32)
    """
    y, = EmbedIDFunction(ignore_label).apply((x, W))
    return y
