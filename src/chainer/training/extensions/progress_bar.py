"""ProgressBar: a progress bar of the training, redrawn in place."""
import collections
import datetime

from chainer.training import extension
from chainer.training.extensions import util


def _bar(rate, length):
    rate = min(max(rate, 0.), 1.)
    filled = int(rate * length)
    return '[' + '#' * filled + '.' * (length - filled) + ']'


def _format_eta(seconds):
    if seconds is None or seconds != seconds or seconds == float('inf'):
        return '--:--:--'
    return str(datetime.timedelta(seconds=int(round(seconds))))


class ProgressBar(extension.Extension):
    """Extension that draws a progress bar of the training.

    Every ``update_interval`` iterations it draws, in place::

             total [#########.........................................] 18.00%
        this epoch [#####################.............................] 42.50%
               900 iter, 9 epoch / 50 epochs
            120.37 iters/sec. Estimated time to finish: 0:00:34.

    On a terminal the block is redrawn over itself (``\\r`` and cursor-up
    sequences); on other streams (files, pipes) each update is one line.

    Args:
        training_length (tuple): ``(length, unit)`` of the whole training; by
            default the stop trigger's ``get_training_length()``.
        update_interval (int): iterations between two redraws.
        bar_length (int): the number of characters of each bar.
        out: the stream to draw on (the current ``sys.stdout`` by default).
    """

    trigger = 1, 'iteration'
    priority = extension.PRIORITY_READER

    def __init__(self, training_length=None, update_interval=100, bar_length=50,
                 out=None):
        if update_interval <= 0:
            raise ValueError('update_interval must be positive, got {}'.format(
                update_interval))
        self._training_length = training_length
        self._update_interval = update_interval
        self._bar_length = bar_length
        self._out = out
        self._recent_timing = collections.deque(maxlen=update_interval * 10)
        self._lines_drawn = 0
        self._tty = None

    def initialize(self, trainer):
        self._recent_timing.clear()
        self._recent_timing.append((trainer.updater.iteration,
                                    trainer.updater.epoch_detail, util.get_time()))

    def _length(self, trainer):
        if self._training_length is None:
            get_length = getattr(trainer.stop_trigger, 'get_training_length', None)
            if get_length is None:
                raise ValueError(
                    'ProgressBar: the stop trigger {!r} cannot tell the training '
                    'length; give training_length=(length, unit)'.format(
                        trainer.stop_trigger))
            self._training_length = get_length()
        return self._training_length

    def __call__(self, trainer):
        length, unit = self._length(trainer)
        updater = trainer.updater
        iteration = updater.iteration
        epoch_detail = updater.epoch_detail
        now = util.get_time()
        self._recent_timing.append((iteration, epoch_detail, now))
        if iteration % self._update_interval != 0:
            return
        self._draw(trainer, length, unit, iteration, epoch_detail, now)

    def _speed(self):
        if len(self._recent_timing) < 2:
            return None, None
        old_iteration, old_epoch, old_time = self._recent_timing[0]
        new_iteration, new_epoch, new_time = self._recent_timing[-1]
        elapsed = new_time - old_time
        if elapsed <= 0 or new_iteration <= old_iteration:
            return None, None
        iters_per_sec = (new_iteration - old_iteration) / elapsed
        epochs_per_sec = (new_epoch - old_epoch) / elapsed
        return iters_per_sec, epochs_per_sec

    def _lines(self, trainer, length, unit, iteration, epoch_detail):
        if unit == 'iteration':
            total_rate = iteration / length
        else:
            total_rate = epoch_detail / length
        epoch_rate = epoch_detail - int(epoch_detail)
        iters_per_sec, epochs_per_sec = self._speed()
        if iters_per_sec is None:
            speed = 'n/a iters/sec.'
            eta = None
        else:
            speed = '{:10.5g} iters/sec.'.format(iters_per_sec)
            if unit == 'iteration':
                eta = max(length - iteration, 0) / iters_per_sec
            elif epochs_per_sec > 0:
                eta = max(length - epoch_detail, 0) / epochs_per_sec
            else:
                eta = None
        return [
            '     total {} {:7.2%}'.format(_bar(total_rate, self._bar_length),
                                          total_rate),
            'this epoch {} {:7.2%}'.format(_bar(epoch_rate, self._bar_length),
                                          epoch_rate),
            '{:10} iter, {} epoch / {} {}s'.format(
                iteration, int(epoch_detail), length, unit),
            '{} Estimated time to finish: {}.'.format(speed, _format_eta(eta)),
        ]

    def _draw(self, trainer, length, unit, iteration, epoch_detail, now):
        out = util.resolve_out(self._out)
        lines = self._lines(trainer, length, unit, iteration, epoch_detail)
        if util.isatty(out):
            # Clear from the cursor down, draw the block, and move the cursor back
            # to its first line: the next drawing (or a printed line) replaces it.
            text = '\x1b[J' + ''.join('\r' + line + '\x1b[K\n' for line in lines)
            text += '\x1b[{}A\r'.format(len(lines))
            self._lines_drawn = len(lines)
        else:
            text = ' | '.join(' '.join(line.split()) for line in lines) + '\n'
        out.write(text)
        if hasattr(out, 'flush'):
            out.flush()

    def finalize(self):
        out = util.resolve_out(self._out)
        if self._lines_drawn and util.isatty(out):
            out.write('\x1b[J')
            if hasattr(out, 'flush'):
                out.flush()
        self._lines_drawn = 0
