"""NCCL, through CuPy (``cupy.cuda.nccl``), for the CUDA communicators.

ChainerMN does not bind NCCL itself: CuPy ships the binding. Without CuPy (or
with a CuPy built without NCCL) :data:`available` is False,
:func:`get_build_version` returns 0 and the NCCL communicators refuse to be
created, saying what to install.
"""

_INSTALL_HINT = (
    'NCCL is not available: the CUDA communicators of chainermn need CuPy with '
    'NCCL (for example `pip install cupy-cuda12x`, whose wheels bring NCCL, or '
    '`pip install "chainer[cuda]"`). On CPUs use '
    "chainermn.create_communicator('naive').")


def _try_import():
    try:
        from cupy.cuda import nccl as cupy_nccl
    except Exception:  # ImportError, or a CUDA library that fails to load
        return None
    if not getattr(cupy_nccl, 'available', True):
        return None
    return cupy_nccl


_nccl = _try_import()

#: Whether NCCL can be used (CuPy with its NCCL binding is importable).
available = _nccl is not None


def _get_nccl():
    """The ``cupy.cuda.nccl`` module; raises RuntimeError when it is missing."""
    if _nccl is None:
        raise RuntimeError(_INSTALL_HINT)
    return _nccl


def get_build_version():
    """The NCCL version CuPy was built against (e.g. 21803), 0 without NCCL."""
    if _nccl is None:
        return 0
    return _nccl.get_build_version()


def get_version():
    """The version of the NCCL library loaded at run time, 0 without NCCL."""
    if _nccl is None:
        return 0
    return _nccl.get_version()


def get_unique_id():
    """A new NCCL unique id (a tuple of ints) to build a communicator from."""
    return _get_nccl().get_unique_id()


def create_communicator(n_ranks, unique_id, rank):
    """``cupy.cuda.nccl.NcclCommunicator(n_ranks, unique_id, rank)``."""
    return _get_nccl().NcclCommunicator(n_ranks, unique_id, rank)


def __getattr__(name):
    # NCCL constants (NCCL_FLOAT32, NCCL_SUM, ...) come from CuPy's binding.
    if name.startswith('NCCL_'):
        return getattr(_get_nccl(), name)
    raise AttributeError("module 'chainermn.nccl' has no attribute {!r}".format(name))
