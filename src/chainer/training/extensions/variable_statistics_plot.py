"""VariableStatisticsPlot: plot the distribution of variables over time."""
import importlib
import os
import warnings

import numpy

from chainer import backend
from chainer.training import extension
from chainer.training import trigger as trigger_module
from chainer.training.extensions import plot_report
from chainer.training.extensions import util
from chainer.utils import argument
from chainer import variable

_PERCENTILE_SIGMAS = (0, 0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87, 100)


def _link_class():
    return importlib.import_module('chainer.link').Link


def _matplotlib_available():
    try:
        import matplotlib  # NOQA
    except ImportError:
        return False
    return True


def _sample(array, max_sample_size):
    """At most ``max_sample_size`` elements of ``array`` (evenly spaced)."""
    flat = array.ravel()
    if flat.size <= max_sample_size:
        return flat
    step = flat.size / max_sample_size
    indices = (numpy.arange(max_sample_size) * step).astype(numpy.int64)
    xp = backend.get_array_module(array)
    return flat[xp.asarray(indices)]


class VariableStatisticsPlot(extension.Extension):
    """Extension that plots how the values of variables are distributed.

    When triggered it samples (at most ``max_sample_size`` elements of) the data
    and the gradients of the targets and records their percentiles, mean and
    standard deviation; then it draws, against the iteration, shaded bands
    between symmetric percentiles, the median and the mean (± std) into
    ``trainer.out/filename``. It needs matplotlib (the ``plot`` extra).

    Args:
        targets (Link, Variable or list of them): what to watch; a link means
            all its parameters.
        max_sample_size (int): the most elements sampled from the targets.
        report_data (bool): plot the data.
        report_grad (bool): plot the gradients.
        plot_mean (bool): plot the mean.
        plot_std (bool): plot mean ± std.
        percentile_sigmas (tuple of float): the percentiles (0..100) to plot.
        trigger: when to sample and redraw (``(1, 'epoch')``).
        filename (str): the image file (``'statistics.png'``; ``file_name`` is
            its old name).
        figsize (tuple): the figure size in inches.
        marker (str): the marker of the mean line.
        grid (bool): draw a grid.
    """

    def __init__(self, targets, max_sample_size=1000, report_data=True,
                 report_grad=True, plot_mean=True, plot_std=True,
                 percentile_sigmas=_PERCENTILE_SIGMAS, trigger=(1, 'epoch'),
                 filename=None, figsize=None, marker=None, grid=True, **kwargs):
        file_name, = argument.parse_kwargs(kwargs, ('file_name', 'statistics.png'))
        if filename is None:
            filename = file_name
        if not isinstance(targets, (list, tuple)):
            targets = targets,
        for target in targets:
            if not isinstance(target, (variable.Variable, _link_class())):
                raise TypeError('VariableStatisticsPlot: targets must be Variables or '
                                'Links, got {}'.format(type(target).__name__))
        if not (report_data or report_grad):
            raise ValueError('VariableStatisticsPlot: report_data or report_grad '
                             'must be True')
        self._targets = targets
        self._max_sample_size = max_sample_size
        self._keys = [k for k, on in (('data', report_data), ('grad', report_grad))
                      if on]
        self._plot_mean = plot_mean
        self._plot_std = plot_std
        self._percentile_sigmas = tuple(percentile_sigmas)
        self._trigger = trigger_module.get_trigger(trigger)
        self._filename = filename
        self._figsize = figsize
        self._marker = marker
        self._grid = grid
        self._iterations = []
        # statistics[key] is a list of rows: percentiles..., mean, std
        self._statistics = {key: [] for key in self._keys}
        self._warned = False

    @staticmethod
    def available():
        """Whether matplotlib can be used (warns when it cannot)."""
        available = _matplotlib_available()
        if not available:
            warnings.warn(util.matplotlib_missing_message('VariableStatisticsPlot'))
        return available

    def _variables(self):
        for target in self._targets:
            if isinstance(target, _link_class()):
                for param in target.params():
                    yield param
            else:
                yield target

    def _collect(self, key):
        samples = []
        for var in self._variables():
            if var.array is None:
                continue   # an uninitialized parameter has no data nor gradient
            array = var.array if key == 'data' else var.grad
            if array is None or array.size == 0:
                continue
            sample = backend.CpuDevice().send(
                _sample(array, self._max_sample_size))
            samples.append(numpy.asarray(sample, dtype=numpy.float64))
        if not samples:
            return None
        values = numpy.concatenate(samples)
        if values.size > self._max_sample_size:
            values = _sample(values, self._max_sample_size)
        percentiles = numpy.percentile(values, self._percentile_sigmas)
        return numpy.concatenate([percentiles, [values.mean(), values.std()]])

    def __call__(self, trainer):
        if not self._trigger(trainer):
            return
        rows = {key: self._collect(key) for key in self._keys}
        self._iterations.append(trainer.updater.iteration)
        n = len(self._percentile_sigmas) + 2
        for key in self._keys:
            row = rows[key]
            self._statistics[key].append(
                row if row is not None else numpy.full(n, numpy.nan))
        if not _matplotlib_available():
            if not self._warned:
                warnings.warn(util.matplotlib_missing_message(
                    'VariableStatisticsPlot'))
                self._warned = True
            return
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        figure = Figure(figsize=self._figsize)
        FigureCanvasAgg(figure)
        self._draw(figure)
        os.makedirs(trainer.out, exist_ok=True)
        path = os.path.join(trainer.out, self._filename)
        root, ext = os.path.splitext(self._filename)
        temp_path = os.path.join(trainer.out, 'tmp' + root + '_plot' + ext)
        figure.savefig(temp_path, **plot_report._fast_png_options(ext))
        os.replace(temp_path, path)

    def _draw(self, figure):
        x = numpy.asarray(self._iterations)
        n_percentiles = len(self._percentile_sigmas)
        for i, key in enumerate(self._keys):
            axes = figure.add_subplot(1, len(self._keys), i + 1)
            stats = numpy.asarray(self._statistics[key])
            percentiles = stats[:, :n_percentiles]
            mean = stats[:, n_percentiles]
            std = stats[:, n_percentiles + 1]
            half = n_percentiles // 2
            for j in range(half):
                axes.fill_between(x, percentiles[:, j], percentiles[:, -j - 1],
                                  color='C0', alpha=0.1 + 0.6 * j / max(half, 1),
                                  linewidth=0)
            if n_percentiles % 2 == 1:
                axes.plot(x, percentiles[:, half], color='C0', label='median')
            if self._plot_mean:
                axes.plot(x, mean, color='C1', marker=self._marker, label='mean')
            if self._plot_std:
                axes.plot(x, mean + std, color='C2', linestyle='--',
                          label='mean + std')
                axes.plot(x, mean - std, color='C2', linestyle=':',
                          label='mean - std')
            axes.set_title(key)
            axes.set_xlabel('iteration')
            if self._grid:
                axes.grid()
            axes.legend(loc='best', fontsize='small')
        figure.tight_layout()

    def save_plot_using_module(self, file_path, plt):
        """Draw the plot with the pyplot-like module ``plt`` and save it to
        ``file_path``."""
        figure = plt.figure(figsize=self._figsize)
        self._draw(figure)
        figure.savefig(file_path)
        plt.close(figure)
