"""ChainerMN communicators and :func:`create_communicator`."""
from chainermn.communicators.communicator_base import CommunicatorBase  # NOQA
from chainermn.communicators import argument  # NOQA
from chainermn.communicators import communicator_base  # NOQA

_NAMES = ('naive', 'flat', 'non_cuda_aware', 'pure_nccl')
_REMOVED = ('hierarchical', 'two_dimensional', 'single_node')


def create_communicator(communicator_name='pure_nccl', mpi_comm=None, **kwargs):
    """Create a ChainerMN communicator.

    ================== ===== ===== ======== =====================================
    name               CPU   GPU   NCCL     use
    ================== ===== ===== ======== =====================================
    ``naive``          yes   yes            CPU training (GPU arrays go through
                                            host memory)
    ``flat``                 yes   no       GPUs without NCCL
    ``non_cuda_aware``       yes   needed   GPUs, MPI that is not CUDA-aware
    ``pure_nccl``            yes   needed   GPUs (the default)
    ================== ===== ===== ======== =====================================

    The CUDA communicators need CuPy (and NCCL, which CuPy's wheels bring);
    without them creating one raises an error that says so. All of them need
    mpi4py and an MPI library (``pip install "chainer[mpi]"``), and the
    script is started with ``mpiexec -n N python script.py``.

    Gradients are exchanged in float32 by ``naive``, ``flat`` and
    ``non_cuda_aware`` (float64 models in float64). ``pure_nccl`` follows
    ``allreduce_grad_dtype``, or without it ``chainer.config.dtype``: float32
    for float32, float16 for float16 and ``chainer.mixed16``.

    Args:
        communicator_name (str): one of the names above.
        mpi_comm: an mpi4py communicator (default ``mpi4py.MPI.COMM_WORLD``).
        allreduce_grad_dtype: ``pure_nccl`` only: float16, float32 or float64.
        batched_copy (bool): pack a model's arrays into one buffer per
            collective (default True).

    Returns:
        CommunicatorBase: the communicator.
    """
    allreduce_grad_dtype = kwargs.pop('allreduce_grad_dtype', None)
    batched_copy = kwargs.pop('batched_copy', True)
    if kwargs:
        raise TypeError('create_communicator() got unexpected keyword arguments: '
                        '{}'.format(', '.join(sorted(kwargs))))
    if communicator_name in _REMOVED:
        raise ValueError(
            'The {!r} communicator was removed in Chainer v7; use pure_nccl on '
            'GPUs or naive on CPUs'.format(communicator_name))
    if communicator_name not in _NAMES:
        raise ValueError('Unrecognized communicator {!r}: choose one of {}'.format(
            communicator_name, ', '.join(repr(n) for n in _NAMES)))
    if allreduce_grad_dtype is not None and communicator_name != 'pure_nccl':
        raise ValueError('allreduce_grad_dtype is only available for the '
                         "'pure_nccl' communicator, not {!r}".format(
                             communicator_name))

    # Say what is missing for a CUDA communicator before touching MPI.
    from chainermn.communicators import _cuda
    if communicator_name == 'flat':
        _cuda.require_cuda(communicator_name)
    elif communicator_name != 'naive':
        _cuda.require_nccl(communicator_name)

    from chainermn import _mpi
    MPI = _mpi.get_mpi()
    if mpi_comm is None:
        mpi_comm = MPI.COMM_WORLD

    if communicator_name == 'naive':
        from chainermn.communicators.naive_communicator import NaiveCommunicator
        comm = NaiveCommunicator(mpi_comm=mpi_comm)
    elif communicator_name == 'flat':
        from chainermn.communicators.flat_communicator import FlatCommunicator
        comm = FlatCommunicator(mpi_comm=mpi_comm)
    elif communicator_name == 'non_cuda_aware':
        from chainermn.communicators.non_cuda_aware_communicator import \
            NonCudaAwareCommunicator
        comm = NonCudaAwareCommunicator(mpi_comm=mpi_comm)
    else:
        from chainermn.communicators.pure_nccl_communicator import \
            PureNcclCommunicator
        comm = PureNcclCommunicator(mpi_comm=mpi_comm,
                                    allreduce_grad_dtype=allreduce_grad_dtype)
    comm.set_config('batched_copy', batched_copy)
    return comm
