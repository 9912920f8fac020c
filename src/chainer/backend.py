"""Backend-independent access to arrays and devices.

``get_array_module`` picks NumPy or CuPy for the arrays at hand, ``get_device``
turns a device specifier into a :class:`Device`, ``using_device`` makes a device
current for a ``with`` block.
"""
from __future__ import annotations

import threading
import typing

import numpy

import chainer
import chainerx  # NOQA
from chainer import _backend
from chainer import types  # NOQA
from chainer.backends import _chainerx
from chainer.backends import _cpu
from chainer.backends import cuda
from chainer.backends import intel64

Device = _backend.Device
CpuDevice = _cpu.CpuDevice
GpuDevice = cuda.GpuDevice
Intel64Device = intel64.Intel64Device
ChainerxDevice = _chainerx.ChainerxDevice
to_chx = _chainerx.to_chx
from_chx = _chainerx.from_chx

_CPU_DEVICE = CpuDevice()


def get_array_module(*args: typing.Any) -> types.Xp:
    """Return the array module (``numpy`` or ``cupy``) that suits the arguments.

    Arguments may be arrays, Variables or anything else; the answer is ``cupy`` if
    any of them is (or holds) a CuPy array, and ``numpy`` otherwise.
    """
    if cuda.available:
        return cuda.get_array_module(*args)
    return numpy


def get_device_from_array(*arrays: types.NdArray) -> _backend.Device:
    """The device holding the first array given (NumPy arrays and others give the CPU)."""
    for array in arrays:
        if isinstance(array, chainer.variable.Variable):
            array = array.array
        if cuda.available and isinstance(array, cuda.cupy.ndarray):
            return GpuDevice(array.device)
    return _CPU_DEVICE


def _int_spec(spec):
    if isinstance(spec, bool):
        return None
    if isinstance(spec, (int, numpy.integer)):
        return int(spec)
    if isinstance(spec, str):
        try:
            return int(spec)
        except ValueError:
            return None
    return None


def get_device(device_spec: types.DeviceSpec) -> _backend.Device:
    """Return the :class:`Device` that ``device_spec`` names.

    Accepted specifiers:

    * a :class:`Device` (returned as it is);
    * ``'@numpy'``, the ``numpy`` module, or a negative integer (or its string, as
      the examples' ``--device -1``): the CPU;
    * ``'@cupy:N'``, a non-negative integer ``N`` (or its string), ``(cupy, N)`` or a
      ``cupy.cuda.Device``: GPU number N (needs CuPy);
    * ``'@intel64'``: the CPU with iDeep (arrays stay NumPy here);
    * ChainerX specifiers such as ``'native:0'`` or ``'cuda:0'``, which raise
      because ChainerX is not available.
    """
    if isinstance(device_spec, Device):
        return device_spec
    if device_spec is numpy:
        return _CPU_DEVICE
    if isinstance(device_spec, tuple) and len(device_spec) == 2:
        module, index = device_spec
        if module is numpy:
            return _CPU_DEVICE
        if cuda.available and module is cuda.cupy:
            return GpuDevice.from_device_id(index)
        if module == '@cupy' or (getattr(module, '__name__', None) == 'cupy'):
            cuda.check_cuda_available()
            return GpuDevice.from_device_id(index)
    if cuda.available and isinstance(device_spec, cuda.cupy.cuda.Device):
        return GpuDevice(device_spec)
    if isinstance(device_spec, cuda.DummyDeviceType):
        return _CPU_DEVICE
    as_int = _int_spec(device_spec)
    if as_int is not None:
        if as_int < 0:
            return _CPU_DEVICE
        cuda.check_cuda_available()
        return GpuDevice.from_device_id(as_int)
    if isinstance(device_spec, str):
        if device_spec == '@numpy':
            return _CPU_DEVICE
        if device_spec == '@intel64':
            return Intel64Device()
        if device_spec.startswith('@cupy:'):
            index = device_spec[len('@cupy:'):]
            if not index.isdigit():
                raise ValueError(
                    "Invalid device specifier {!r}: expected '@cupy:N' with a "
                    'non-negative integer N'.format(device_spec))
            cuda.check_cuda_available()
            return GpuDevice.from_device_id(int(index))
        backend_name = device_spec.split(':', 1)[0]
        if backend_name in ('native', 'cuda'):
            raise RuntimeError(
                'Device specifier {!r} names a ChainerX device, but ChainerX is not '
                'available in chainer-next. Use "@numpy" or "@cupy:N".'.format(
                    device_spec))
    raise ValueError(
        "Invalid device specifier {!r}: expected a Device, '@numpy', '@cupy:N', "
        "'@intel64', an integer device id, the numpy module or a cupy.cuda.Device"
        .format(device_spec))


