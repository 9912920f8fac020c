"""The ChainerX backend, which is not available in chainer-next.

``ChainerxDevice`` exists so that code can name and test for it; creating one, or
converting arrays with ``to_chx``, raises a RuntimeError saying ChainerX is absent.
"""
import chainerx

from chainer import _backend


def _unavailable(what):
    raise RuntimeError(
        '{}: ChainerX is not available in chainer-next. Use NumPy ("@numpy") or '
        'CuPy ("@cupy:N") devices instead.'.format(what))


class ChainerxDevice(_backend.Device):
    """A ChainerX device. ChainerX is never available here: construction raises."""

    def __init__(self, device):
        _unavailable('ChainerxDevice')

    @staticmethod
    def from_array(array):
        """Always None: no array is a ChainerX array here."""
        return None

    @staticmethod
    def from_fallback_device(device):
        """Raises: ChainerX is not available."""
        _unavailable('ChainerxDevice.from_fallback_device')

    @property
    def name(self):
        return _unavailable('ChainerxDevice.name')

    @property
    def xp(self):
        return chainerx

    @property
    def supported_array_types(self):
        return (chainerx.ndarray,)

    @property
    def fallback_device(self):
        return _unavailable('ChainerxDevice.fallback_device')

    def create_context(self):
        _unavailable('ChainerxDevice.create_context')

    def is_array_supported(self, array):
        return False

    def send_array(self, array):
        _unavailable('ChainerxDevice.send_array')

    def use(self):
        _unavailable('ChainerxDevice.use')


def to_chx(array):
    """Raises RuntimeError: there is no ChainerX to convert arrays to."""
    _unavailable('to_chx')


def from_chx(array):
    """Arrays pass through unchanged: there are no ChainerX arrays to convert."""
    return array
