"""Coefficient of determination, R^2 (not differentiable)."""
from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util


class R2_score(function_node.FunctionNode):
    """``1 - SS_res / SS_tot`` of each output column (axis 0 is the samples)."""

    def __init__(self, sample_weight, multioutput):
        if sample_weight is not None:
            raise NotImplementedError(
                'r2_score: sample_weight is not supported; pass None')
        if multioutput not in ('uniform_average', 'raw_values'):
            raise ValueError(
                "r2_score: multioutput must be 'uniform_average' or 'raw_values', "
                "got {!r}".format(multioutput))
        self.multioutput = multioutput

    def check_type_forward(self, in_types):
        _util.check_same_float_inputs(in_types, ('pred', 'true'))

    def forward(self, inputs):
        pred, true = inputs
        xp = backend.get_array_module(pred)
        ss_res = ((true - pred) ** 2).sum(axis=0)
        ss_tot = ((true - true.mean(axis=0)) ** 2).sum(axis=0)
        # A constant target (SS_tot = 0) scores 0 rather than dividing by zero.
        safe = xp.where(ss_tot != 0, ss_tot, 1)
        score = xp.where(ss_tot != 0, 1 - ss_res / safe, 0.0).astype(pred.dtype)
        if self.multioutput == 'uniform_average':
            return xp.asarray(score.mean()).astype(pred.dtype),
        return score,


def r2_score(pred, true, sample_weight=None, multioutput='uniform_average'):
    """The R^2 score (coefficient of determination) of a regression.

    For each output column: ``1 - sum((true - pred)^2) / sum((true - mean(true))^2)``
    with sums over axis 0 (0 when ``true`` is constant).

    Args:
        pred (Variable or array): predictions of shape ``(N,)`` or ``(N, M)``.
        true (Variable or array): targets of the same shape and dtype.
        sample_weight: not supported (must be None).
        multioutput (str): ``'uniform_average'`` averages the scores of the
            columns into a scalar; ``'raw_values'`` returns each.
    Returns:
        Variable of the dtype of ``pred``. It has no gradient.
    """
    return R2_score(sample_weight, multioutput).apply((pred, true))[0]
