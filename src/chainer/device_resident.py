"""Objects whose arrays live on a device, and the visitors that move them.

A :class:`DeviceResident` (every :class:`chainer.Link` is one) remembers the
device its arrays are on. Moving it (``to_device``, ``to_cpu``, ``to_gpu``) walks
the object and what it holds with a visitor: :meth:`device_resident_accept`
calls ``visitor.visit_device_resident(self)`` and then, for the arrays and
variables the object owns, ``visit_array`` and ``visit_variable``.
"""
import warnings

import numpy

import chainer
from chainer import backend
from chainer.backends import _cpu
from chainer.backends import cuda


def _warn_deprecated(method, specifier):
    warnings.warn(
        '{}() is deprecated; use to_device({}) instead'.format(method, specifier),
        DeprecationWarning, stacklevel=3)


# Methods a subclass may not override (TypeError when the class is defined),
# and methods whose overriding is deprecated (DeprecationWarning): the
# overrides of the latter are still called by to_device().
_FINAL_METHODS = ('to_device', 'to_chx', 'from_chx')
_DEPRECATED_OVERRIDES = ('to_cpu', 'to_gpu', 'to_intel64')


class DeviceResident(object):
    """Something that holds arrays on one device and can be moved to another.

    Subclasses override :meth:`device_resident_accept` to show a visitor the
    arrays, variables and nested device residents they own. ``to_device``,
    ``to_chx`` and ``from_chx`` cannot be overridden (TypeError when the class
    is defined); overriding ``to_cpu``, ``to_gpu`` or ``to_intel64`` is
    deprecated (DeprecationWarning), but such overrides are still called when
    the object is moved with :meth:`to_device`.
    """

    _device = _cpu.CpuDevice()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in _FINAL_METHODS:
            if name in cls.__dict__:
                raise TypeError(
                    '{}: {} of a DeviceResident (a Link) cannot be overridden; '
                    'override device_resident_accept to move attributes of your own'
                    .format(cls.__qualname__, name))
        for name in _DEPRECATED_OVERRIDES:
            if name in cls.__dict__:
                import warnings
                warnings.warn(
                    '{}: overriding {} is deprecated since Chainer v7; override '
                    'device_resident_accept instead'.format(cls.__qualname__, name),
                    DeprecationWarning, stacklevel=2)

    def __init__(self):
        self._device = _cpu.CpuDevice()

    @property
    def device(self):
        """The :class:`chainer.backend.Device` this object's arrays are on."""
        return self._device

    def __getstate__(self):
        # Chainer 7.8.1's layout, so that pickles load in either: it keeps
        # ``_overridden_to_methods`` and no device for the CPU (the class default).
        state = dict(self.__dict__)
        device = state.get('_device')
        if device is not None and getattr(device, 'xp', None) is numpy:
            del state['_device']
        state.setdefault('_overridden_to_methods', ())
        return state

    def __setstate__(self, state):
        state = dict(state)
        state.pop('_overridden_to_methods', None)
        self.__dict__.update(state)

    @property
    def xp(self):
        """The array module of :attr:`device` (``numpy`` or ``cupy``)."""
        return self._device.xp

    def device_resident_accept(self, visitor):
        """Let ``visitor`` visit this object (and, in subclasses, what it holds)."""
        visitor.visit_device_resident(self)

    def to_cpu(self):
        """Move all arrays to the CPU (NumPy) and return ``self``.

        Deprecated (DeprecationWarning, as in Chainer 7): use
        ``to_device('@numpy')``.
        """
        _warn_deprecated('to_cpu', "'@numpy'")
        visitor = _ToDeviceVisitor(backend.CpuDevice(), entry_method_info=('to_cpu', {}),
                                   skip_between_cupy_devices=False,
                                   starting_device_resident=self)
        self.__to_device(visitor)
        return self

    def to_gpu(self, device=None):
        """Move all arrays to a GPU (CuPy) and return ``self``.

        Deprecated (DeprecationWarning, as in Chainer 7): use
        ``to_device('@cupy:N')``.

        Args:
            device: a GPU id or ``cupy.cuda.Device``; the current GPU if None.
        """
        _warn_deprecated('to_gpu', "'@cupy:N'")
        cuda.check_cuda_available()
        if device is None:
            dev = backend.GpuDevice(cuda.cupy.cuda.Device())
        elif isinstance(device, backend.Device):
            dev = device
        else:
            dev = backend.get_device(cuda.cupy.cuda.Device(int(device))
                                     if not isinstance(device, cuda.cupy.cuda.Device)
                                     else device)
        visitor = _ToDeviceVisitor(dev, entry_method_info=('to_gpu', {'device': device}),
                                   skip_between_cupy_devices=(device is None),
                                   starting_device_resident=self)
        self.__to_device(visitor)
        return self

    def to_intel64(self):
        """Move all arrays to the iDeep device (they stay NumPy arrays here); return self.

        Deprecated (DeprecationWarning, as in Chainer 7): use
        ``to_device('@intel64')``.
        """
        _warn_deprecated('to_intel64', "'@intel64'")
        visitor = _ToDeviceVisitor(backend.Intel64Device(),
                                   entry_method_info=('to_intel64', {}),
                                   starting_device_resident=self)
        self.__to_device(visitor)
        return self

    def to_chx(self):
        """Not available: ChainerX is not part of chainer-next."""
        raise RuntimeError('{}.to_chx: ChainerX is not available in chainer-next; '
                           'use to_device("@numpy") or to_device("@cupy:N")'.format(
                               type(self).__name__))

    def from_chx(self):
        """Nothing to do (no array is ever a ChainerX array here); returns ``self``."""
        return self

    def to_device(self, device):
        """Move all arrays to ``device`` (any specifier of :func:`chainer.get_device`).

        Returns ``self``.
        """
        device = backend.get_device(device)
        self.__to_device(_ToDeviceVisitor(device))
        return self

    def __to_device(self, visitor):
        self.device_resident_accept(visitor)


