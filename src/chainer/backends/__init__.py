"""Array backends: NumPy on the CPU (always), CuPy on NVIDIA GPUs (when installed)."""
from chainer.backends import _cpu  # NOQA
from chainer.backends import cuda  # NOQA
from chainer.backends import intel64  # NOQA
