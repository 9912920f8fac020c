"""Devices for tests that run on CPUs, GPUs or ChainerX."""
import chainer


def get_device(device_id=None, use_chainerx=False):
    """The chainer device a test process should use.

    Args:
        device_id (int or None): the GPU (None: the CPU).
        use_chainerx (bool): a ChainerX device (``native:0`` / ``cuda:N``)
            instead of NumPy / CuPy (``@numpy`` / ``@cupy:N``).

    Returns:
        chainer.backend.Device: the device.
    """
    if device_id is None:
        spec = 'native:0' if use_chainerx else '@numpy'
    else:
        spec = 'cuda:{}'.format(device_id) if use_chainerx else \
            '@cupy:{}'.format(device_id)
    return chainer.get_device(spec)
