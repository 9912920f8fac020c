"""TimerHook: how long each function takes."""
import collections
import sys
import time

from chainer.backends import cuda
from chainer import function_hook

_UNITS = (('sec', 1.0), ('ms', 1e-3), ('us', 1e-6), ('ns', 1e-9))


def _choose_unit(seconds):
    """The largest unit in which ``seconds`` is at least 1 (ns for tiny times)."""
    for name, scale in _UNITS:
        if seconds >= scale:
            return name, scale
    return _UNITS[-1]


def _format_in(value, unit, units, choose_unit):
    """``value`` in ``unit`` (a name of ``units``, or ``'auto'`` for
    ``choose_unit(value)``), with two decimals and the unit's name."""
    if unit == 'auto':
        unit, scale = choose_unit(value)
    else:
        scale = dict(units)[unit]
    return '{:.2f}{}'.format(value / scale, unit)


def _format_time(seconds, unit):
    return _format_in(seconds, unit, _UNITS, _choose_unit)


def _check_unit(unit, units):
    if unit not in units:
        raise ValueError('print_report: unit must be one of {}, got {!r}'.format(
            ', '.join(units), unit))


def _write_table(rows, file):
    """Write ``rows`` (tuples of strings, the header first) as a table whose
    columns are all right-aligned, as in Chainer's documented reports."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        file.write('  '.join(cell.rjust(width)
                             for cell, width in zip(row, widths)) + '\n')
    if hasattr(file, 'flush'):
        file.flush()


def _is_gpu(arrays):
    return cuda.available and any(isinstance(a, cuda.ndarray) for a in arrays
                                  if a is not None)


class _CallTimer(object):
    """The bookkeeping and the report of the timer hooks (of functions and of
    links): a stack of the running calls, the time of each finished call in
    :attr:`call_history`, and the total of the outermost calls."""

    table = {'sec': 1, 'ms': 10 ** 3, 'us': 10 ** 6, 'ns': 10 ** 9}
    _name_column = 'Name'   # the header of the first column of the report

    def __init__(self):
        self.call_history = []
        self._total_time = 0.0
        self._stack = []  # [start time, on_gpu] per running call

    def _start(self, gpu):
        if gpu:
            cuda.cupy.cuda.get_current_stream().synchronize()
        self._stack.append((time.perf_counter(), gpu))

    def _stop(self, name):
        if not self._stack:
            return  # the hook was added between a pre- and a postprocess
        start, gpu = self._stack.pop()
        if gpu:
            cuda.cupy.cuda.get_current_stream().synchronize()
        elapsed = time.perf_counter() - start
        self.call_history.append((name, elapsed))
        if not self._stack:
            self._total_time += elapsed

    def total_time(self):
        """The total time, in seconds, of the outermost recorded calls."""
        return self._total_time

    def summary(self):
        """Times per name.

        Returns:
            collections.OrderedDict: for each name (in the order of
            :attr:`call_history`), a dict with ``'elapsed_time'`` (total
            seconds) and ``'occurrence'`` (number of calls).
        """
        result = collections.OrderedDict()
        for name, elapsed in self.call_history:
            entry = result.setdefault(name, {'elapsed_time': 0.0, 'occurrence': 0})
            entry['elapsed_time'] += elapsed
            entry['occurrence'] += 1
        return result

    def print_report(self, unit='auto', file=sys.stdout):
        """Print a table of the time and number of calls of each name.

        Args:
            unit (str): ``'sec'``, ``'ms'``, ``'us'``, ``'ns'``; ``'auto'`` picks
                one unit for the whole table from the total time, and
                ``'auto_foreach'`` picks one per row.
            file: where to write (default ``sys.stdout``).
        """
        _check_unit(unit, ('auto', 'auto_foreach') + tuple(name for name, _ in _UNITS))
        summary = self.summary()
        if unit == 'auto':
            unit = _choose_unit(self.total_time())[0]
        rows = [(self._name_column, 'ElapsedTime', 'Occurrence')]
        for label, entry in summary.items():
            row_unit = 'auto' if unit == 'auto_foreach' else unit
            rows.append((label, _format_time(entry['elapsed_time'], row_unit),
                         str(entry['occurrence'])))
        _write_table(rows, file)


class TimerHook(_CallTimer, function_hook.FunctionHook):
    """Measures the time spent in the forward and backward of each function.

    Each call of a function's forward or backward appends ``(name, seconds)``
    to :attr:`call_history`, where ``name`` is the function's implementation
    name (its class name; for an old-style :class:`chainer.Function`, the class
    of the wrapped function). The time of a call includes the functions it calls
    itself (a backward built of differentiable functions calls them); those are
    recorded as well. :meth:`total_time` counts every moment once: it adds up
    the outermost calls only. On GPU arrays the device is synchronized before
    reading the clock.

    Example::

        hook = TimerHook()
        with hook:
            loss = model(x)
            loss.backward()
        hook.print_report()

    Attributes:
        call_history (list): ``(function name, elapsed seconds)`` per call, in
            the order the calls finished.
        table (dict): seconds per unit name (``'sec'``, ``'ms'``, ``'us'``,
            ``'ns'``) used by :meth:`print_report`.
    """

    name = 'TimerHook'
    _name_column = 'FunctionName'

    def forward_preprocess(self, function, in_data):
        self._start(_is_gpu(in_data))

    def forward_postprocess(self, function, in_data):
        self._stop(_function_name(function))

    def backward_preprocess(self, function, in_data, out_grad):
        self._start(_is_gpu(tuple(in_data) + tuple(out_grad)))

    def backward_postprocess(self, function, in_data, out_grad):
        self._stop(_function_name(function))


def _function_name(function):
    return getattr(function, '_impl_name', None) or type(function).__name__
