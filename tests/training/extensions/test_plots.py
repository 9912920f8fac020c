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
        iterations, rows = ext._reservoirs['data'].get_data()
        assert list(iterations) == [1]
        row = rows[0]
        n = len(ext._percentile_sigmas)
        numpy.testing.assert_allclose(
            row[:n], numpy.percentile(var.array.astype(numpy.float64),
                                      ext._percentile_sigmas), rtol=1e-6)
        numpy.testing.assert_allclose(row[n], var.array.mean(), rtol=1e-5)
        numpy.testing.assert_allclose(ext._reservoirs['grad'].get_data()[1][0][n + 1],
                                      var.grad.std(), rtol=1e-5)

    def test_link_target_and_sampling(self, tmp_path):
        link = chainer.links.Linear(30, 40)
        ext = extensions.VariableStatisticsPlot(link, max_sample_size=50,
                                                report_grad=False)
        stats = ext._collect('data')
        values = numpy.concatenate([p.array.ravel() for p in link.params()])
        assert values.min() <= stats[0] and stats[-3] <= values.max()

    def test_statistics_of_several_variables_are_averaged(self):
        a = chainer.Variable(numpy.arange(5, dtype=numpy.float32))
        b = chainer.Variable(numpy.arange(10, 20, dtype=numpy.float32))
        ext = extensions.VariableStatisticsPlot([a, b], report_grad=False,
                                                percentile_sigmas=(0, 50, 100))
        row = ext._collect('data')
        # (min, median, max, mean, std) of each, averaged
        stats_a = [0, 2, 4, 2, numpy.std(numpy.arange(5))]
        stats_b = [10, 14.5, 19, 14.5, numpy.std(numpy.arange(10, 20))]
        numpy.testing.assert_allclose(row, numpy.mean([stats_a, stats_b], axis=0))

    def test_history_is_a_bounded_uniform_sample(self, tmp_path):
        numpy.random.seed(0)
        var = chainer.Variable(numpy.arange(4, dtype=numpy.float32))
        ext = extensions.VariableStatisticsPlot(var, report_grad=False,
                                                max_sample_size=5)
        for iteration in range(1, 21):
            var.array[...] = iteration
            ext._reservoirs['data'].add(ext._collect('data'), idx=iteration)
        iterations, rows = ext._reservoirs['data'].get_data()
        assert len(iterations) == 5 and list(iterations) == sorted(iterations)
        assert set(iterations) <= set(range(1, 21))
        # each kept row belongs to its iteration (every value equals it)
        numpy.testing.assert_array_equal(rows[:, 0], iterations)

    def test_reservoir_keeps_each_item_with_equal_probability(self):
        from chainer.training.extensions import variable_statistics_plot as vsp
        numpy.random.seed(1)
        counts = numpy.zeros(10)
        for _ in range(2000):
            reservoir = vsp.Reservoir(3, (2,))
            for i in range(10):
                reservoir.add(numpy.full(2, i))
            idxs, data = reservoir.get_data()
            assert len(idxs) == 3 and (numpy.diff(idxs) > 0).all()
            numpy.testing.assert_array_equal(data[:, 0], idxs)
            counts[idxs] += 1
        # each of the 10 items is kept with probability 3 / 10
        numpy.testing.assert_allclose(counts / 2000, 0.3, atol=0.05)
        with pytest.raises(ValueError, match='size must be at least 1'):
            vsp.Reservoir(0, (2,))

    def test_statistician(self):
        from chainer.training.extensions import variable_statistics_plot as vsp
        x = numpy.random.RandomState(2).uniform(-1, 1, (2, 7, 3)).astype(
            numpy.float32)
        stats = vsp.Statistician(True, True, (0, 50, 100))(x, axis=None,
                                                           dtype=x.dtype)
        assert all(v.dtype == numpy.float32 for v in stats.values())
        numpy.testing.assert_allclose(stats['mean'], x.mean(), rtol=1e-6)
        numpy.testing.assert_allclose(stats['std'], x.std(), rtol=1e-5)
        numpy.testing.assert_allclose(stats['percentile'],
                                      [x.min(), numpy.median(x), x.max()])
        per_row = vsp.Statistician(False, True, ())(x.reshape(14, 3), axis=1)
        assert set(per_row) == {'std'}
        numpy.testing.assert_allclose(per_row['std'], x.reshape(14, 3).std(axis=1),
                                      rtol=1e-5)

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
        ext._reservoirs['data'].add(ext._collect('data'), idx=1)
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
