import builtins
import json
import os

import numpy
import pytest

import chainer
from chainer import serializers
from chainer import testing
from chainer import training
from chainer.training import extensions

pytest.importorskip('matplotlib')


def _reporting_trainer(values, stop, iter_per_epoch, out):
    trainer = testing.get_trainer_with_mock_updater((stop, 'iteration'),
                                                    iter_per_epoch)
    trainer.out = out

    @training.make_extension(priority=training.PRIORITY_WRITER)
    def report(trainer):
        trainer.observation.update(values(trainer.updater.iteration))
    trainer.extend(report)
    return trainer


def _is_png(path):
    with open(path, 'rb') as f:
        return f.read(8) == b'\x89PNG\r\n\x1a\n'


@pytest.fixture
def no_matplotlib(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == 'matplotlib' or name.startswith('matplotlib.'):
            raise ImportError('No module named matplotlib')
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, '__import__', fake_import)


class TestPlotReport:

    def test_png_and_points(self, tmp_path):
        trainer = _reporting_trainer(
            lambda i: {'main/loss': 1.0 / i, 'validation/main/loss': 2.0 / i},
            6, 2, str(tmp_path))
        plot = extensions.PlotReport(['main/loss', 'validation/main/loss'],
                                     x_key='epoch', filename='loss.png')
        trainer.extend(plot)
        trainer.run()
        assert _is_png(str(tmp_path / 'loss.png'))
        assert [x for x, _ in plot._data['main/loss']] == [1, 2, 3]
        numpy.testing.assert_allclose(
            [y for _, y in plot._data['main/loss']],
            [(1 + 1 / 2) / 2, (1 / 3 + 1 / 4) / 2, (1 / 5 + 1 / 6) / 2])
        assert not [n for n in os.listdir(str(tmp_path)) if n.startswith('tmp')]

    def test_postprocess_and_serialize(self, tmp_path):
        trainer = _reporting_trainer(lambda i: {'a': float(i)}, 4, 2,
                                     str(tmp_path))
        called = []
        plot = extensions.PlotReport('a', trigger=(1, 'epoch'),
                                     postprocess=lambda f, a, s: called.append(a),
                                     file_name='a.png', marker=None, grid=False)
        trainer.extend(plot)
        trainer.run()
        assert len(called) == 2
        path = str(tmp_path / 'plot.npz')
        serializers.save_npz(path, plot)
        # The points are stored under a key named after the file, as in Chainer.
        with numpy.load(path) as f:
            assert '_plot_a.png' in f.files
        loaded = extensions.PlotReport('a', file_name='a.png')
        serializers.load_npz(path, loaded)
        assert loaded._data == {'a': [(2, 1.5), (4, 3.5)]}

    def test_available(self):
        assert extensions.PlotReport.available()

    def test_without_matplotlib_warns_and_draws_nothing(self, tmp_path,
                                                        no_matplotlib):
        trainer = _reporting_trainer(lambda i: {'a': 1.0}, 2, 1, str(tmp_path))
        trainer.extend(extensions.PlotReport('a'))
        with pytest.warns(UserWarning, match=r'chainer\[plot\]'):
            trainer.run()
        assert not (tmp_path / 'plot.png').exists()
        with pytest.warns(UserWarning, match='matplotlib'):
            assert extensions.PlotReport.available() is False


class TestVariableStatisticsPlot:

    def test_png_and_statistics(self, tmp_path):
        rng = numpy.random.RandomState(0)
        var = chainer.Variable(rng.normal(size=(50,)).astype(numpy.float32))
        var.grad = rng.uniform(size=(50,)).astype(numpy.float32)
        trainer = testing.get_trainer_with_mock_updater((1, 'iteration'), 1)
        trainer.out = str(tmp_path)
        ext = extensions.VariableStatisticsPlot(var, trigger=(1, 'iteration'),
                                                max_sample_size=100)
        trainer.extend(ext)
        trainer.run()
        assert _is_png(str(tmp_path / 'statistics.png'))
        row = ext._statistics['data'][0]
        n = len(ext._percentile_sigmas)
        numpy.testing.assert_allclose(
            row[:n], numpy.percentile(var.array.astype(numpy.float64),
                                      ext._percentile_sigmas), rtol=1e-6)
        numpy.testing.assert_allclose(row[n], var.array.mean(), rtol=1e-5)
        numpy.testing.assert_allclose(ext._statistics['grad'][0][n + 1],
                                      var.grad.std(), rtol=1e-5)

    def test_link_target_and_sampling(self, tmp_path):
        link = chainer.links.Linear(30, 40)
        ext = extensions.VariableStatisticsPlot(link, max_sample_size=50,
                                                report_grad=False)
        stats = ext._collect('data')
        values = numpy.concatenate([p.array.ravel() for p in link.params()])
        assert values.min() <= stats[0] and stats[-3] <= values.max()

    def test_errors(self):
        with pytest.raises(TypeError, match='Variables or Links'):
            extensions.VariableStatisticsPlot(numpy.zeros(3))
        with pytest.raises(ValueError, match='report_data or report_grad'):
            extensions.VariableStatisticsPlot(chainer.Variable(numpy.zeros(1)),
                                              report_data=False, report_grad=False)

    def test_save_plot_using_module(self, tmp_path):
        from matplotlib import pyplot
        var = chainer.Variable(numpy.arange(10, dtype=numpy.float32))
        ext = extensions.VariableStatisticsPlot(var, report_grad=False)
        trainer = testing.get_trainer_with_mock_updater((1, 'iteration'), 1)
        ext._trigger = lambda t: True
        ext._iterations.append(1)
        ext._statistics['data'].append(ext._collect('data'))
        path = str(tmp_path / 'p.png')
        ext.save_plot_using_module(path, pyplot)
        assert _is_png(path)
        del trainer


def test_json_of_plot_data_is_plain(tmp_path):
    plot = extensions.PlotReport('a')
    plot._data['a'] = [(1, 0.5)]
    path = str(tmp_path / 'p.npz')
    serializers.save_npz(path, plot)
    with numpy.load(path) as f:
        assert json.loads(str(f['_plot_plot.png'])) == {'a': [[1, 0.5]]}
