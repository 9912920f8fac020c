"""Cross-covariance penalty between two sets of features."""
import chainer
from chainer import function_node
from chainer.functions.loss import _util
from chainer import utils
from chainer.utils import type_check


class CrossCovariance(function_node.FunctionNode):
    """``C = (y - mean(y))^T (z - mean(z)) / N``; ``sum(C^2) / 2`` or ``C``."""

    def __init__(self, reduce='half_squared_sum'):
        _util.check_reduce(reduce, 'cross_covariance', ('half_squared_sum', 'no'))
        self.reduce = reduce

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('y', 'z'))
        y_type, z_type = in_types
        type_check.expect(
            y_type.dtype.kind == 'f',
            y_type.dtype == z_type.dtype,
            y_type.ndim == 2,
            z_type.ndim == 2,
        )
        type_check.expect(y_type.shape[0] == z_type.shape[0])

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        y, z = inputs
        yc = y - y.mean(axis=0)
        zc = z - z.mean(axis=0)
        cov = yc.T.dot(zc) / len(y)
        if self.reduce == 'half_squared_sum':
            return utils.force_array((cov * cov).sum() * 0.5, y.dtype),
        return utils.force_array(cov, y.dtype),

    def backward(self, indexes, grad_outputs):
        F = chainer.functions
        y, z = self.get_retained_inputs()
        gy, = grad_outputs
        n = len(y)
        yc = y - F.broadcast_to(F.sum(y, axis=0, keepdims=True) * (1. / n), y.shape)
        zc = z - F.broadcast_to(F.sum(z, axis=0, keepdims=True) * (1. / n), z.shape)
        if self.reduce == 'half_squared_sum':
            cov = F.matmul(yc, zc, transa=True) * (1. / n)
            gcov = _util.broadcast_grad(gy, cov.shape) * cov
        else:
            gcov = gy
        # The centering is a projection whose adjoint is itself; the gradients
        # zc gcov^T / N and yc gcov / N are already centered.
        ret = []
        if 0 in indexes:
            ret.append(F.matmul(zc, gcov, transb=True) * (1. / n))
        if 1 in indexes:
            ret.append(F.matmul(yc, gcov) * (1. / n))
        return tuple(ret)


def cross_covariance(y, z, reduce='half_squared_sum'):
    """Cross-covariance penalty between the features ``y`` and ``z``.

    ``C[i, j] = sum_n (y[n, i] - mean_i)(z[n, j] - mean_j) / N``; the loss is
    ``sum(C^2) / 2`` (``'half_squared_sum'``) or ``C`` itself (``'no'``).

    Args:
        y (Variable or array): features of shape ``(N, M)``.
        z (Variable or array): features of shape ``(N, K)``, of y's dtype.
        reduce (str): ``'half_squared_sum'`` or ``'no'``.
    Returns:
        Variable: a scalar, or the ``(M, K)`` matrix ``C``.

    See: `Discovering Hidden Factors of Variation in Deep Networks
    <https://arxiv.org/abs/1412.6583>`_
    """
    return CrossCovariance(reduce).apply((y, z))[0]
