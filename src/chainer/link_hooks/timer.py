"""TimerHook for links: how long each link's forward takes."""
from chainer.backends import cuda
from chainer.function_hooks import timer as _function_timer
from chainer import link_hook


class TimerHook(_function_timer._CallTimer, link_hook.LinkHook):
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
    _name_column = 'LinkName'

    def forward_preprocess(self, args):
        self._start(cuda.available)

    def forward_postprocess(self, args):
        self._stop(type(args.link).__name__)
