"""The iDeep (Intel64) backend.

iDeep is not supported by this implementation: ``is_ideep_available()`` is always
False, ``should_use_ideep`` always returns False, and sending arrays to the
``'@intel64'`` device keeps them as NumPy arrays, so code that asks for iDeep keeps
running on plain NumPy.
"""
import numpy

import chainer  # NOQA

from chainer.backends import _cpu


class mdarray(object):
    """Placeholder for iDeep's array type; iDeep is never available here."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError(
            'iDeep is not available: chainer-next does not support the iDeep '
            'backend. Use NumPy arrays (device "@numpy") instead.')


def _backend_device_repr(self):
    return '<{} {}>'.format(type(self).__name__, self.name)


class Intel64Device(_cpu.CpuDevice):
    """The CPU device with iDeep acceleration. Arrays stay NumPy arrays here."""

    name = '@intel64'

    def __init__(self):
        pass

    @staticmethod
    def from_array(array):
        """Always None: no array is an iDeep array here."""
        return None

    def is_array_supported(self, array):
        return isinstance(array, numpy.ndarray)

    __repr__ = _backend_device_repr

    def send_array(self, array):
        return _cpu._array_to_cpu(array)

    def __eq__(self, other):
        return isinstance(other, Intel64Device)

    def __hash__(self):
        return hash('@intel64')


def is_ideep_available():
    """Always False: iDeep is not supported."""
    return False


def check_ideep_available():
    """Raise RuntimeError: iDeep is not supported by chainer-next."""
    raise RuntimeError(
        'iDeep is not available: chainer-next does not support the iDeep backend.')


def should_use_ideep(level):
    """Always False: iDeep is never used. ``level`` is 'never', 'auto' or 'always'."""
    if level not in ('never', 'auto', 'always'):
        raise ValueError(
            "should_use_ideep: level must be 'never', 'auto' or 'always', got {!r}"
            .format(level))
    return False


def inputs_all_ready(inputs, supported_ndim=(2, 4)):
    """Always False: no input is ever ready for iDeep."""
    return False
