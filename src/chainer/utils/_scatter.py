"""``a[slices] += b`` in place with repeated indices accumulated (NumPy or CuPy).

Used by the gradients of indexing functions and by the backward engine (the
deferred sums of embedding rows), so it lives below both.
"""
import numpy

from chainer import backend
from chainer.backends import cuda


def scatter_add(a, slices, b):
    """``a[slices] += b`` in place, accumulating repeated indices (NumPy or CuPy)."""
    xp = backend.get_array_module(a)
    if xp is numpy:
        if type(slices) is numpy.ndarray and slices.ndim == 1 and \
                slices.dtype.kind in 'iu' and slices.size > 1 and \
                type(b) is numpy.ndarray and b.shape == slices.shape + a.shape[1:]:
            if _compiled_add_rows(a, slices, b) or _add_rows(a, slices, b):
                return
        numpy.add.at(a, slices, b)
    elif hasattr(xp.add, 'at'):
        xp.add.at(a, slices, b)          # CuPy >= 13
    else:
        cuda.cupyx.scatter_add(a, slices, b)


def _compiled_add_rows(a, ids, rows):
    """``a[ids] += rows`` by the compiled kernel of the ``fast`` extra, in the
    order of ``numpy.add.at``, where it applies (2-D C-contiguous float32/float64
    ``a``); returns whether it ran."""
    from chainer import _compiled
    if a.ndim != 2 or a.dtype != rows.dtype or a.dtype.kind != 'f' or \
            a.dtype.itemsize < 4 or not a.flags.c_contiguous:
        return False
    k = _compiled.kernels()
    if k is None:
        return False
    n = a.shape[0]
    if bool(((ids < -n) | (ids >= n)).any()):
        return False  # let NumPy raise its IndexError
    k.add_rows(a, ids, numpy.ascontiguousarray(rows))
    return True


def _add_rows(a, ids, rows, max_passes=8):
    """``a[ids] += rows`` with repeated ids accumulated, by fancy-indexed additions.

    ``numpy.add.at`` handles one element at a time (about 1.8 us per 200-wide row
    here); this adds all first occurrences of the ids in one indexed addition, then
    all second occurrences, and so on, adding each row's contributions in the same
    order as ``add.at``. Returns False, doing nothing, when some id repeats more than
    ``max_passes`` times (``add.at`` is then the better choice).
    """
    order = numpy.argsort(ids, kind='stable')
    sorted_ids = ids[order]
    n = ids.size
    first = numpy.empty(n, dtype=bool)
    first[0] = True
    numpy.not_equal(sorted_ids[1:], sorted_ids[:-1], out=first[1:])
    if first.all():
        a[ids] += rows
        return True
    positions = numpy.arange(n)
    # occurrence[k]: how many earlier elements of the sorted ids are equal to it.
    occurrence = positions - numpy.maximum.accumulate(numpy.where(first, positions, 0))
    passes = int(occurrence.max()) + 1
    if passes > max_passes:
        return False
    for k in range(passes):
        sel = occurrence == k
        a[sorted_ids[sel]] += rows[order[sel]]
    return True
