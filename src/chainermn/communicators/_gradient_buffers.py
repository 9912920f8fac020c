"""Packing the gradients of a model into flat buffers for one collective.

Averaging gradients costs one MPI (or NCCL) allreduce per buffer, so the
gradients of a model are packed into one contiguous buffer per communication
dtype. Packing multiplies by ``1 / size`` on the way in, so the sum the
allreduce computes is already the mean; after the allreduce each parameter's
``grad`` becomes a view of its slice of the buffer (no copy back) when the
dtypes and devices agree, and a converted copy otherwise (float16 gradients
communicated in float32). The buffers are kept per model and reused while the
model's parameters keep their names, shapes and dtypes.
"""
import weakref

import numpy

from chainermn.communicators import _memory_utility

# MPI has no float16 sum: float16 gradients are communicated in float32.
_MPI_COMM_DTYPE = {
    numpy.dtype(numpy.float16): numpy.dtype(numpy.float32),
    numpy.dtype(numpy.float32): numpy.dtype(numpy.float32),
    numpy.dtype(numpy.float64): numpy.dtype(numpy.float64),
}


def mpi_comm_dtype(dtype):
    dtype = numpy.dtype(dtype)
    if dtype not in _MPI_COMM_DTYPE:
        raise TypeError('gradients must be float16, float32 or float64 to be '
                        'averaged, got {}'.format(dtype))
    return _MPI_COMM_DTYPE[dtype]


def select_params(model, zero_fill):
    """``(name, param)`` of the parameters that take part in a gradient mean:
    initialized ones with a gradient (or all initialized ones if ``zero_fill``),
    sorted by name so that every process lists them in the same order."""
    return [(name, p) for name, p in _memory_utility.named_params(model)
            if zero_fill or p.grad is not None]


class _Layout(object):
    """Where each parameter's gradient lives in the flat buffers."""

    def __init__(self, entries, comm_dtype_of, xp):
        self.key = layout_key(entries)
        sizes = {}
        self.slots = []   # (comm dtype, offset, size, shape)
        for name, p in entries:
            cd = comm_dtype_of(p.dtype)
            off = sizes.get(cd, 0)
            self.slots.append((cd, off, p.size, p.shape))
            sizes[cd] = off + p.size
        self.dtypes = sorted(sizes, key=lambda d: d.itemsize)
        self.buffers = {cd: xp.empty(sizes[cd], dtype=cd) for cd in self.dtypes}
        self.views = [self.buffers[cd][off:off + n].reshape(shape)
                      for cd, off, n, shape in self.slots]


def layout_key(entries):
    return tuple((name, p.shape, p.dtype.str) for name, p in entries)


class GradientBuffers(object):
    """The flat buffers of every model a communicator has averaged."""

    def __init__(self):
        self._layouts = weakref.WeakKeyDictionary()

    def get(self, model, entries, comm_dtype_of, xp):
        layout = self._layouts.get(model)
        if layout is None or layout.key != layout_key(entries):
            layout = _Layout(entries, comm_dtype_of, xp)
            self._layouts[model] = layout
        return layout

    def clear(self):
        self._layouts = weakref.WeakKeyDictionary()


def pack_scaled(layout, entries, scale, xp):
    """Write ``grad * scale`` of every entry into its slot (zeros for None)."""
    for (name, p), view in zip(entries, layout.views):
        g = p.grad
        if g is None:
            view.fill(0)
        elif xp is numpy and _memory_utility.is_cupy_array(g):
            numpy.multiply(g.get(), view.dtype.type(scale), out=view)
        else:
            xp.multiply(g, view.dtype.type(scale), out=view)


def unpack(layout, entries):
    """Make every parameter's gradient its slot of the buffer: the slot itself
    when dtype and device agree, a converted copy otherwise."""
    for (name, p), view in zip(entries, layout.views):
        param_on_gpu = _memory_utility.is_cupy_array(p.array)
        view_on_gpu = _memory_utility.is_cupy_array(view)
        if param_on_gpu == view_on_gpu:
            p.grad = view if view.dtype == p.dtype else view.astype(p.dtype)
        elif param_on_gpu:
            from chainer.backends import cuda
            p.grad = cuda.to_gpu(view.astype(p.dtype, copy=False),
                                 device=p.array.device)
        else:
            p.grad = view.get().astype(p.dtype, copy=False)


def host_buffer(cache, dtype, n):
    """A host (NumPy) array of ``n`` elements of ``dtype``, reused through the
    dict ``cache`` (for moving GPU buffers through MPI)."""
    buf = cache.get(dtype)
    if buf is None or buf.size < n:
        buf = numpy.empty(n, dtype=dtype)
        cache[dtype] = buf
    return buf[:n]