class DeviceResidentsVisitor(object):
    """Base class of visitors that walk device residents, arrays and variables."""

    def visit_device_resident(self, device_resident):
        """Visit a :class:`DeviceResident`."""
        raise NotImplementedError(
            '{} does not implement visit_device_resident'.format(type(self).__name__))

    def visit_array(self, arr):
        """Visit an array; return the array to store in its place."""
        raise NotImplementedError(
            '{} does not implement visit_array'.format(type(self).__name__))

    def visit_variable(self, param):
        """Visit a variable (or parameter), changing it in place."""
        raise NotImplementedError(
            '{} does not implement visit_variable'.format(type(self).__name__))


class _ToDeviceVisitor(DeviceResidentsVisitor):
    # Sends every array and variable to one device and records that device on
    # every device resident met on the way.

    def __init__(self, device, entry_method_info=None,
                 skip_between_cupy_devices=False, starting_device_resident=None):
        self._device = device
        self._entry_method_info = entry_method_info
        self._skip_between_cupy_devices = skip_between_cupy_devices
        self._starting_device_resident = starting_device_resident

    def _skip(self, arr):
        # to_gpu() without an id leaves arrays already on some GPU where they are.
        return (self._skip_between_cupy_devices and cuda.available and
                isinstance(arr, cuda.ndarray))

    def visit_device_resident(self, device_resident):
        device_resident._device = self._device
        # A (deprecated) override of to_cpu/to_gpu/to_intel64 in a user's class
        # is called when the object is moved to that kind of device, except on
        # the object whose method started the move (that would recurse).
        if device_resident is self._starting_device_resident:
            return
        name = self._device_method_name()
        if name is None:
            return
        method = getattr(type(device_resident), name, None)
        if method is None or method is getattr(DeviceResident, name):
            return
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', DeprecationWarning)
            if name == 'to_gpu':
                getattr(device_resident, name)(self._device.device)
            else:
                getattr(device_resident, name)()

    def _device_method_name(self):
        device = self._device
        if isinstance(device, backend.Intel64Device):
            return 'to_intel64'
        if isinstance(device, backend.CpuDevice):
            return 'to_cpu'
        if isinstance(device, backend.GpuDevice):
            return 'to_gpu'
        return None

    def visit_array(self, arr):
        if arr is None or self._skip(arr):
            return arr
        return self._device.send(arr)

    def visit_variable(self, param):
        if self._skip(param.array):
            return
        param.to_device(self._device)


def _is_array(value):
    return isinstance(value, chainer.get_array_types()) or \
        isinstance(value, numpy.ndarray)
