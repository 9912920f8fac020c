"""``chainer.print_runtime_info``: the versions of what chainer runs on."""
import platform
import sys

import numpy


class _RuntimeInfo(object):

    def __init__(self):
        import chainer
        from chainer.backends import cuda
        self.chainer_version = chainer.__version__
        self.numpy_version = numpy.__version__
        self.platform_version = platform.platform()
        self.python_version = sys.version.split()[0]
        if cuda.available:
            self.cuda_info = 'CuPy {}'.format(cuda.cupy.__version__)
        else:
            self.cuda_info = None
        self.ideep_version = None

    def __str__(self):
        lines = [
            'Platform: {}'.format(self.platform_version),
            'Chainer: {}'.format(self.chainer_version),
            'ChainerX: Not Available',
            'NumPy: {}'.format(self.numpy_version),
            'CuPy: {}'.format(self.cuda_info or 'Not Available'),
            'iDeep: Not Available',
            'Python: {}'.format(self.python_version),
        ]
        return '\n'.join(lines) + '\n'


def _get_runtime_info():
    return _RuntimeInfo()


def print_runtime_info(out=None):
    """Print the versions of the platform, chainer, NumPy, CuPy and iDeep.

    Args:
        out: a file-like object to write to (default: ``sys.stdout``).
    """
    if out is None:
        out = sys.stdout
    out.write(str(_get_runtime_info()))
    if hasattr(out, 'flush'):
        out.flush()
