"""Accuracy of binary classification (not differentiable)."""
from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util


class BinaryAccuracy(function_node.FunctionNode):
    """The fraction of elements where ``y >= 0`` agrees with ``t == 1`` (t == -1 ignored)."""

    ignore_label = -1

    def check_type_forward(self, in_types):
        _util.check_labels(in_types)

    def forward(self, inputs):
        y, t = inputs
        xp = backend.get_array_module(y)
        valid = t != self.ignore_label
        count = int(valid.sum())
        if count == 0:
            return xp.asarray(0.0, dtype=y.dtype),
        pred = (y >= 0).astype(t.dtype)
        correct = ((pred == t) & valid).sum()
        return xp.asarray(correct / count).astype(y.dtype),


def binary_accuracy(y, t):
    """The accuracy of binary predictions: ``y >= 0`` predicts 1, else 0.

    Args:
        y (Variable or array): scores (logits) of any shape, float dtype.
        t (Variable or array): signed integer labels (0 or 1) of the shape of
            ``y``; elements with ``t == -1`` are not counted.
    Returns:
        Variable holding a 0-d array of the dtype of ``y`` (0 when everything is
        ignored). It has no gradient.
    """
    return BinaryAccuracy().apply((y, t))[0]
