"""The device abstraction shared by every backend (NumPy, CuPy, iDeep, ChainerX)."""
import contextlib


class Device(object):
    """A place where arrays live and computations on them run.

    Concrete devices are :class:`chainer.backend.CpuDevice` (NumPy),
    :class:`chainer.backend.GpuDevice` (CuPy), :class:`chainer.backend.Intel64Device`
    and :class:`chainer.backend.ChainerxDevice`. Obtain one with
    :func:`chainer.get_device`.
    """

    @property
    def xp(self):
        """The array module of this device (``numpy`` or ``cupy``)."""
        raise NotImplementedError('Device implementations must override xp')

    @property
    def supported_array_types(self):
        """Tuple of the array classes that can live on this device."""
        raise NotImplementedError(
            'Device implementations must override supported_array_types')

    @property
    def name(self):
        """The device specifier string, such as ``'@numpy'`` or ``'@cupy:0'``."""
        raise NotImplementedError('Device implementations must override name')

    def __str__(self):
        return self.name

    def __repr__(self):
        return '<{} {}>'.format(type(self).__name__, self.name)

    def __eq__(self, other):
        if not isinstance(other, Device):
            return NotImplemented
        return self.name == other.name

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self.name)

    def __enter__(self):
        raise RuntimeError(
            'A Device cannot be used directly in a with statement; use '
            'chainer.using_device(device) or device.create_context() instead.')

    def __exit__(self, *args):
        pass

    def create_context(self):
        """A context manager that makes this device current while it is active."""
        return contextlib.nullcontext()

    def is_array_supported(self, array):
        """Whether ``array`` can live on this device as it is."""
        return isinstance(array, self.supported_array_types)

    def send_array(self, array):
        """Return ``array`` transferred to this device (the same object if already there)."""
        raise NotImplementedError('Device implementations must override send_array')

    def send(self, arrays):
        """Transfer an array, or nested tuples, lists and dicts of arrays, to this device.

        ``None`` entries are kept as they are. Arrays already on the device are
        returned without a copy.
        """
        return _convert_nested(arrays, self.send_array)

    def use(self):
        """Make this device the current one of its kind (a no-op for the CPU)."""
        pass


def _convert_nested(obj, convert):
    if obj is None:
        return None
    if isinstance(obj, tuple):
        return tuple(_convert_nested(o, convert) for o in obj)
    if isinstance(obj, list):
        return [_convert_nested(o, convert) for o in obj]
    if isinstance(obj, dict):
        return {k: _convert_nested(v, convert) for k, v in obj.items()}
    return convert(obj)
