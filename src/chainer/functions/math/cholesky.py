"""Cholesky decomposition of a symmetric positive-definite matrix."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.functions.math import _util
from chainer.utils import type_check


class Cholesky(function_node.FunctionNode):

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'a', ndim=2)
        a_type, = in_types
        type_check.expect(a_type.shape[0] == a_type.shape[1])

    def forward(self, inputs):
        a, = inputs
        xp = backend.get_array_module(a)
        self.retain_outputs((0,))
        compute = a.astype(numpy.float32) if a.dtype == numpy.float16 else a
        try:
            lower = xp.linalg.cholesky(compute)
        except numpy.linalg.LinAlgError as e:
            raise ValueError('cholesky: the matrix a is not positive definite ({})'
                             .format(e)) from None
        if xp is not numpy and not bool(xp.isfinite(lower).all()):
            raise ValueError('cholesky: the matrix a is not positive definite')
        return utils.force_array(lower, a.dtype),

    def backward(self, indexes, grad_outputs):
        lower, = self.get_retained_outputs()
        gl, = grad_outputs
        F = chainer.functions
        xp = backend.get_array_module(lower.array)
        n = lower.shape[0]
        dtype = lower.dtype
        tril = xp.tril(xp.ones((n, n), dtype=dtype))
        half_diag = tril - xp.eye(n, dtype=dtype) * 0.5
        # With P = Phi(L^T Lbar) (lower triangle, diagonal halved), the gradient for
        # a symmetric A is S = sym(L^-T P L^-1). numpy's cholesky reads only the lower
        # triangle of A, so the gradient of an entry below the diagonal counts it
        # twice (A_ij and A_ji) and the diagonal once.
        p = F.matmul(lower, gl, transa=True) * half_diag
        l_inv = F.inv(lower)
        s = F.matmul(F.matmul(l_inv, p, transa=True), l_inv)
        s = s + F.transpose(s)
        return s * (tril - xp.eye(n, dtype=dtype) * 0.5),


def cholesky(a):
    """Cholesky decomposition: the lower-triangular :math:`L` with
    :math:`A = L L^T`.

    Only the lower triangle of ``a`` is read (as in ``numpy.linalg.cholesky``), so
    the gradient is lower triangular too: an entry below the diagonal stands for
    both symmetric entries of :math:`A`.

    Args:
        a (Variable or array): a symmetric positive-definite matrix of shape
            ``(n, n)`` and a float dtype. A matrix that is not positive definite
            raises ValueError.
    Returns:
        Variable of shape ``(n, n)`` and the dtype of ``a``: the lower-triangular
        factor.
    """
    return Cholesky().apply((a,))[0]
