"""PrintReport: print the entries of a LogReport as a table."""
from chainer.training import _serialize
from chainer.training import extension
from chainer.training.extensions import log_report as log_report_module
from chainer.training.extensions import util


def _cell(value, width):
    if isinstance(value, bool):
        text = str(value)
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = '{:g}'.format(value)
    else:
        text = str(value)
    return text.ljust(width)


class PrintReport(extension.Extension):
    """Extension that prints the new entries of a :class:`LogReport`.

    The first time it prints a header with the entry names; then one line per
    log entry, each value in a column at least as wide as its name (and 10
    characters). Missing values leave their column blank.

    Args:
        entries (list of str): the keys to print (e.g. ``['epoch',
            'main/loss', 'validation/main/accuracy', 'elapsed_time']``).
        log_report (str or LogReport): the LogReport extension, or its name in
            the trainer (``'LogReport'``).
        out: the stream to print to (the current ``sys.stdout`` by default).
    """

    def __init__(self, entries, log_report='LogReport', out=None):
        self._entries = list(entries)
        self._log_report = log_report
        self._out = out
        self._log_len = 0
        self._widths = [max(len(entry), 10) for entry in self._entries]
        self._header_printed = False

    def _header(self):
        return '  '.join(entry.ljust(width) for entry, width in
                         zip(self._entries, self._widths)).rstrip()

    def _line(self, entry):
        cells = []
        for key, width in zip(self._entries, self._widths):
            if key in entry:
                cells.append(_cell(entry[key], width))
            else:
                cells.append(' ' * width)
        return '  '.join(cells).rstrip()

    def __call__(self, trainer):
        out = util.resolve_out(self._out)
        log_report = self._get_log_report(trainer)
        log = log_report.log
        if len(log) <= self._log_len:
            return
        # Clear what a progress bar may have drawn on the current line.
        clear = '\r\x1b[K' if util.isatty(out) else ''
        text = []
        if not self._header_printed:
            text.append(clear + self._header() + '\n')
            self._header_printed = True
        for entry in log[self._log_len:]:
            text.append(clear + self._line(entry) + '\n')
        if clear:
            text.append('\x1b[J')  # and the rest of a progress bar below
        out.write(''.join(text))
        if hasattr(out, 'flush'):
            out.flush()
        self._log_len = len(log)

    def _get_log_report(self, trainer):
        log_report = self._log_report
        if isinstance(log_report, str):
            log_report = trainer.get_extension(log_report)
        elif not isinstance(log_report, log_report_module.LogReport) and \
                not hasattr(log_report, 'log'):
            raise TypeError('PrintReport: log_report must be a LogReport or the name '
                            'of one, got {!r}'.format(log_report))
        return log_report

    def serialize(self, serializer):
        """Save or load how many log entries were printed (``_log_len``), and
        the LogReport when it was given as an object (``_log_report/``).

        Chainer stores no ``_log_len``; a file written by Chainer leaves the
        count as it is.
        """
        if isinstance(self._log_report, log_report_module.LogReport):
            self._log_report.serialize(serializer['_log_report'])
        self._log_len = _serialize.serialize_extra(
            serializer, '_log_len', self._log_len,
            lambda s, k, v: _serialize.serialize_scalar(s, k, v, int))
