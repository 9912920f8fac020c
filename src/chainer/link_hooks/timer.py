"""TimerHook for links: how long each link's forward takes."""
import collections
import sys
import time

from chainer.backends import cuda
from chainer import link_hook

_UNITS = (('sec', 1.0), ('ms', 1e-3), ('us', 1e-6), ('ns', 1e-9))


def _format_time(seconds, unit):
    if unit == 'auto':
        for name, scale in _UNITS:
            if seconds >= scale:
                break
        else:
            name, scale = _UNITS[-1]
    else:
        units = dict(_UNITS)
        if unit not in units:
            raise ValueError("unit must be 'auto', 'sec', 'ms', 'us' or 'ns', got "
                             '{!r}'.format(unit))
        name, scale = unit, units[unit]
    return '{:.2f}{}'.format(seconds / scale, name)


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
        """Print the summary as a table (``unit``: 'auto', 'sec', 'ms', 'us', 'ns')."""
        summary = self.summary()
        rows = [('LinkName', 'ElapsedTime', 'Occurrence')]
        for name, entry in summary.items():
            rows.append((name, _format_time(entry['elapsed_time'], unit),
                         str(entry['occurrence'])))
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for r in rows:
            # Every column right-aligned, as in Chainer's documented report.
            file.write('  '.join(c.rjust(w) for c, w in zip(r, widths)) + '\n')
