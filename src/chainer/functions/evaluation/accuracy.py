"""Classification accuracy (not differentiable)."""

from chainer import backend
from chainer import function_node
from chainer.utils import type_check


class Accuracy(function_node.FunctionNode):
    """The fraction of instances whose arg-max over axis 1 of ``y`` equals ``t``."""

    def __init__(self, ignore_label=None):
        self.ignore_label = ignore_label

    def check_type_forward(self, in_types):
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

    def forward(self, inputs):
        y, t = inputs
        xp = backend.get_array_module(y)
        pred = y.argmax(axis=1).reshape(t.shape)
        correct = pred == t
        if self.ignore_label is not None:
            valid = t != self.ignore_label
            count = int(valid.sum())
            if count == 0:
                # Every instance is ignored.
                return xp.asarray(0.0, dtype=y.dtype),
            n_correct = (correct & valid).sum()
        else:
            count = t.size
            if count == 0:
                return xp.asarray(0.0, dtype=y.dtype),
            n_correct = correct.sum()
        return xp.asarray(n_correct / count).astype(y.dtype),


def accuracy(y, t, ignore_label=None):
    """The classification accuracy: the fraction of correct arg-max predictions.

    Args:
        y (Variable or array): scores of shape ``(N, C)`` or
            ``(N, C, d1, ..., dk)``; the prediction is the arg-max over axis 1.
        t (Variable or array): signed integer labels of shape ``(N,)`` or
            ``(N, d1, ..., dk)``.
        ignore_label (int or None): instances with this label are neither counted
            nor scored. When all are ignored, the accuracy is 0.
    Returns:
        Variable holding a 0-d array of the dtype of ``y``. It has no gradient.

    .. admonition:: Example

        >>> y = np.array([[0.1, 0.9], [0.8, 0.2], [0.6, 0.4], [0.3, 0.7]], np.float32)
        >>> t = np.array([1, 0, 0, 0], np.int32)
        >>> F.accuracy(y, t).array  # the last prediction (class 1) is wrong
        array(0.75, dtype=float32)
        >>> t = np.array([1, 0, 0, -1], np.int32)
        >>> F.accuracy(y, t, ignore_label=-1).array  # the last one is not counted
        array(1., dtype=float32)
    """
    return Accuracy(ignore_label=ignore_label).apply((y, t))[0]
