"""VariableStatisticsPlot: plot the distribution of variables over time."""
import importlib
import os

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


class Reservoir(object):
    """A uniform random sample of at most ``size`` items of a stream.

    Reservoir sampling: the first ``size`` items are kept; afterwards the
    ``n``-th item added replaces a random kept one with probability
    ``size / n``, so that every item added so far is in the sample with the same
    probability, in constant memory.

    Args:
        size (int): the most items kept.
        data_shape (tuple of ints): the shape of an item.
        dtype: the dtype the items are kept in.
    """

    def __init__(self, size, data_shape, dtype=numpy.float32):
        if size < 1:
            raise ValueError('Reservoir: size must be at least 1, got {}'.format(
                size))
        self.size = int(size)
        self.data = numpy.zeros((self.size,) + tuple(data_shape), dtype=dtype)
        self.idxs = numpy.zeros((self.size,), dtype=numpy.int64)
        self.counter = 0

    def add(self, x, idx=None):
        """Offer the item ``x``, tagged ``idx`` (default: its number in the
        stream)."""
        if self.counter < self.size:
            slot = self.counter
        else:
            slot = numpy.random.randint(0, self.counter + 1)
        if slot < self.size:
            self.data[slot] = x
            self.idxs[slot] = self.counter if idx is None else idx
        self.counter += 1

    def get_data(self):
        """``(idxs, data)`` of the items kept, in the order of their tags."""
        n = min(self.counter, self.size)
        order = numpy.argsort(self.idxs[:n], kind='stable')
        return self.idxs[:n][order], self.data[:n][order]


class Statistician(object):
    """Computes the statistics that :class:`VariableStatisticsPlot` plots.

    Args:
        collect_mean (bool): compute the mean (key ``'mean'``).
        collect_std (bool): compute the standard deviation (key ``'std'``).
        percentile_sigmas (tuple of float): the percentiles (0 to 100) to
            compute (key ``'percentile'``); empty for none.
    """

    def __init__(self, collect_mean, collect_std, percentile_sigmas):
        self.collect_mean = collect_mean
        self.collect_std = collect_std
        self.percentile_sigmas = tuple(percentile_sigmas)

    def __call__(self, x, axis=0, dtype=None, xp=None):
        """The statistics of ``x`` along ``axis`` (None: of all its elements),
        as a dict of arrays of ``dtype`` (default: ``x``'s float dtype)."""
        if xp is None:
            xp = backend.get_array_module(x)
        if axis is None:
            x = x.ravel()
            axis = 0
        if dtype is None:
            dtype = x.dtype if x.dtype.kind == 'f' else numpy.float64
        stats = {}
        if self.collect_mean:
            stats['mean'] = xp.asarray(x.mean(axis=axis, dtype=dtype), dtype=dtype)
        if self.collect_std:
            stats['std'] = xp.asarray(x.std(axis=axis, dtype=dtype), dtype=dtype)
        if self.percentile_sigmas:
            stats['percentile'] = xp.asarray(
                xp.percentile(x, self.percentile_sigmas, axis=axis), dtype=dtype)
        return stats


class VariableStatisticsPlot(extension.Extension):
    """Extension that plots how the values of variables are distributed.

    When triggered it computes the percentiles, mean and standard deviation of
    the data and of the gradients of each target variable (when there are
    several, the statistics are averaged over them); then it draws, against the
    iteration, shaded bands between symmetric percentiles, the median and the
    mean (± std) into ``trainer.out/filename``. It needs matplotlib (the
    ``plot`` extra).

    The history is kept in constant memory by reservoir sampling
    (:class:`Reservoir`): once there are more than ``max_sample_size`` points,
    the ones kept are a uniform random sample of all of them.

    Args:
        targets (Link, Variable or list of them): what to watch; a link means
            all its parameters.
        max_sample_size (int): the most points of the history kept.
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
        self._statistician = Statistician(
            collect_mean=True, collect_std=True,
            percentile_sigmas=self._percentile_sigmas)
        # one row per point of the history: percentiles..., mean, std
        row_shape = (len(self._percentile_sigmas) + 2,)
        self._reservoirs = {key: Reservoir(max_sample_size, row_shape,
                                           dtype=numpy.float64)
                            for key in self._keys}
        self._warned = False

    @staticmethod
    def available():
        """Whether matplotlib can be used (warns when it cannot)."""
        return util.available_or_warn('VariableStatisticsPlot')

    def _variables(self):
        for target in self._targets:
            if isinstance(target, _link_class()):
                for param in target.params():
                    yield param
            else:
                yield target

    def _collect(self, key):
        """The row of statistics (percentiles..., mean, std) of the data or
        the gradients (``key``), averaged over the variables; None if no
        variable has one."""
        rows = []
        for var in self._variables():
            if var.array is None:
                continue   # an uninitialized parameter has no data nor gradient
            array = var.array if key == 'data' else var.grad
            if array is None or array.size == 0:
                continue
            stats = self._statistician(array, axis=None, dtype=numpy.float64)
            row = numpy.concatenate([
                backend.CpuDevice().send(stats['percentile']).ravel(),
                [float(stats['mean']), float(stats['std'])]])
            rows.append(row)
        if not rows:
            return None
        return numpy.mean(rows, axis=0)

    def __call__(self, trainer):
        if not self._trigger(trainer):
            return
        n = len(self._percentile_sigmas) + 2
        iteration = trainer.updater.iteration
        for key in self._keys:
            row = self._collect(key)
            self._reservoirs[key].add(
                row if row is not None else numpy.full(n, numpy.nan), idx=iteration)
        if not util.can_plot(self, 'VariableStatisticsPlot'):
            return
        figure = util.new_figure(self._figsize)
        self._draw(figure)
        os.makedirs(trainer.out, exist_ok=True)
        path = os.path.join(trainer.out, self._filename)
        root, ext = os.path.splitext(self._filename)
        temp_path = os.path.join(trainer.out, 'tmp' + root + '_plot' + ext)
        figure.savefig(temp_path, **plot_report._fast_png_options(ext))
        os.replace(temp_path, path)

    def _draw(self, figure):
        n_percentiles = len(self._percentile_sigmas)
        for i, key in enumerate(self._keys):
            axes = figure.add_subplot(1, len(self._keys), i + 1)
            x, stats = self._reservoirs[key].get_data()
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
