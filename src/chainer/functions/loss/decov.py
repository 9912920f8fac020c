"""DeCov: a penalty on the covariance between hidden units."""
import chainer
from chainer import backend
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.functions.math import _util as _math_util


class DeCov(function_node.FunctionNode):
    """``C = (h - mean(h))^T (h - mean(h)) / N`` off the diagonal; ``sum(C^2) / 2`` or ``C``."""

    def __init__(self, reduce='half_squared_sum'):
        _util.check_reduce(reduce, 'decov', ('half_squared_sum', 'no'))
        self.reduce = reduce

    def check_type_forward(self, in_types):
        _math_util.check_float_input(in_types, 'h', ndim=2)

    def forward(self, inputs):
        self.retain_inputs((0,))
        h, = inputs
        xp = backend.get_array_module(h)
        hc = h - h.mean(axis=0)
        cov = hc.T.dot(hc) / len(h)
        cov *= 1 - xp.eye(h.shape[1], dtype=h.dtype)
        if self.reduce == 'half_squared_sum':
            return utils.force_array((cov * cov).sum() * 0.5, h.dtype),
        return utils.force_array(cov, h.dtype),

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        h, = self.get_retained_inputs()
        gy, = grad_outputs
        xp = backend.get_array_module(h)
        n, m = h.shape
        off_diagonal = 1 - xp.eye(m, dtype=h.dtype)
        hc = h - F.broadcast_to(F.sum(h, axis=0, keepdims=True) * (1. / n), h.shape)
        if self.reduce == 'half_squared_sum':
            cov = F.matmul(hc, hc, transa=True) * (1. / n) * off_diagonal
            gcov = _util.broadcast_grad(gy, (m, m)) * cov
        else:
            gcov = gy * off_diagonal
        # d/dh <gcov, hc^T hc / N> = hc (gcov + gcov^T) / N
        sym = gcov + F.transpose(gcov)
        return F.matmul(hc, sym) * (1. / n),


def decov(h, reduce='half_squared_sum'):
    """DeCov loss: penalize the covariance between different hidden units.

    ``C = (h - mean(h))^T (h - mean(h)) / N`` with its diagonal zeroed; the loss
    is ``sum(C^2) / 2`` (``'half_squared_sum'``) or ``C`` (``'no'``).

    Args:
        h (Variable or array): activations of shape ``(N, M)``.
        reduce (str): ``'half_squared_sum'`` or ``'no'``.
    Returns:
        Variable: a scalar, or the ``(M, M)`` matrix.

    See: `Reducing Overfitting in Deep Networks by Decorrelating Representations
    <https://arxiv.org/abs/1511.06068>`_
    """
    return DeCov(reduce).apply((h,))[0]
