"""The CuPy backend: CUDA devices, array transfers and kernel helpers.

Everything here works when CuPy is installed (``pip install 'chainer[cuda]'``).
Without CuPy, ``available`` is False, the module still imports, CPU-side helpers
(``to_cpu``, ``get_array_module``) keep working, and every GPU request raises a
RuntimeError that says CuPy is missing.
"""
import functools
import os
import threading

import numpy

import chainer
from chainer import _backend
from chainer.backends import _cpu
from chainer.backends import intel64  # NOQA
from chainer import types  # NOQA
import chainerx  # NOQA

_MISSING_MESSAGE = (
    'CUDA is not available: the package "cupy" could not be imported ({}). Install '
    'CuPy for your CUDA version (for example `pip install cupy-cuda12x`, or '
    '`pip install "chainer[cuda]"`) to use GPUs.')

try:
    import cupy
    import cupy.cuda
    import cupyx  # NOQA
    from cupy.cuda import Device  # NOQA
    from cupy.cuda import Event  # NOQA
    from cupy.cuda import Stream  # NOQA
    from cupy import ndarray  # NOQA
    try:
        from cupy import cudnn  # NOQA
        cudnn_enabled = True
    except Exception:
        cudnn = None
        cudnn_enabled = False
    available = True
    _import_error = None
except Exception as e:  # ImportError, or a CUDA driver problem at import
    class _CupyNotAvailable(object):
        """Stands in for the ``cupy`` module when CuPy is not installed, so that
        ``xp is cuda.cupy`` keeps working (and is False for NumPy); any of its
        attributes raises AttributeError saying that CuPy is missing."""

        def __getattr__(self, name):
            if name.startswith('__') and name.endswith('__'):
                raise AttributeError(name)
            raise AttributeError('cupy.{}: {}'.format(
                name, _MISSING_MESSAGE.format(_import_error)))

        def __repr__(self):
            return '<cupy: not available>'

    cupy = _CupyNotAvailable()
    cudnn = None
    cudnn_enabled = False
    available = False
    _import_error = e

    class ndarray(object):
        """Stands in for ``cupy.ndarray`` when CuPy is not installed; never instantiated."""

        def __init__(self, *args, **kwargs):
            check_cuda_available()

        @property
        def shape(self):
            check_cuda_available()

        @property
        def device(self):
            check_cuda_available()

        def get(self, stream=None):
            check_cuda_available()

        def set(self, arr, stream=None):
            check_cuda_available()

    class Device(object):
        """Stands in for ``cupy.cuda.Device`` when CuPy is not installed."""

        def __init__(self, device=None):
            check_cuda_available()

    class Event(object):
        """Stands in for ``cupy.cuda.Event`` when CuPy is not installed."""

        def __init__(self, *args, **kwargs):
            check_cuda_available()

    class Stream(object):
        """Stands in for ``cupy.cuda.Stream`` when CuPy is not installed."""

        null = None

        def __init__(self, *args, **kwargs):
            check_cuda_available()


def check_cuda_available():
    """Raise RuntimeError, saying why, unless CuPy is installed and usable."""
    if not available:
        raise RuntimeError(_MISSING_MESSAGE.format(_import_error))


class DummyDeviceType(object):
    """A device object that stands for the CPU where a CUDA device is expected.

    ``with DummyDevice:`` does nothing, ``DummyDevice.id`` is -1 and it is false in
    a boolean context.
    """

    id = -1

    def __init__(self):
        pass

    def __int__(self):
        return -1

    def __index__(self):
        return -1

    def __bool__(self):
        return False

    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass

    def use(self):
        pass

    def synchronize(self):
        pass

    def __eq__(self, other):
        return isinstance(other, DummyDeviceType)

    def __hash__(self):
        return hash(-1)


DummyDevice = DummyDeviceType()