class _DeviceState(threading.local):
    def __init__(self):
        self.stack = []


_device_state = _DeviceState()


def _get_current_device():
    stack = _device_state.stack
    return stack[-1] if stack else None


class using_device(object):
    """Context manager that makes a device current for the current thread.

    Args:
        device_spec: any specifier :func:`get_device` accepts.

    Inside the block, :func:`chainer.backend.get_device(None)` style defaults and
    CuPy's current device refer to this device.
    """

    def __init__(self, device_spec: types.DeviceSpec) -> None:
        self.device = get_device(device_spec)
        self._context = None

    def __enter__(self) -> _backend.Device:
        self._context = self.device.create_context()
        self._context.__enter__()
        _device_state.stack.append(self.device)
        return self.device

    def __exit__(self, *args):
        _device_state.stack.pop()
        self._context.__exit__(*args)
        self._context = None


def copyto(dst: types.NdArray, src: types.NdArray) -> None:
    """Copy the elements of ``src`` into ``dst``, across devices if needed.

    Args:
        dst: the destination NumPy or CuPy array (written in place).
        src: a NumPy or CuPy array (or a scalar) of a shape that broadcasts to
            ``dst``'s.
    """
    if isinstance(dst, numpy.ndarray):
        numpy.copyto(dst, _cpu._array_to_cpu(src) if not numpy.isscalar(src) else src)
    elif cuda.available and isinstance(dst, cuda.cupy.ndarray):
        if isinstance(src, (numpy.ndarray, numpy.generic)) or numpy.isscalar(src):
            if numpy.isscalar(src):
                dst.fill(src)
            else:
                src = numpy.asarray(src)
                if src.shape == dst.shape and dst.flags.c_contiguous:
                    dst.set(numpy.ascontiguousarray(src, dtype=dst.dtype))
                else:
                    with dst.device:
                        cuda.cupy.copyto(dst, cuda.cupy.asarray(src))
        elif isinstance(src, cuda.cupy.ndarray):
            with dst.device:
                if src.device != dst.device:
                    src = cuda.cupy.array(src, copy=True)
                cuda.cupy.copyto(dst, src)
        else:
            raise TypeError('copyto: cannot copy from an object of type {}'.format(
                type(src).__name__))
    else:
        raise TypeError('copyto: the destination must be a NumPy or CuPy array, got '
                        '{}'.format(type(dst).__name__))


def get_array_types() -> tuple[type, ...]:
    """The array classes Chainer works with (NumPy's, plus CuPy's when installed)."""
    if cuda.available:
        return (numpy.ndarray, cuda.cupy.ndarray)
    return (numpy.ndarray,)


def get_cpu_array_types() -> tuple[type, ...]:
    """The array classes that live on the CPU."""
    return (numpy.ndarray,)


def is_arrays_compatible(arrays: typing.Iterable[types.NdArray | None]) -> bool:
    """Whether all non-None arrays are of one backend (all NumPy or all CuPy)."""
    arrays = [a for a in arrays if a is not None]
    if not arrays:
        return True
    first = type(arrays[0])
    if issubclass(first, numpy.ndarray):
        kind = numpy.ndarray
    elif cuda.available and issubclass(first, cuda.cupy.ndarray):
        kind = cuda.cupy.ndarray
    else:
        return False
    return all(isinstance(a, kind) for a in arrays)
