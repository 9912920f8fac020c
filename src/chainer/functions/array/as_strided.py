"""Strided views of the memory that holds an array.

``as_strided`` works as :func:`numpy.lib.stride_tricks.as_strided` does, on the
allocation that holds ``x`` (its outermost base array), but counts strides and
offsets in elements rather than bytes. The shape and strides of ``x`` itself
play no part in the forward pass; in the backward pass they say which
elements of ``x`` alias which memory cells.
"""
import numpy

from chainer import backend
from chainer import function_node
from chainer.functions.array import _utils
from chainer.utils import type_check


def _data_ptr(a):
    data = a.data
    return data.ptr if hasattr(data, 'ptr') else a.__array_interface__['data'][0]


def _byte_span(a):
    """``(low, high)``: the byte addresses spanned by the elements of ``a``."""
    low = high = _data_ptr(a)
    if a.size == 0:
        return low, low
    for n, s in zip(a.shape, a.strides):
        if s >= 0:
            high += (n - 1) * s
        else:
            low += (n - 1) * s
    return low, high + a.itemsize


def _storage(x):
    """``(size, offset, strides)`` of ``x`` in its allocation, in elements.

    The allocation is the memory spanned by the outermost array in the chain of
    ``base`` attributes of ``x``; ``offset`` is the position of ``x``'s first
    element in it and ``strides`` are the strides of ``x`` in elements.
    """
    root = x
    while True:
        base = root.base
        # Views made through the array interface (ours, NumPy's stride tricks)
        # have the exporting object as their base; look through it.
        while base is not None and not isinstance(base, type(x)) and \
                hasattr(base, '__array_interface__') and hasattr(base, 'base'):
            base = base.base
        if not isinstance(base, type(x)):
            break
        root = base
    low, high = _byte_span(root)
    itemsize = x.itemsize
    offset_bytes = _data_ptr(x) - low
    if offset_bytes % itemsize or any(s % itemsize for s in x.strides):
        raise ValueError(
            'as_strided: the array of strides {} (bytes) does not lie on a grid of '
            'its {}-byte elements in its allocation, so its memory cannot be '
            'addressed in elements'.format(x.strides, itemsize))
    return ((high - low) // itemsize, offset_bytes // itemsize,
            tuple(s // itemsize for s in x.strides))


class _ArrayInterface(object):
    # Carries an __array_interface__ and keeps the array it views alive.

    def __init__(self, interface, base):
        self.__array_interface__ = interface
        self.base = base


def _view(x, shape, strides, offset):
    """The view of ``x``'s allocation with element ``strides`` and ``offset``
    (positions relative to the start of ``x``'s own first element)."""
    itemsize = x.itemsize
    byte_strides = tuple(s * itemsize for s in strides)
    if isinstance(x, numpy.ndarray):
        interface = dict(x.__array_interface__)
        interface['data'] = (interface['data'][0] + offset * itemsize, False)
        interface['shape'] = tuple(shape)
        interface['strides'] = byte_strides
        return numpy.asarray(_ArrayInterface(interface, x))
    xp = backend.get_array_module(x)
    return xp.ndarray(tuple(shape), x.dtype, memptr=x.data + offset * itemsize,
                      strides=byte_strides)


def _positions(xp, shape, strides, offset):
    # positions[i_0, ..., i_k] = offset + sum_k i_k * strides[k].
    positions = xp.full(shape, offset, numpy.int64)
    for axis, (n, s) in enumerate(zip(shape, strides)):
        step = xp.arange(n, dtype=numpy.int64) * s
        positions += step.reshape((n,) + (1,) * (len(shape) - axis - 1))
    return positions


def _check_reach(shape, strides, offset, size):
    if 0 in shape:
        return
    low = high = offset
    for n, s in zip(shape, strides):
        if s >= 0:
            high += (n - 1) * s
        else:
            low += (n - 1) * s
    if low < 0 or high >= size:
        raise ValueError(
            'as_strided: shape {}, strides {} and storage_offset {} reach memory '
            'positions {} to {}, outside the {} elements of the allocation that '
            'holds x'.format(tuple(shape), tuple(strides), offset, low, high, size))


def _stride_array(x, shape, strides, storage_offset):
    """The view of the allocation holding ``x`` with the given ``shape``,
    ``strides`` and ``storage_offset`` (in elements); ValueError when it would
    reach outside the allocation."""
    size, x_offset, _ = _storage(x)
    _check_reach(shape, strides, storage_offset, size)
    return _view(x, shape, strides, storage_offset - x_offset)


def _check_ints(values, name):
    try:
        values = tuple(values)
    except TypeError:
        raise TypeError('as_strided: {} must be a tuple of ints, got {!r}'.format(
            name, values)) from None
    return tuple(_utils.check_int(v, name, 'as_strided') for v in values)


class AsStrided(function_node.FunctionNode):
    """A strided view of the memory holding the input (see :func:`as_strided`)."""

    def __init__(self, shape, strides, storage_offset=None):
        self.shape = _check_ints(shape, 'shape')
        self.strides = _check_ints(strides, 'strides')
        if len(self.shape) != len(self.strides):
            raise ValueError('as_strided: shape and strides must have the same length, '
                             'got {} and {}'.format(self.shape, self.strides))
        if any(s < 0 for s in self.shape):
            raise ValueError('as_strided: shape must not be negative, got {}'.format(
                self.shape))
        self.storage_offset = None if storage_offset is None else _utils.check_int(
            storage_offset, 'storage_offset', 'as_strided')

    def check_type_forward(self, in_types):
        type_check._argname(in_types, ('x',))

    def forward(self, inputs):
        x, = inputs
        size, x_offset, x_strides = _storage(x)
        offset = x_offset if self.storage_offset is None else self.storage_offset
        _check_reach(self.shape, self.strides, offset, size)
        self._x_geometry = (x.shape, x_strides, x_offset)
        self._y_geometry = (self.shape, self.strides, offset)
        self._dtype = x.dtype
        return _view(x, self.shape, self.strides, offset - x_offset),

    def backward(self, indexes, grad_outputs):
        if self._dtype.kind != 'f':
            raise TypeError('as_strided: the gradient is defined for float arrays '
                            'only, but x is {}'.format(self._dtype))
        gy, = grad_outputs
        xp = backend.get_array_module(gy)
        x_pos = _positions(xp, *self._x_geometry)
        y_pos = _positions(xp, *self._y_geometry)
        # Each memory cell's gradient is shared equally among the elements of x
        # that alias it (the layout-agnostic rule of torch.Tensor.as_strided).
        base = min(int(x_pos.min()) if x_pos.size else 0,
                   int(y_pos.min()) if y_pos.size else 0)
        x_pos = x_pos - base
        y_pos = y_pos - base
        cells = max(int(x_pos.max()) + 1 if x_pos.size else 0,
                    int(y_pos.max()) + 1 if y_pos.size else 0)
        aliases = xp.bincount(x_pos.ravel(), minlength=cells)[x_pos]
        scale = None
        if x_pos.size and int(aliases.max()) > 1:
            scale = (1 / aliases).astype(self._dtype)
        return _MemoryTransfer(y_pos, None, x_pos, scale, cells).apply((gy,))


class _MemoryTransfer(function_node.FunctionNode):
    # out = out_scale * gather(out_pos, scatter(in_pos, in_scale * in)) over
    # ``cells`` memory cells: a linear map whose transpose swaps the roles of the
    # (positions, scale) pairs.

    def __init__(self, in_pos, in_scale, out_pos, out_scale, cells):
        self.in_pos = in_pos
        self.in_scale = in_scale
        self.out_pos = out_pos
        self.out_scale = out_scale
        self.cells = cells

    def forward(self, inputs):
        g, = inputs
        xp = backend.get_array_module(g)
        if self.in_scale is not None:
            g = g * self.in_scale
        memory = xp.zeros(self.cells, g.dtype)
        _utils.scatter_add(memory, self.in_pos.ravel(), g.ravel())
        out = memory[self.out_pos]
        if self.out_scale is not None:
            out *= self.out_scale
        return out,

    def backward(self, indexes, grad_outputs):
        return _MemoryTransfer(self.out_pos, self.out_scale, self.in_pos,
                               self.in_scale, self.cells).apply(grad_outputs)


def as_strided(x, shape, strides, storage_offset=None):
    """A view of the memory holding ``x`` with the given shape and strides.

    Like :func:`numpy.lib.stride_tricks.as_strided`, but ``strides`` and
    ``storage_offset`` count elements, not bytes. The memory is the whole
    allocation that holds ``x`` (the outermost array in its chain of ``base``
    arrays), and
    ``y[i_0, ..., i_k] = memory[storage_offset + i_0 * strides[0] + ... + i_k *
    strides[k]]``; the shape and strides of ``x`` are ignored by the forward
    pass. ``y`` is a view: it shares memory with ``x``.

    The gradient adds up, per memory cell, the gradients of the elements of
    ``y`` that read it, and shares that sum equally among the elements of ``x``
    that alias the cell (as ``torch.Tensor.as_strided`` does), so it does not
    depend on how ``x`` is laid out when ``x`` has no overlapping elements.
    Only float arrays have a gradient.

    Args:
        x (Variable or array): the array whose memory is viewed.
        shape (tuple of ints): the output shape.
        strides (tuple of ints): the step, in elements, along each output axis.
        storage_offset (int): the position of ``y[0, ..., 0]`` in the memory,
            counted in elements from its start; None takes the position of
            ``x``'s first element.
    Returns:
        Variable of shape ``shape``.
    Raises:
        ValueError: if the view reaches outside the memory holding ``x``.

    .. warning::
        Writing to a view whose elements overlap, or to ``x`` while ``y`` is in
        use, changes the other too.

    .. admonition:: Example

        >>> x = np.arange(4, dtype=np.float32)
        >>> F.as_strided(x, (3, 2), (1, 1), 0).array
        array([[0., 1.],
               [1., 2.],
               [2., 3.]], dtype=float32)
    """
    y, = AsStrided(shape, strides, storage_offset).apply((x,))
    return y
