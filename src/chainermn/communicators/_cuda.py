"""What the CUDA communicators need from CuPy, with clear errors without it."""


def require_cuda(name):
    """CuPy, or a RuntimeError that says the communicator ``name`` needs CUDA."""
    from chainer.backends import cuda
    if not cuda.available:
        raise RuntimeError(
            "The {!r} communicator needs CUDA: install CuPy for your CUDA version "
            "(for example `pip install cupy-cuda12x`, or `pip install "
            "\"chainer[cuda]\"`) and run on GPUs. On CPUs use "
            "chainermn.create_communicator('naive').".format(name))
    return cuda.cupy


def require_nccl(name):
    """``cupy.cuda.nccl``, or a RuntimeError naming what is missing."""
    require_cuda(name)
    from chainermn import nccl
    if not nccl.available:
        raise RuntimeError(
            'The {!r} communicator needs NCCL, which CuPy could not load: install '
            'a CuPy wheel with NCCL (`pip install cupy-cuda12x`) or NCCL itself. '
            "Without NCCL use the 'flat' communicator on GPUs.".format(name))
    if nccl.get_build_version() < 2000:
        raise RuntimeError('The {!r} communicator needs NCCL 2 or later, CuPy was '
                           'built with NCCL {}'.format(name, nccl.get_build_version()))
    return nccl._get_nccl()


def current_stream_ptr():
    from chainer.backends import cuda
    return cuda.cupy.cuda.get_current_stream().ptr


def new_nccl_comm(mpi_comm):
    """An NCCL communicator over the processes of ``mpi_comm`` (collective: rank
    0 makes the unique id and broadcasts it with MPI). It works on the current
    CUDA device."""
    from chainermn import nccl
    uid = nccl.get_unique_id() if mpi_comm.rank == 0 else None
    uid = mpi_comm.bcast(uid, root=0)
    return nccl.create_communicator(mpi_comm.size, uid, mpi_comm.rank)
