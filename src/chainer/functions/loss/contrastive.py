"""Contrastive loss on pairs of embeddings."""
import numpy

import chainer
from chainer import backend
from chainer.functions.loss import _util
from chainer.utils import type_check


class Contrastive(_util.RowMarginLoss):
    """``(y d^2 + (1 - y) max(margin - d, 0)^2) / 2`` with ``d = |x0 - x1|_2`` per row."""

    _func_name = 'contrastive'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x0', 'x1', 'y'))
        x0_type, x1_type, y_type = in_types
        type_check.expect(
            x0_type.dtype.kind == 'f',
            x0_type.dtype == x1_type.dtype,
            y_type.dtype.kind == 'i',
            x0_type.ndim == 2,
            y_type.ndim == 1,
        )
        _util.expect_same_shape(x0_type, x1_type, 'x0', 'x1')
        type_check.expect(x1_type.shape[0] == y_type.shape[0])
        type_check.expect(x1_type.shape[0] > 0)

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        x0, x1, y = inputs
        xp = backend.get_array_module(x0)
        diff = x0 - x1
        dist_sq = (diff * diff).sum(axis=1)
        dist = xp.sqrt(dist_sq)
        gap = xp.maximum(self.margin - dist, 0)
        loss = (y * dist_sq + (1 - y) * gap * gap) * 0.5
        return self._reduce(loss, x0.dtype),

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        x0, x1, y = self.get_retained_inputs()
        gy, = grad_outputs
        xp = backend.get_array_module(x0)
        dtype = x0.dtype
        y = y.array.astype(dtype)
        diff = x0 - x1
        s = F.sum(diff * diff, axis=1)
        # Dissimilar pairs closer than the margin pull with slope
        # -(margin - d) / d along diff; elsewhere d is not needed, and a guard
        # keeps it away from 0 there (and where diff itself is 0).
        active = ((self.margin - xp.sqrt(s.array.astype(numpy.float64)) > 0)
                  * (1 - y)).astype(dtype)
        guard = ((active == 0) | (s.array == 0)).astype(dtype)
        d = (s + guard) ** 0.5
        coeff = y - (self.margin - d) / d * active
        gy = self._elementwise_grads(gy, (len(y),))
        g = F.broadcast_to(F.reshape(gy * coeff, (-1, 1)), diff.shape)
        gx0 = g * diff
        ret = []
        if 0 in indexes:
            ret.append(gx0)
        if 1 in indexes:
            ret.append(-gx0)
        if 2 in indexes:
            ret.append(None)
        return tuple(ret)


def contrastive(x0, x1, y, margin=1, reduce='mean'):
    """Contrastive loss of pairs: pull similar pairs together, push others apart.

    For row ``n``: ``L_n = (y_n d_n^2 + (1 - y_n) max(margin - d_n, 0)^2) / 2``
    with ``d_n = ||x0_n - x1_n||_2``.

    Args:
        x0, x1 (Variable or array): embeddings of shape ``(N, K)``.
        y (Variable or array): signed integer labels of shape ``(N,)``: 1 for
            similar pairs, 0 for dissimilar ones.
        margin (float): positive margin for dissimilar pairs.
        reduce (str): ``'mean'`` (mean of ``L_n``) or ``'no'`` (each ``L_n``).
    Returns:
        Variable of the dtype of ``x0``.
    """
    return Contrastive(margin, reduce).apply((x0, x1, y))[0]
