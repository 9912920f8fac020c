"""The NumPy backend."""
import numpy

from chainer import _backend


class CpuDevice(_backend.Device):
    """The CPU, computing with NumPy arrays. Its name is ``'@numpy'``."""

    xp = numpy
    supported_array_types = (numpy.ndarray,)
    name = '@numpy'

    @staticmethod
    def from_array(array):
        """Return a CpuDevice if ``array`` is a NumPy array (or NumPy scalar), else None."""
        if isinstance(array, (numpy.ndarray, numpy.generic)):
            return CpuDevice()
        return None

    def send_array(self, array):
        return _array_to_cpu(array)

    def __eq__(self, other):
        return isinstance(other, CpuDevice) and type(other) is type(self)

    def __hash__(self):
        return hash('@numpy')

    def __repr__(self):
        # Chainer's documented form, e.g. ``x.device`` -> ``<CpuDevice (numpy)>``.
        return '<CpuDevice (numpy)>'


def _array_to_cpu(array):
    if array is None:
        return None
    if isinstance(array, numpy.ndarray):
        return array
    if isinstance(array, numpy.generic):
        return numpy.asarray(array)
    getter = getattr(array, 'get', None)
    if getter is not None and hasattr(array, '__cuda_array_interface__'):
        return getter()
    # intel64 mdarray and other array-likes that NumPy understands
    if hasattr(array, '__array__'):
        return numpy.asarray(array)
    raise TypeError(
        'Cannot transfer an object of type {} to the CPU: expected a NumPy or CuPy '
        'array.'.format(type(array).__name__))


# The name under which Chainer's backends module offered the same conversion.
_to_cpu = _array_to_cpu
