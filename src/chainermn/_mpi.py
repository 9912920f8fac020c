"""Importing mpi4py lazily, with an error that says what to install."""

INSTALL_HINT = (
    'chainermn needs mpi4py and an MPI library. Install both from PyPI with '
    '`pip install "chainer[mpi]"` (mpi4py and the MPICH wheel), or '
    '`pip install mpi4py mpich`, then start one process per worker with '
    '`mpiexec -n N python your_script.py`.')


def get_mpi():
    """The ``mpi4py.MPI`` module (importing it initializes MPI).

    Raises:
        ImportError: mpi4py or its MPI library is missing; the message says
            how to install them.
    """
    try:
        from mpi4py import MPI
    except (ImportError, OSError, RuntimeError) as e:
        raise ImportError('{} (importing mpi4py.MPI failed: {})'.format(
            INSTALL_HINT, e)) from e
    return MPI


def is_mpi_comm(obj):
    """Whether ``obj`` is an mpi4py communicator (without importing mpi4py)."""
    import sys
    mod = sys.modules.get('mpi4py.MPI')
    return mod is not None and isinstance(obj, mod.Comm)
