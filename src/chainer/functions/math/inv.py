"""Matrix inverses: ``inv`` of a square matrix, ``batch_inv`` of a batch of them."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import type_check


def _inverse(a, func_name):
    xp = backend.get_array_module(a)
    compute = a
    if a.dtype == numpy.float16:
        compute = a.astype(numpy.float32)  # LAPACK has no half precision
    try:
        inv = xp.linalg.inv(compute)
    except numpy.linalg.LinAlgError as e:
        raise ValueError('{}: the matrix a is singular and has no inverse ({})'
                         .format(func_name, e)) from None
    return utils.force_array(inv, a.dtype)


class Inv(function_node.FunctionNode):
    """Inverse of one square matrix (``batched=False``) or of each of a batch."""

    def __init__(self, batched=False):
        self._batched = batched

    @property
    def label(self):
        return 'BatchInv' if self._batched else 'Inv'

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('a',))
        a_type, = in_types
        type_check.expect(
            a_type.dtype.kind == 'f',
            a_type.ndim == (3 if self._batched else 2),
        )
        type_check.expect(a_type.shape[-1] == a_type.shape[-2])

    def forward(self, inputs):
        a, = inputs
        self.retain_outputs((0,))
        return _inverse(a, 'batch_inv' if self._batched else 'inv'),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        gy, = grad_outputs
        # d(A^-1) = -A^-1 dA A^-1, so gA = -Y^T gY Y^T.
        F = chainer.functions
        return -F.matmul(F.matmul(y, gy, transa=True), y, transb=True),


def inv(a):
    """Inverse of a square matrix, :math:`A^{-1}`.

    The gradient is :math:`-A^{-T} G A^{-T}` for the output gradient :math:`G`.

    Args:
        a (Variable or array): a square matrix of shape ``(n, n)`` and a float
            dtype. A singular matrix raises ValueError.
    Returns:
        Variable of shape ``(n, n)`` and the dtype of ``a``.
    """
    return Inv(False).apply((a,))[0]


def batch_inv(a):
    """Inverse of each matrix of a batch of square matrices.

    Args:
        a (Variable or array): a batch of shape ``(b, n, n)`` and a float dtype. A
            singular matrix raises ValueError.
    Returns:
        Variable of shape ``(b, n, n)`` and the dtype of ``a``.
    """
    return Inv(True).apply((a,))[0]