class GpuDevice(_backend.Device):
    """A CUDA GPU, computing with CuPy arrays. Its name is ``'@cupy:N'``.

    Args:
        device (cupy.cuda.Device): the CUDA device.
    """

    def __init__(self, device):
        check_cuda_available()
        if not isinstance(device, cupy.cuda.Device):
            raise TypeError('GpuDevice: expected a cupy.cuda.Device, got {}'.format(
                type(device).__name__))
        self.device = device

    @staticmethod
    def from_device_id(device_id):
        """The GpuDevice of CUDA device number ``device_id`` (a non-negative int)."""
        check_cuda_available()
        if not isinstance(device_id, int) or device_id < 0:
            raise ValueError('GpuDevice.from_device_id: expected a non-negative '
                             'integer device id, got {!r}'.format(device_id))
        return GpuDevice(cupy.cuda.Device(device_id))

    @staticmethod
    def from_array(array):
        """The GpuDevice holding ``array`` if it is a CuPy array, else None."""
        if available and isinstance(array, cupy.ndarray):
            return GpuDevice(array.device)
        return None

    @property
    def xp(self):
        return cupy

    @property
    def supported_array_types(self):
        return (cupy.ndarray,)

    @property
    def name(self):
        return '@cupy:{}'.format(self.device.id)

    def __eq__(self, other):
        return isinstance(other, GpuDevice) and other.device.id == self.device.id

    def __repr__(self):
        # Chainer's documented form: ``<GpuDevice (cupy):0>``.
        return '<GpuDevice (cupy):{}>'.format(self.device.id)

    def __hash__(self):
        return hash(self.name)

    def create_context(self):
        return cupy.cuda.Device(self.device.id)

    def is_array_supported(self, array):
        return isinstance(array, cupy.ndarray) and array.device.id == self.device.id

    def send_array(self, array):
        return _array_to_gpu(array, self.device, None)

    def use(self):
        self.device.use()


def get_device_from_id(device_id):
    """The ``cupy.cuda.Device`` numbered ``device_id``, or DummyDevice for None/negative."""
    if device_id is None or (isinstance(device_id, int) and device_id < 0):
        return DummyDevice
    check_cuda_available()
    return cupy.cuda.Device(device_id)


def get_device_from_array(*arrays):
    """The ``cupy.cuda.Device`` of the first CuPy array given, else DummyDevice."""
    for array in arrays:
        if isinstance(array, (list, tuple)):
            found = get_device_from_array(*array)
            if found is not DummyDevice:
                return found
        elif available and isinstance(array, cupy.ndarray):
            return array.device
    return DummyDevice


def get_device(*args):
    """Deprecated: the device of the first device object, integer id or CuPy array given.

    Use :func:`get_device_from_id` or :func:`get_device_from_array` instead.
    """
    for arg in args:
        if arg is None:
            continue
        if isinstance(arg, (int, numpy.integer)) and not isinstance(arg, bool):
            return get_device_from_id(int(arg))
        if available and isinstance(arg, cupy.cuda.Device):
            return arg
        if available and isinstance(arg, cupy.ndarray):
            return arg.device
    return DummyDevice


def get_array_module(*args):
    """``cupy`` if any argument is a CuPy array (or a Variable holding one), else ``numpy``."""
    if available:
        args = [a.array if isinstance(a, chainer.variable.Variable) else a for a in args]
        return cupy.get_array_module(*args)
    return numpy


def _array_to_gpu(array, device, stream):
    if array is None:
        return None
    if isinstance(array, chainer.variable.Variable):
        raise TypeError('to_gpu expects arrays, not Variables; use Variable.to_gpu()')
    check_cuda_available()
    if isinstance(array, cupy.ndarray):
        if device is None or array.device.id == device.id:
            return array
        with device:
            return cupy.array(array, copy=True)
    if isinstance(array, (numpy.number, numpy.bool_)):
        array = numpy.asarray(array)
    if not isinstance(array, numpy.ndarray):
        raise TypeError('to_gpu: expected a NumPy or CuPy array, got {}'.format(
            type(array).__name__))
    with (device if device is not None else cupy.cuda.Device()):
        if stream is not None:
            out = cupy.empty(array.shape, array.dtype)
            out.set(numpy.ascontiguousarray(array), stream=stream)
            return out
        return cupy.asarray(array)


def to_gpu(array, device=None, stream=None):
    """Copy an array (or nested lists/tuples of arrays) to a GPU.

    Args:
        array: NumPy or CuPy array, None, or a list/tuple of those.
        device: CUDA device id, ``cupy.cuda.Device`` or None (the current device).
        stream: CUDA stream for an asynchronous copy, or None.
    Returns:
        CuPy arrays, in the same structure. Arrays already on that device are
        returned as they are.
    """
    check_cuda_available()
    if device is not None and not isinstance(device, cupy.cuda.Device):
        device = get_device_from_id(int(device))
    return _backend._convert_nested(
        array, lambda a: _array_to_gpu(a, device, stream))


def to_cpu(array, stream=None):
    """Copy an array (or nested lists/tuples of arrays) to host memory as NumPy arrays.

    NumPy arrays are returned as they are; None stays None.
    """
    return _backend._convert_nested(array, _cpu._array_to_cpu)


