"""Sparse matrices in COO format, for :func:`chainer.functions.sparse_matmul`."""
import numpy

import chainer
from chainer import backend


def _is_sorted(primary, secondary):
    # Whether the pairs (primary, secondary) are in non-decreasing lexicographic
    # order along the last axis.
    if primary.shape[-1] < 2:
        return True
    xp = backend.get_array_module(primary)
    p0, p1 = primary[..., :-1], primary[..., 1:]
    s0, s1 = secondary[..., :-1], secondary[..., 1:]
    ok = (p0 < p1) | ((p0 == p1) & (s0 <= s1))
    return bool(xp.all(ok))


def get_order(row, col):
    """The storage order of COO indices: ``'C'``, ``'F'`` or ``'other'``.

    ``'C'`` when the entries are sorted by row (and by column within a row), ``'F'``
    when sorted by column (and by row within a column), else ``'other'``. Padding
    entries (negative indices) at the end of a batch row are ignored.

    Args:
        row (array): row indices, of shape ``(nnz,)`` or ``(batch, nnz)``.
        col (array): column indices, of the shape of ``row``.
    Returns:
        str: ``'C'``, ``'F'`` or ``'other'``.
    """
    xp = backend.get_array_module(row)
    row = xp.asarray(row)
    col = xp.asarray(col)
    if row.shape != col.shape:
        raise ValueError('get_order: row and col must have one shape, got {} and {}'
                         .format(row.shape, col.shape))
    # Padding entries sort last.
    big = numpy.iinfo(numpy.int64).max
    valid = (row >= 0) & (col >= 0)
    row64 = xp.where(valid, row.astype(numpy.int64), big)
    col64 = xp.where(valid, col.astype(numpy.int64), big)
    if _is_sorted(row64, col64):
        return 'C'
    if _is_sorted(col64, row64):
        return 'F'
    return 'other'


def _check_index_array(value, name):
    if not isinstance(value, chainer.get_array_types()):
        raise TypeError('CooMatrix: {} must be an array, got {}'.format(
            name, type(value).__name__))
    if value.dtype.kind not in 'iu':
        raise TypeError('CooMatrix: {} must hold integers, got dtype {}'.format(
            name, value.dtype))


class CooMatrix(object):
    """A sparse matrix (or a batch of them) in coordinate (COO) format.

    Entry ``k`` of a matrix is ``data[k]`` at ``(row[k], col[k])``; entries whose
    indices are negative are padding and are ignored (:func:`to_coo` pads this
    way). For a batch, ``data``, ``row`` and ``col`` have shape ``(batch, nnz)``.

    Args:
        data (array): the values of the entries, of shape ``(nnz,)`` or
            ``(batch, nnz)``. It is held as the Variable ``self.data``.
        row (array): row indices of the entries (integers), of the shape of
            ``data``.
        col (array): column indices of the entries, of the shape of ``data``.
        shape (tuple of ints): ``(rows, columns)`` of the dense matrix (for a batch,
            of each matrix; ``(batch, rows, columns)`` is accepted too).
        order ('C', 'F', 'other' or None): whether the entries are sorted by row
            (``'C'``), by column (``'F'``) or neither; None finds out with
            :func:`get_order`. It is a hint for faster products.
        requires_grad (bool): whether ``data`` receives a gradient in
            backpropagation.
    """

    def __init__(self, data, row, col, shape, order=None, requires_grad=False):
        if isinstance(data, chainer.Variable):
            data = data.array
        if not isinstance(data, chainer.get_array_types()):
            raise TypeError('CooMatrix: data must be an array, got {}'.format(
                type(data).__name__))
        _check_index_array(row, 'row')
        _check_index_array(col, 'col')
        if data.ndim not in (1, 2):
            raise ValueError('CooMatrix: data must have 1 dimension (one matrix) or 2 '
                             '(a batch), got shape {}'.format(data.shape))
        if row.shape != data.shape or col.shape != data.shape:
            raise ValueError('CooMatrix: data, row and col must have one shape, got {}, '
                             '{} and {}'.format(data.shape, row.shape, col.shape))
        shape = tuple(int(s) for s in shape)
        if len(shape) == 3 and data.ndim == 2 and shape[0] == data.shape[0]:
            shape = shape[1:]
        if len(shape) != 2 or any(s < 0 for s in shape):
            raise ValueError('CooMatrix: shape must be (rows, columns), got {}'.format(
                shape))
        xp = backend.get_array_module(row)
        if row.size and (int(xp.max(row)) >= shape[0] or int(xp.max(col)) >= shape[1]):
            raise ValueError('CooMatrix: an index is out of range for shape {}'.format(
                shape))
        if order is None:
            order = get_order(row, col)
        elif order not in ('C', 'F', 'other'):
            raise ValueError("CooMatrix: order must be 'C', 'F', 'other' or None, got "
                             "{!r}".format(order))
        self.data = chainer.Variable(data, requires_grad=requires_grad)
        self.row = row
        self.col = col
        self.shape = shape
        self.order = order

    def to_dense(self):
        """The dense array of this matrix (of shape ``(batch,) + shape`` for a batch).

        Entries at the same position add up.
        """
        data = self.data.array
        xp = backend.get_array_module(data)
        valid = (self.row >= 0) & (self.col >= 0)
        values = xp.where(valid, data, data.dtype.type(0))
        row = xp.where(valid, self.row, 0)
        col = xp.where(valid, self.col, 0)
        if data.ndim == 1:
            out = xp.zeros(self.shape, dtype=data.dtype)
            _scatter_add(xp, out, (row, col), values)
        else:
            batch = data.shape[0]
            out = xp.zeros((batch,) + self.shape, dtype=data.dtype)
            b = xp.broadcast_to(xp.arange(batch)[:, None], row.shape)
            _scatter_add(xp, out, (b, row, col), values)
        return out

    def __repr__(self):
        return '<CooMatrix shape={} nnz={} order={}>'.format(
            self.shape, self.data.shape[-1], self.order)


