"""MultiprocessParallelUpdater: NCCL data parallelism (not available here)."""
from chainer.backends import cuda
from chainer.dataset import convert
from chainer.training.updaters import standard_updater


def _nccl_available():
    if not cuda.available:
        return False
    try:
        from cupy.cuda import nccl  # NOQA
    except Exception:
        return False
    return True


class MultiprocessParallelUpdater(standard_updater.StandardUpdater):
    """Data-parallel updater with one process per GPU, synchronized by NCCL.

    This updater needs CuPy built with NCCL and several CUDA GPUs; when they are
    not available (the usual case for chainer-next), creating it raises
    :class:`RuntimeError`. :class:`ParallelUpdater` trains data-parallel within
    one process and works on any devices.

    Args:
        iterators (list): one dataset iterator per device.
        optimizer: the optimizer.
        converter: turns a batch into arrays on a device.
        devices: the GPU ids (a list, or a dict with ``'main'``).
        auto_new_epoch (bool): call ``optimizer.new_epoch()`` at each epoch's end.
    """

    def __init__(self, iterators, optimizer, converter=convert.concat_examples,
                 devices=None, auto_new_epoch=True):
        if not MultiprocessParallelUpdater.available():
            raise RuntimeError(
                'MultiprocessParallelUpdater needs CuPy with NCCL and several CUDA '
                'GPUs, which are not available here. Use StandardUpdater, or '
                'ParallelUpdater for data parallelism within one process.')
        if devices is None or len(devices) < 2:
            raise RuntimeError(
                'MultiprocessParallelUpdater needs at least two GPUs in devices, got '
                '{!r}'.format(devices))
        raise RuntimeError(
            'MultiprocessParallelUpdater is not supported by chainer-next: '
            'multi-process NCCL training is not implemented. Use ParallelUpdater.')

    @staticmethod
    def available():
        """Whether NCCL (through CuPy) is available."""
        return _nccl_available()

    def setup_workers(self):
        """Start the worker processes (not supported)."""
        raise RuntimeError('MultiprocessParallelUpdater is not supported by '
                           'chainer-next')

    def update_core(self):
        raise RuntimeError('MultiprocessParallelUpdater is not supported by '
                           'chainer-next')

    def finalize(self):
        pass
