"""TimerHook for links: how long each link's forward takes."""
import collections
import sys
import time

from chainer.backends import cuda
from chainer.function_hooks.timer import _choose_unit
from chainer.function_hooks.timer import _format_time
from chainer.function_hooks.timer import _UNITS
from chainer import link_hook

def _synchronize():
    if cuda.available:
        cuda.cupy.cuda.get_current_stream().synchronize()


class TimerHook(link_hook.LinkHook):
    """Link hook that measures the time spent in the forward pass of each link.

    Every call of a link's forward appends ``(link class name, seconds)`` to
    :attr:`call_history`. The time of a call includes the links it calls (a
    chain's time includes its children's), as in Chainer's report where a model
    takes at least as long as its layers; :meth:`total_time` adds up the
    outermost calls only. On a GPU the device is synchronized before reading the
    clock.

    Example::

        with TimerHook() as hook:
            model(x)
        hook.print_report()

    Attributes:
        call_history (list): ``(link name, elapsed seconds)`` per call, in the
            order the calls finished.
        table (dict): seconds per unit name (``'sec'``, ``'ms'``, ``'us'``,
            ``'ns'``) used by :meth:`print_report`.
    """

    name = 'TimerHook'
    table = {'sec': 1, 'ms': 10 ** 3, 'us': 10 ** 6, 'ns': 10 ** 9}

    def __init__(self):
        self.call_history = []
        self._total_time = 0.0
        self._stack = []   # start time per running forward

    def forward_preprocess(self, args):
        _synchronize()
        self._stack.append(time.perf_counter())

    def forward_postprocess(self, args):
        if not self._stack:
            return
        _synchronize()
        elapsed = time.perf_counter() - self._stack.pop()
        self.call_history.append((type(args.link).__name__, elapsed))
        if not self._stack:
            self._total_time += elapsed

    def total_time(self):
        """The total time, in seconds, of the outermost recorded calls."""
        return self._total_time

    def summary(self):
        """Per link class: ``{'elapsed_time': seconds, 'occurrence': calls}``."""
        summary = collections.OrderedDict()
        for name, elapsed in self.call_history:
            entry = summary.setdefault(name, {'elapsed_time': 0.0, 'occurrence': 0})
            entry['elapsed_time'] += elapsed
            entry['occurrence'] += 1
        return summary

    def print_report(self, unit='auto', file=sys.stdout):
        """Print a table of the time and number of calls of each link class.

        Args:
            unit (str): ``'sec'``, ``'ms'``, ``'us'``, ``'ns'``; ``'auto'`` picks
                one unit for the whole table from the total time, and
                ``'auto_foreach'`` picks one per row.
            file: where to write (default ``sys.stdout``).
        """
        units = ('auto', 'auto_foreach') + tuple(name for name, _ in _UNITS)
        if unit not in units:
            raise ValueError('print_report: unit must be one of {}, got {!r}'.format(
                ', '.join(units), unit))
        summary = self.summary()
        if unit == 'auto':
            unit = _choose_unit(self.total_time())[0]
        rows = [('LinkName', 'ElapsedTime', 'Occurrence')]
        for name, entry in summary.items():
            row_unit = 'auto' if unit == 'auto_foreach' else unit
            rows.append((name, _format_time(entry['elapsed_time'], row_unit),
                         str(entry['occurrence'])))
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for r in rows:
            # Every column right-aligned, as in Chainer's documented report.
            file.write('  '.join(c.rjust(w) for c, w in zip(r, widths)) + '\n')
        if hasattr(file, 'flush'):
            file.flush()
