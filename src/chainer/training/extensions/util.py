"""Helpers shared by the training extensions."""
import os
import sys
import time
import warnings


def get_time():
    """A monotonic clock in seconds."""
    return time.perf_counter()


def resolve_out(out):
    """The stream to write to: ``out``, or the current ``sys.stdout`` if None."""
    return sys.stdout if out is None else out


def isatty(stream):
    isatty_method = getattr(stream, 'isatty', None)
    try:
        return bool(isatty_method and isatty_method())
    except (ValueError, OSError):
        return False


def atomic_write_text(directory, name, text):
    """Write ``text`` to ``directory/name`` through a temporary file that
    replaces it once complete; the file gets the mode ``open()`` gives (the
    mode of an existing file is kept)."""
    from chainer.serializers import _common
    os.makedirs(directory, exist_ok=True)
    with _common.atomic_write(os.path.join(directory, name)) as temp_path:
        with open(temp_path, 'w') as f:
            f.write(text)


def matplotlib_missing_message(what):
    return ('{} needs matplotlib, which is not installed, so nothing will be '
            'plotted. Install it with: pip install "chainer[plot]" (or pip '
            'install matplotlib).'.format(what))


def matplotlib_available():
    try:
        import matplotlib  # NOQA
    except ImportError:
        return False
    return True


def can_plot(extension, what):
    """Whether matplotlib can be used; if not, warn once per plotting
    ``extension`` (its ``_warned`` attribute), naming it ``what``."""
    if matplotlib_available():
        return True
    if not extension._warned:
        warnings.warn(matplotlib_missing_message(what))
        extension._warned = True
    return False


def available_or_warn(what):
    """Whether matplotlib can be used (the extensions' ``available()``): warns
    when it cannot."""
    available = matplotlib_available()
    if not available:
        warnings.warn(matplotlib_missing_message(what))
    return available


def new_figure(figsize=None):
    """A matplotlib Figure drawn with the Agg canvas (no pyplot, no GUI)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    figure = Figure(figsize=figsize)
    FigureCanvasAgg(figure)
    return figure
