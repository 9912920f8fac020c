"""Triplet loss on (anchor, positive, negative) embeddings."""
import chainer
from chainer import backend
from chainer.functions.loss import _util
from chainer.utils import type_check


class Triplet(_util.RowMarginLoss):
    """``max(|a - p|^2 - |a - n|^2 + margin, 0)`` per row."""

    _func_name = 'triplet'

    def check_type_forward(self, in_types):
        _util.check_same_float_inputs(in_types, ('anchor', 'positive', 'negative'))
        type_check.expect(in_types[0].ndim == 2)

    def forward(self, inputs):
        self.retain_inputs((0, 1, 2))
        anchor, positive, negative = inputs
        xp = backend.get_array_module(anchor)
        dp = anchor - positive
        dn = anchor - negative
        value = (dp * dp).sum(axis=1) - (dn * dn).sum(axis=1) + self.margin
        self._active = (value > 0).astype(anchor.dtype)
        return self._reduce(xp.maximum(value, 0), anchor.dtype),

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        anchor, positive, negative = self.get_retained_inputs()
        gy, = grad_outputs
        gy = self._elementwise_grads(gy, (len(anchor),))
        g = F.broadcast_to(F.reshape(gy * self._active, (-1, 1)), anchor.shape) * 2
        ret = []
        if 0 in indexes:
            ret.append(g * (negative - positive))
        if 1 in indexes:
            ret.append(g * (positive - anchor))
        if 2 in indexes:
            ret.append(g * (anchor - negative))
        return tuple(ret)


def triplet(anchor, positive, negative, margin=0.2, reduce='mean'):
    """Triplet loss: the anchor must be closer to the positive than to the negative.

    For row ``i``: ``L_i = max(||a_i - p_i||^2 - ||a_i - n_i||^2 + margin, 0)``.

    Args:
        anchor, positive, negative (Variable or array): embeddings of shape
            ``(N, K)`` and one float dtype.
        margin (float): positive margin.
        reduce (str): ``'mean'`` (mean of ``L_i``) or ``'no'`` (each ``L_i``).
    Returns:
        Variable of the dtype of ``anchor``.
    """
    return Triplet(margin, reduce).apply((anchor, positive, negative))[0]
