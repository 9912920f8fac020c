"""PlotReport: plot reported values against the iteration or epoch, to a PNG."""
import os

import numpy

from chainer import reporter
from chainer.training import _serialize
from chainer.training import extension
from chainer.training import trigger as trigger_module
from chainer.training.extensions import util
from chainer.utils import argument


def _fast_png_options(ext):
    # Light zlib compression: several times faster to write, a slightly larger
    # file (the plot is redrawn at every trigger).
    if ext.lower() == '.png':
        return {'pil_kwargs': {'compress_level': 1}}
    return {}


class PlotReport(extension.Extension):
    """Extension that plots reported values to an image file.

    Each iteration the values ``y_keys`` of the observation are accumulated;
    when ``trigger`` fires their means are added as a point at ``x`` (the
    iteration, the epoch, or another observed value) and the whole curve of each
    key is drawn with matplotlib into ``trainer.out/filename``. Registered with
    ``trainer.extend(..., call_before_training=True)`` it also adds a point
    before the first iteration (epoch 0).

    It needs matplotlib (the ``plot`` extra: ``pip install
    "chainer[plot]"``); without it a warning says so and nothing is drawn.

    Args:
        y_keys (str or list of str): the keys to plot.
        x_key (str): ``'iteration'``, ``'epoch'`` or an observation key.
        trigger: when to add a point and redraw (``(1, 'epoch')``).
        postprocess (callable): called as ``postprocess(figure, axes, summary)``
            before saving, to adjust the figure.
        filename (str): the image file (``'plot.png'``; ``file_name`` is its old
            name); its extension chooses the format.
        marker (str): the marker of the points (``'x'``), or None.
        grid (bool): draw a grid.
    """

    def __init__(self, y_keys, x_key='iteration', trigger=(1, 'epoch'),
                 postprocess=None, filename=None, marker='x', grid=True,
                 **kwargs):
        file_name, = argument.parse_kwargs(kwargs, ('file_name', 'plot.png'))
        if filename is None:
            filename = file_name
        self._x_key = x_key
        if isinstance(y_keys, str):
            y_keys = (y_keys,)
        self._y_keys = tuple(y_keys)
        self._trigger = trigger_module.get_trigger(trigger)
        self._file_name = filename
        self._marker = marker
        self._grid = grid
        self._postprocess = postprocess
        self._init_summary()
        self._data = {k: [] for k in self._y_keys}
        self._warned = False

    @staticmethod
    def available():
        """Whether matplotlib can be used (warns once when it cannot)."""
        return util.available_or_warn('PlotReport')

    def initialize(self, trainer):
        util.can_plot(self, 'PlotReport')

    def __call__(self, trainer):
        keys = self._y_keys
        observation = trainer.observation
        self._summary.add({k: observation[k] for k in keys if k in observation})

        # Registered with call_before_training, the extension writes a row (a
        # point) before the first iteration too: epoch 0 with what was observed
        # then (say, the validation of the initial model).
        if not (getattr(trainer, 'is_before_training', False) or
                self._trigger(trainer)):
            return

        stats = self._summary.compute_mean()
        stats_cpu = {}
        for name, value in stats.items():
            stats_cpu[name] = float(value)

        updater = trainer.updater
        stats_cpu['epoch'] = updater.epoch
        stats_cpu['iteration'] = updater.iteration
        x_key = self._x_key
        if x_key in stats_cpu:
            x = stats_cpu[x_key]
        elif x_key in observation:
            x = float(observation[x_key])
        else:
            raise KeyError('PlotReport: x_key {!r} is neither "epoch", "iteration" '
                           'nor an observed key'.format(x_key))
        for k in keys:
            if k in stats_cpu:
                self._data[k].append((x, stats_cpu[k]))

        self._init_summary()

        if not util.can_plot(self, 'PlotReport'):
            return
        self._plot(trainer.out)

    def _plot(self, out):
        figure = util.new_figure()
        axes = figure.add_subplot(111)
        axes.set_xlabel(self._x_key)
        if self._grid:
            axes.grid()
        for k in self._y_keys:
            xy = self._data[k]
            if not xy:
                continue
            xy = numpy.array(xy)
            axes.plot(xy[:, 0], xy[:, 1], marker=self._marker, label=k)
        if not axes.has_data():
            return
        if self._postprocess is not None:
            self._postprocess(figure, axes, self._summary)
        legend = axes.legend(bbox_to_anchor=(1.05, 1), loc=2, borderaxespad=0.)
        os.makedirs(out, exist_ok=True)
        path = os.path.join(out, self._file_name)
        root, ext = os.path.splitext(self._file_name)
        temp_path = os.path.join(out, 'tmp' + root + '_plot' + ext)
        figure.savefig(temp_path, bbox_extra_artists=(legend,), bbox_inches='tight',
                       **_fast_png_options(ext))
        os.replace(temp_path, path)

    def serialize(self, serializer):
        """Save or load the points plotted so far.

        The points are stored as Chainer stores them: the JSON of
        ``{key: [[x, y], ...]}`` under ``_plot_<filename>``. The trigger and the
        pending (not yet plotted) summary are saved too, under ``_trigger`` and
        ``_summary``; a file written by Chainer, which lacks them, leaves them
        as they are.
        """
        if _serialize.is_deserializer(serializer):
            if hasattr(self._trigger, 'serialize') and _serialize.has_group(
                    serializer, '_trigger', 'previous_iteration'):
                self._trigger.serialize(serializer['_trigger'])
            if _serialize.has_group(serializer, '_summary', '_names'):
                self._summary.serialize(serializer['_summary'])
            key = '_plot_' + self._file_name
            if not _serialize.has_entry(serializer, key) and \
                    _serialize.has_entry(serializer, '_plot_data'):
                key = '_plot_data'  # files of earlier versions of this project
            data = _serialize.serialize_json(serializer, key, {})
            self._data = {k: [tuple(p) for p in data.get(k, [])]
                          for k in self._y_keys}
        else:
            if hasattr(self._trigger, 'serialize'):
                self._trigger.serialize(serializer['_trigger'])
            self._summary.serialize(serializer['_summary'])
            _serialize.serialize_json(
                serializer, '_plot_' + self._file_name,
                {k: [list(p) for p in v] for k, v in self._data.items()})

    def _init_summary(self):
        self._summary = reporter.DictSummary()