def copy(array, out=None, out_device=None, stream=None):
    """Copy a CuPy array, optionally into ``out`` or onto device ``out_device``."""
    check_cuda_available()
    if out is None:
        if out_device is None:
            out_device = array.device
        with get_device_from_id(int(out_device) if not isinstance(
                out_device, cupy.cuda.Device) else out_device.id):
            out = cupy.empty_like(array)
    with array.device:
        cupy.copyto(out, array)
    return out


def memoize(for_each_device=False):
    """Cache a function's results by its arguments (per device when asked)."""
    if available:
        return cupy.memoize(for_each_device)

    def decorator(f):
        return functools.lru_cache(maxsize=None)(f)
    return decorator


def clear_memo():
    """Forget every result cached by :func:`memoize`."""
    if available:
        cupy.clear_memo()


@memoize()
def elementwise(in_params, out_params, operation, name, **kwargs):
    """A cached ``cupy.ElementwiseKernel``."""
    check_cuda_available()
    return cupy.ElementwiseKernel(in_params, out_params, operation, name, **kwargs)


@memoize()
def reduce(in_params, out_params, map_expr, reduce_expr, post_map_expr,
           identity, name, **kwargs):
    """A cached ``cupy.ReductionKernel``."""
    check_cuda_available()
    return cupy.ReductionKernel(in_params, out_params, map_expr, reduce_expr,
                                post_map_expr, identity, name, **kwargs)


@memoize()
def raw(code, name, *args, **kwargs):
    """A cached ``cupy.RawKernel``."""
    check_cuda_available()
    return cupy.RawKernel(code, name, *args, **kwargs)


def fuse(*args, **kwargs):
    """``cupy.fuse`` when CuPy is installed; otherwise the function itself, unfused.

    The fused function then also runs on NumPy arrays, as CuPy's does.
    """
    if available:
        return cupy.fuse(*args, **kwargs)
    if len(args) == 1 and not kwargs and callable(args[0]):
        return args[0]
    return lambda f: f


_max_workspace_size = 8 * 1024 * 1024


def get_max_workspace_size():
    """The cuDNN workspace size limit in bytes."""
    return _max_workspace_size


def set_max_workspace_size(size):
    """Set the cuDNN workspace size limit in bytes."""
    global _max_workspace_size
    _max_workspace_size = size


_SHOULD_USE_CUDNN = {
    '==always': {'always': True, 'auto': False, 'never': False},
    '>=auto': {'always': True, 'auto': True, 'never': False},
}


def should_use_cudnn(level, lowest_version=0):
    """Whether cuDNN should be used under ``chainer.config.use_cudnn``.

    Args:
        level (str): ``'==always'`` or ``'>=auto'``.
        lowest_version (int): the oldest cuDNN version that is acceptable.
    """
    if level not in _SHOULD_USE_CUDNN:
        raise ValueError("should_use_cudnn: level must be '==always' or '>=auto', "
                         'got {!r}'.format(level))
    if not cudnn_enabled:
        return False
    try:
        if cudnn.getVersion() < lowest_version:
            return False
    except Exception:
        return False
    use = chainer.config.use_cudnn
    if use not in ('always', 'auto', 'never'):
        raise ValueError("chainer.config.use_cudnn must be 'always', 'auto' or "
                         "'never', got {!r}".format(use))
    return _SHOULD_USE_CUDNN[level][use]


def should_use_cudnn_tensor_core(dtype):
    """Whether cuDNN tensor cores should be used for arrays of ``dtype``."""
    use = chainer.config.use_cudnn_tensor_core
    if use == 'always':
        return True
    if use == 'never':
        return False
    if use != 'auto':
        raise ValueError("chainer.config.use_cudnn_tensor_core must be 'always', "
                         "'auto' or 'never', got {!r}".format(use))
    return numpy.dtype(dtype) == numpy.float16


_dropout_states = {}
_dropout_lock = threading.Lock()


def get_cudnn_dropout_states():
    """cuDNN dropout states of the current thread (needs CuPy with cuDNN)."""
    return get_cudnn_dropout_states_core(threading.get_ident())


def get_cudnn_dropout_states_core(thread_id):
    """cuDNN dropout states of thread ``thread_id`` (needs CuPy with cuDNN)."""
    check_cuda_available()
    if not cudnn_enabled:
        raise RuntimeError('cuDNN is not available in this CuPy installation')
    with _dropout_lock:
        key = (cupy.cuda.Device().id, thread_id)
        if key not in _dropout_states:
            seed = os.environ.get('CHAINER_SEED')
            seed = int(seed) if seed is not None else numpy.random.randint(2 ** 31)
            _dropout_states[key] = cudnn.DropoutStates(None, seed)
        return _dropout_states[key]
