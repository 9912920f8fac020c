"""Per-class precision, recall, F-beta score and support (not differentiable)."""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util


class ClassificationSummary(function_node.FunctionNode):
    """Precision, recall, F-beta score and support of each class, from scores and labels."""

    def __init__(self, label_num, beta, ignore_label):
        self.label_num = label_num
        self.beta = beta
        self.ignore_label = ignore_label

    def check_type_forward(self, in_types):
        _util.check_class_labels(in_types)

    def forward(self, inputs):
        y, t = inputs
        xp = backend.get_array_module(y)
        label_num = self.label_num
        if label_num is None:
            label_num = y.shape[1]
            if t.size:
                label_num = max(label_num, int(t.max()) + 1)
        pred = y.argmax(axis=1).reshape(t.shape).ravel()
        true = t.ravel()
        valid = true != self.ignore_label
        pred = pred[valid]
        true = true[valid]
        if true.size and (int(true.min()) < 0 or int(true.max()) >= label_num):
            raise ValueError(
                'classification_summary: labels must be in [0, label_num) = [0, {}) '
                'or equal to ignore_label ({})'.format(label_num, self.ignore_label))
        true_positive = xp.bincount(true[pred == true], minlength=label_num)
        support = xp.bincount(true, minlength=label_num)
        selected = xp.bincount(pred, minlength=label_num)[:label_num]
        dtype = y.dtype
        with numpy.errstate(divide='ignore', invalid='ignore'):
            precision = (true_positive / selected).astype(dtype)
            recall = (true_positive / support).astype(dtype)
            beta2 = self.beta ** 2
            fbeta = ((1 + beta2) * precision * recall /
                     (beta2 * precision + recall)).astype(dtype)
        return precision, recall, fbeta, support.astype(numpy.int32)


def classification_summary(y, t, label_num=None, beta=1.0, ignore_label=-1):
    """Precision, recall, F-beta score and support of each class.

    The prediction is the arg-max of ``y`` over axis 1. For each class ``c``:
    ``precision = TP / (number predicted as c)``,
    ``recall = TP / support``, ``support`` = number of instances labeled ``c``,
    and ``F_beta = (1 + beta^2) precision recall / (beta^2 precision + recall)``.
    A ratio whose denominator is 0 is NaN.

    Args:
        y (Variable or array): scores of shape ``(N, C)`` or ``(N, C, ...)``.
        t (Variable or array): signed integer labels of shape ``(N,)`` or
            ``(N, ...)``.
        label_num (int or None): the number of classes; by default the larger of
            ``C`` and ``t.max() + 1``.
        beta (float): the weight of recall in the F score.
        ignore_label (int): instances with this label are not counted.
    Returns:
        tuple of Variables ``(precision, recall, fbeta, support)``, each of shape
        ``(label_num,)``; the first three of the dtype of ``y``, ``support``
        int32. They have no gradient.
    """
    if label_num is not None and (not isinstance(label_num, (int, numpy.integer))
                                  or label_num <= 0):
        raise ValueError('classification_summary: label_num must be a positive '
                         'int or None, got {!r}'.format(label_num))
    return ClassificationSummary(label_num, beta, ignore_label).apply((y, t))


def precision(y, t, label_num=None, ignore_label=-1):
    """Per-class precision: ``(precision, support)``; see :func:`classification_summary`."""
    ret = ClassificationSummary(label_num, 1.0, ignore_label).apply((y, t))
    return ret[0], ret[-1]


def recall(y, t, label_num=None, ignore_label=-1):
    """Per-class recall: ``(recall, support)``; see :func:`classification_summary`."""
    ret = ClassificationSummary(label_num, 1.0, ignore_label).apply((y, t))
    return ret[1], ret[-1]


def f1_score(y, t, label_num=None, ignore_label=-1):
    """Per-class F1 score: ``(f1, support)``; see :func:`classification_summary`."""
    ret = ClassificationSummary(label_num, 1.0, ignore_label).apply((y, t))
    return ret[2], ret[-1]
