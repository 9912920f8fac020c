"""Products of a sparse (COO) matrix and a dense one."""
import numpy

import chainer
from chainer import backend
from chainer import function_node
from chainer import utils
from chainer.utils import sparse as _sparse
from chainer.utils import type_check


class _Pattern(object):
    """The positions of the entries of a COO matrix, ready for indexing.

    Padding entries (negative indices) point at (0, 0) and are masked out.
    """

    def __init__(self, row, col, shape):
        xp = backend.get_array_module(row)
        self.valid = (row >= 0) & (col >= 0)
        self.row = xp.where(self.valid, row, 0).astype(numpy.intp)
        self.col = xp.where(self.valid, col, 0).astype(numpy.intp)
        self.shape = tuple(shape)
        self.all_valid = bool(self.valid.all())

    def transposed(self):
        t = object.__new__(_Pattern)
        t.valid = self.valid
        t.row = self.col
        t.col = self.row
        t.shape = self.shape[::-1]
        t.all_valid = self.all_valid
        return t

    def batch_index(self, xp):
        if self.row.ndim == 1:
            return None
        return xp.broadcast_to(xp.arange(self.row.shape[0])[:, None], self.row.shape)


class CooMatMul(function_node.FunctionNode):
    """``C = A B`` with ``A`` sparse (its data is input 0) and ``B`` dense (input 1).

    A single matrix: data ``(nnz,)``, B ``(K, N)``, C ``(M, N)``. A batch: data
    ``(batch, nnz)``, B ``(batch, K, N)``, C ``(batch, M, N)``.
    """

    def __init__(self, pattern):
        self.pattern = pattern

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('sp', 'dn'))
        sp_type, dn_type = in_types
        batched = self.pattern.row.ndim == 2
        type_check.expect(
            sp_type.dtype.kind == 'f',
            dn_type.dtype == sp_type.dtype,
            sp_type.ndim == (2 if batched else 1),
            dn_type.ndim == (3 if batched else 2),
        )
        type_check.expect(dn_type.shape[-2] == self.pattern.shape[1])
        if batched:
            type_check.expect(dn_type.shape[0] == sp_type.shape[0])

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        data, dense = inputs
        xp = backend.get_array_module(dense)
        p = self.pattern
        if not p.all_valid:
            data = xp.where(p.valid, data, data.dtype.type(0))
        b = p.batch_index(xp)
        if b is None:
            out = xp.zeros((p.shape[0], dense.shape[-1]), dtype=dense.dtype)
            contrib = dense[p.col] * data[:, None]
            _sparse._scatter_add(xp, out, p.row, contrib)
        else:
            out = xp.zeros((dense.shape[0], p.shape[0], dense.shape[-1]),
                           dtype=dense.dtype)
            contrib = dense[b, p.col] * data[..., None]
            _sparse._scatter_add(xp, out, (b, p.row), contrib)
        return out,

    def backward(self, indexes, grad_outputs):
        data, dense = self.get_retained_inputs()
        gy, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(CooMatMulGradData(self.pattern).apply((gy, dense))[0])
            else:
                ret.append(CooMatMul(self.pattern.transposed()).apply((data, gy))[0])
        return tuple(ret)


class CooMatMulGradData(function_node.FunctionNode):
    """The data gradient of ``C = A B``: ``g_k = sum_n gC[row_k, n] B[col_k, n]``."""

    def __init__(self, pattern):
        self.pattern = pattern

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        gy, dense = inputs
        xp = backend.get_array_module(gy)
        p = self.pattern
        b = p.batch_index(xp)
        if b is None:
            g = (gy[p.row] * dense[p.col]).sum(axis=-1)
        else:
            g = (gy[b, p.row] * dense[b, p.col]).sum(axis=-1)
        if not p.all_valid:
            g = xp.where(p.valid, g, g.dtype.type(0))
        return utils.force_array(g, gy.dtype),

    def backward(self, indexes, grad_outputs):
        gy, dense = self.get_retained_inputs()
        gg, = grad_outputs
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(CooMatMul(self.pattern).apply((gg, dense))[0])
            else:
                ret.append(CooMatMul(self.pattern.transposed()).apply((gg, gy))[0])
        return tuple(ret)


