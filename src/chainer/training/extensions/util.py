"""Helpers shared by the training extensions."""
import os
import sys
import time


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
    """Write ``text`` to ``directory/name`` through a temporary file and a rename."""
    import tempfile
    os.makedirs(directory, exist_ok=True)
    fd, temp_path = tempfile.mkstemp(prefix='tmp' + os.path.basename(name),
                                     dir=directory)
    try:
        with os.fdopen(fd, 'w') as f:
            f.write(text)
        os.replace(temp_path, os.path.join(directory, name))
    except BaseException:
        if os.path.exists(temp_path):
            os.remove(temp_path)
        raise


def matplotlib_missing_message(what):
    return ('{} needs matplotlib, which is not installed, so nothing will be '
            'plotted. Install it with: pip install "chainer[plot]" (or pip '
            'install matplotlib).'.format(what))
