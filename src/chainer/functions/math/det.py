"""Determinants: ``det`` of a square matrix, ``batch_det`` of a batch of them."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.functions.math import _util
from chainer.utils import type_check


class BatchDet(function_node.FunctionNode):
    """Determinant of each matrix of a batch (of shape ``(b, n, n)``)."""

    def check_type_forward(self, in_types):
        _util.check_float_input(in_types, 'a', ndim=3)
        a_type, = in_types
        type_check.expect(a_type.shape[-1] == a_type.shape[-2])

    def forward(self, inputs):
        a, = inputs
        xp = backend.get_array_module(a)
        self.retain_inputs((0,))
        self.retain_outputs((0,))
        compute = a.astype(numpy.float32) if a.dtype == numpy.float16 else a
        return utils.force_array(xp.linalg.det(compute), a.dtype),

    def backward(self, indexes, grad_outputs):
        a, = self.get_retained_inputs()
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        # d det(A) / dA = det(A) A^-T
        F = chainer.functions
        scale = F.broadcast_to(F.reshape(gy * y, (len(y), 1, 1)), a.shape)
        a_inv_t = F.transpose(F.batch_inv(a), (0, 2, 1))
        return scale * a_inv_t,


def batch_det(a):
    """Determinant of each matrix of a batch of square matrices.

    The gradient is :math:`\\det(A) A^{-T}` (so it needs :math:`A` to be
    invertible).

    Args:
        a (Variable or array): a batch of shape ``(b, n, n)`` and a float dtype.
    Returns:
        Variable of shape ``(b,)`` and the dtype of ``a``.
    """
    return BatchDet().apply((a,))[0]


def det(a):
    """Determinant of a square matrix.

    The gradient is :math:`\\det(A) A^{-T}` (so it needs :math:`A` to be
    invertible).

    Args:
        a (Variable or array): a square matrix of shape ``(n, n)`` and a float
            dtype.
    Returns:
        Variable of shape ``()`` and the dtype of ``a``.
    """
    a = chainer.as_variable(a)
    if a.ndim != 2:
        raise ValueError('det: a must be a square matrix (2 dimensions), got shape '
                         '{}'.format(a.shape))
    F = chainer.functions
    y = batch_det(F.reshape(a, (1,) + a.shape))
    return F.reshape(y, ())
