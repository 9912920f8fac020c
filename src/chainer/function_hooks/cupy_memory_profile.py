"""CupyMemoryProfileHook: GPU memory taken by each function."""
import collections
import sys

from chainer.backends import cuda
from chainer import function_hook
from chainer.function_hooks import timer

_UNITS = (('B', 1), ('KB', 1 << 10), ('MB', 1 << 20), ('GB', 1 << 30),
          ('TB', 1 << 40), ('PB', 1 << 50))


def _choose_unit(size):
    chosen = _UNITS[0]
    for name, scale in _UNITS:
        if size >= scale:
            chosen = (name, scale)
    return chosen


def _format_size(size, unit):
    return timer._format_in(size, unit, _UNITS, _choose_unit)


class CupyMemoryProfileHook(function_hook.FunctionHook):
    """Measures the GPU memory each function uses, through CuPy's memory pool.

    For each forward and backward call it records how many bytes the function
    used (``used_bytes``, growth of the pool's used memory) and how many the
    pool had to acquire from the device (``acquired_bytes``). Needs CuPy: without
    it, constructing the hook raises RuntimeError.

    Attributes:
        call_history (list): ``(function name, used_bytes, acquired_bytes)``
            per call; the name is the function's class name (for an old-style
            :class:`chainer.Function`, the class of the wrapped function).
    """

    name = 'CupyMemoryProfileHook'

    def __init__(self):
        cuda.check_cuda_available()
        self.call_history = []
        self._memory_pool = cuda.cupy.get_default_memory_pool()
        self._stack = []

    def added(self, function=None):
        pass

    def deleted(self, function=None):
        pass

    def _start(self):
        self._stack.append((self._memory_pool.used_bytes(),
                            self._memory_pool.total_bytes()))

    def _stop(self, function):
        if not self._stack:
            return
        used_before, total_before = self._stack.pop()
        used = self._memory_pool.used_bytes() - used_before
        acquired = self._memory_pool.total_bytes() - total_before
        name = getattr(function, '_impl_name', None) or type(function).__name__
        self.call_history.append((name, used, acquired))

    def forward_preprocess(self, function, in_data):
        self._start()

    def forward_postprocess(self, function, in_data):
        self._stop(function)

    def backward_preprocess(self, function, in_data, out_grad):
        self._start()

    def backward_postprocess(self, function, in_data, out_grad):
        self._stop(function)

    def total_used_bytes(self):
        """Bytes used by all recorded calls together."""
        return sum(used for _, used, _ in self.call_history)

    def total_acquired_bytes(self):
        """Bytes acquired from the device by all recorded calls together."""
        return sum(acquired for _, _, acquired in self.call_history)

    def summary(self):
        """Memory per function name: an OrderedDict of dicts with
        ``'used_bytes'``, ``'acquired_bytes'`` and ``'occurrence'``."""
        result = collections.OrderedDict()
        for name, used, acquired in self.call_history:
            entry = result.setdefault(name, {
                'used_bytes': 0, 'acquired_bytes': 0, 'occurrence': 0})
            entry['used_bytes'] += used
            entry['acquired_bytes'] += acquired
            entry['occurrence'] += 1
        return result

    def print_report(self, unit='auto', file=sys.stdout):
        """Print a table of the memory used and acquired by each function.

        Args:
            unit (str): ``'B'``, ``'KB'``, ``'MB'``, ``'GB'``, ``'TB'``, ``'PB'``,
                or ``'auto'`` to choose per value.
            file: where to write (default ``sys.stdout``).
        """
        timer._check_unit(unit, ('auto',) + tuple(name for name, _ in _UNITS))
        rows = [('FunctionName', 'UsedBytes', 'AcquiredBytes', 'Occurrence')]
        for label, entry in self.summary().items():
            rows.append((label, _format_size(entry['used_bytes'], unit),
                         _format_size(entry['acquired_bytes'], unit),
                         str(entry['occurrence'])))
        timer._write_table(rows, file)