def _scatter_add(xp, target, index, values):
    """``target[index] += values``, adding up repeated indices (``numpy.add.at``)."""
    if xp is numpy:
        numpy.add.at(target, index, values)
    elif hasattr(xp, 'add') and hasattr(xp.add, 'at'):
        xp.add.at(target, index, values)
    else:
        import cupyx
        cupyx.scatter_add(target, index, values)


def to_coo(x, ldnz=None, requires_grad=False):
    """A COO matrix (or batch of them) holding the non-zero entries of ``x``.

    The entries are in row-major order. For a batch, each matrix's entries are
    padded (with 0 at index ``-1``) to a common count.

    Args:
        x (array): a dense matrix (2 dimensions) or a batch of them (3 dimensions).
        ldnz (int): the number of entries to allocate per matrix; the actual number
            is ``max(nnz, ldnz)`` with ``nnz`` the largest count of non-zeros.
        requires_grad (bool): whether the data receive a gradient.
    Returns:
        CooMatrix: with ``shape`` the shape of one matrix.
    """
    if isinstance(x, chainer.Variable):
        x = x.array
    if not isinstance(x, chainer.get_array_types()):
        raise TypeError('to_coo: x must be an array, got {}'.format(type(x).__name__))
    if x.ndim not in (2, 3):
        raise ValueError('to_coo: x must have 2 dimensions (a matrix) or 3 (a batch), '
                         'got shape {}'.format(x.shape))
    if ldnz is not None and (isinstance(ldnz, bool) or not isinstance(
            ldnz, (int, numpy.integer)) or ldnz < 0):
        raise ValueError('to_coo: ldnz must be a non-negative int or None, got {!r}'
                         .format(ldnz))
    xp = backend.get_array_module(x)
    if x.ndim == 2:
        row, col = xp.nonzero(x)
        nnz = len(row)
        size = nnz if ldnz is None else max(nnz, int(ldnz))
        data = xp.zeros((size,), dtype=x.dtype)
        rows = xp.full((size,), -1, dtype=numpy.int32)
        cols = xp.full((size,), -1, dtype=numpy.int32)
        data[:nnz] = x[row, col]
        rows[:nnz] = row
        cols[:nnz] = col
        return CooMatrix(data, rows, cols, x.shape, order='C',
                         requires_grad=requires_grad)
    batch = x.shape[0]
    b, row, col = xp.nonzero(x)
    counts = xp.bincount(b, minlength=batch) if len(b) else xp.zeros(
        batch, dtype=numpy.int64)
    nnz = int(counts.max()) if batch else 0
    size = nnz if ldnz is None else max(nnz, int(ldnz))
    offsets = xp.cumsum(counts) - counts
    position = xp.arange(len(b)) - offsets[b]
    data = xp.zeros((batch, size), dtype=x.dtype)
    rows = xp.full((batch, size), -1, dtype=numpy.int32)
    cols = xp.full((batch, size), -1, dtype=numpy.int32)
    data[b, position] = x[b, row, col]
    rows[b, position] = row
    cols[b, position] = col
    return CooMatrix(data, rows, cols, x.shape[1:], order='C',
                     requires_grad=requires_grad)
