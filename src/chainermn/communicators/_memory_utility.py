"""Moving arrays between devices and MPI buffers, and packing parameters."""
import numpy

import chainer
from chainer import backend

from chainermn import _mpi


def is_cupy_array(a):
    """Whether ``a`` is a CuPy ndarray (without importing CuPy)."""
    return type(a).__module__.split('.', 1)[0] == 'cupy'


def to_host(a):
    """``a`` as a C-contiguous NumPy array (a copy only when needed)."""
    if is_cupy_array(a):
        return a.get()
    if isinstance(a, chainer.Variable):
        raise TypeError('expected an array, got a chainer.Variable (use its .array)')
    a = numpy.asarray(a)
    # (numpy.ascontiguousarray would turn a 0-d array into a 1-d one.)
    return a if a.flags.c_contiguous else numpy.array(a, order='C')


def from_host(h, on_gpu):
    """A host array back on the current GPU (if ``on_gpu``) or as it is."""
    if on_gpu:
        from chainer.backends import cuda
        return cuda.to_gpu(h)
    return h


def byte_view(h):
    """A 1-d uint8 view of a C-contiguous NumPy array."""
    return h.reshape(-1).view(numpy.uint8)


def array_spec(a):
    """``(shape, dtype string, on_gpu)``: what a receiver needs to allocate."""
    return (tuple(a.shape), numpy.dtype(a.dtype).str, is_cupy_array(a))


def check_array(a, what):
    if isinstance(a, chainer.Variable):
        raise TypeError('{} takes arrays, got a chainer.Variable; pass .array, or use '
                        'chainermn.functions for differentiable communication'.format(
                            what))
    if not (isinstance(a, numpy.ndarray) or is_cupy_array(a)):
        if isinstance(a, (numpy.generic, int, float, complex, bool)):
            return numpy.asarray(a)
        raise TypeError('{} takes NumPy or CuPy arrays, got {}'.format(
            what, type(a).__name__))
    return a


def array_to_buffer_object(array, mpi_dtype=None):
    """An mpi4py buffer specification ``[array, datatype]`` for ``array``.

    NumPy arrays are made C-contiguous (a copy when needed); CuPy arrays are
    passed to mpi4py as device buffers, which needs a CUDA-aware MPI.
    """
    MPI = _mpi.get_mpi()
    if is_cupy_array(array):
        buf = array if array.flags.c_contiguous else array.copy()
    else:
        buf = numpy.ascontiguousarray(array)
    if mpi_dtype is None:
        mpi_dtype = mpi_datatype(buf.dtype)
    if mpi_dtype is None:
        # No MPI type for this dtype (float16 on most MPIs): move bytes.
        if is_cupy_array(buf):
            return [buf.view(buf.dtype.type).reshape(-1).view('u1'), MPI.BYTE]
        return [byte_view(buf), MPI.BYTE]
    return [buf, mpi_dtype]


def mpi_datatype(dtype):
    """The MPI datatype of a NumPy dtype, or None if MPI has none."""
    try:
        from mpi4py.util.dtlib import from_numpy_dtype
        return from_numpy_dtype(numpy.dtype(dtype))
    except Exception:
        return None


def named_params(model, include_uninit=False):
    """The parameters of ``model`` sorted by name (the same order on every rank)."""
    return sorted(model.namedparams(include_uninit=include_uninit),
                  key=lambda item: item[0])


def named_persistents(model):
    """``(path, link, attribute name, value)`` for every persistent value of
    ``model`` and its descendants, sorted by path."""
    out = []
    for link_path, link in model.namedlinks():
        prefix = link_path.rstrip('/')
        for name in sorted(getattr(link, '_persistent', ())):
            out.append((prefix + '/' + name, link, name, getattr(link, name)))
    out.sort(key=lambda item: item[0])
    return out


def check_finite_grads(model, what='multi_node_mean_grad'):
    """In debug mode, raise ValueError if a gradient holds NaN or infinity."""
    for name, param in named_params(model):
        g = param.grad
        if g is None:
            continue
        xp = backend.get_array_module(g)
        if not bool(xp.isfinite(g).all()):
            raise ValueError(
                'NaN or infinity in the gradient of {} after {}: the model diverged '
                '(or a gradient was never computed) (chainer.is_debug() is True, so '
                'every gradient is checked)'.format(name, what))