def _swap_last(x):
    axes = list(range(x.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return chainer.functions.transpose(x, tuple(axes))


def _sparse_times_dense(sp, transa, dense, transb):
    F = chainer.functions
    row, col, shape = sp.row, sp.col, sp.shape
    if transa:
        row, col, shape = col, row, shape[::-1]
    data = sp.data
    dense = chainer.as_variable(dense)
    if dense.ndim not in (2, 3):
        raise ValueError('sparse_matmul: the dense operand must have 2 or 3 dimensions, '
                         'got shape {}'.format(dense.shape))
    if transb:
        dense = _swap_last(dense)
    if data.dtype != dense.dtype:
        raise TypeError('sparse_matmul: the sparse and dense operands must have one '
                        'dtype, got {} and {}'.format(data.dtype, dense.dtype))
    if dense.shape[-2] != shape[1]:
        raise ValueError('sparse_matmul: the inner dimensions do not match: the sparse '
                         'operand is {} and the dense one {} (after transposes)'
                         .format(shape, dense.shape[-2:]))
    sp_batched = data.ndim == 2
    if sp_batched and dense.ndim == 2:
        dense = F.broadcast_to(dense, (data.shape[0],) + dense.shape)
    elif not sp_batched and dense.ndim == 3:
        batch = dense.shape[0]
        xp = backend.get_array_module(row)
        data = F.broadcast_to(data, (batch,) + data.shape)
        row = xp.broadcast_to(row, (batch,) + row.shape)
        col = xp.broadcast_to(col, (batch,) + col.shape)
    elif sp_batched and dense.shape[0] != data.shape[0]:
        raise ValueError('sparse_matmul: the batch sizes differ: {} (sparse) and {} '
                         '(dense)'.format(data.shape[0], dense.shape[0]))
    pattern = _Pattern(row, col, shape)
    return CooMatMul(pattern).apply((data, dense))[0]


def sparse_matmul(a, b, transa=False, transb=False):
    """Matrix product of a sparse matrix and a dense one (either order).

    One operand is a :class:`chainer.utils.CooMatrix` (see
    :func:`chainer.utils.to_coo`), the other a dense Variable or array. Both may be
    batches (three dimensions); a single matrix is used for every item of a batch.
    The gradient reaches the dense operand and, when it requires one, the sparse
    operand's ``data`` (only at its stored entries).

    Args:
        a (CooMatrix, Variable or array): left operand.
        b (CooMatrix, Variable or array): right operand.
        transa (bool): transpose (each matrix of) ``a`` first.
        transb (bool): transpose (each matrix of) ``b`` first.
    Returns:
        Variable: the dense product, of the dtype of the operands.
    """
    a_sparse = isinstance(a, _sparse.CooMatrix)
    b_sparse = isinstance(b, _sparse.CooMatrix)
    if a_sparse == b_sparse:
        raise ValueError('sparse_matmul: exactly one of a and b must be a CooMatrix, '
                         'got {} and {}'.format(type(a).__name__, type(b).__name__))
    if a_sparse:
        return _sparse_times_dense(a, transa, b, transb)
    # C = A B  <=>  C^T = B^T A^T, with the sparse operand on the left.
    c_t = _sparse_times_dense(b, not transb, _as_dense(a), not transa)
    return _swap_last(c_t)


def _as_dense(x):
    x = chainer.as_variable(x)
    if x.ndim not in (2, 3):
        raise ValueError('sparse_matmul: the dense operand must have 2 or 3 dimensions, '
                         'got shape {}'.format(x.shape))
    return x
