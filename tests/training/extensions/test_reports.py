import io
import json
import os

import numpy
import pytest

from chainer import serializers
from chainer import testing
from chainer import training
from chainer.training import extensions


def _reporting_trainer(values, stop, iter_per_epoch, out='result'):
    """A mock trainer whose observation at iteration i (1-based) is values(i)."""
    trainer = testing.get_trainer_with_mock_updater((stop, 'iteration'),
                                                    iter_per_epoch)
    trainer.out = out

    @training.make_extension(priority=training.PRIORITY_WRITER)
    def report(trainer):
        trainer.observation.update(values(trainer.updater.iteration))
    trainer.extend(report)
    return trainer


class TestLogReport:

    def test_means_per_epoch_and_file(self, tmp_path):
        trainer = _reporting_trainer(
            lambda i: {'loss': float(i), 'acc': numpy.float32(i * 2),
                       'vec': numpy.ones(3)}, 6, 3, out=str(tmp_path))
        trainer.extend(extensions.LogReport())
        trainer.run()
        log = trainer.get_extension('LogReport').log
        assert [e['epoch'] for e in log] == [1, 2]
        assert [e['iteration'] for e in log] == [3, 6]
        assert log[0]['loss'] == pytest.approx(2.0)
        assert log[1]['acc'] == pytest.approx(10.0)
        assert 'vec' not in log[0]
        assert all(isinstance(e['elapsed_time'], float) for e in log)
        with open(os.path.join(str(tmp_path), 'log')) as f:
            assert json.load(f) == log

    def test_keys_trigger_postprocess_and_template(self, tmp_path):
        trainer = _reporting_trainer(lambda i: {'a': i, 'b': -i}, 4, 10,
                                     out=str(tmp_path))

        def postprocess(entry):
            entry['a2'] = entry['a'] * 2
        trainer.extend(extensions.LogReport(
            keys=['a'], trigger=(2, 'iteration'), postprocess=postprocess,
            filename='log_{iteration}'))
        trainer.run()
        log = trainer.get_extension('LogReport').log
        assert [(e['a'], e['a2']) for e in log] == [(1.5, 3.0), (3.5, 7.0)]
        assert 'b' not in log[0]
        assert sorted(os.listdir(str(tmp_path))) == ['log_2', 'log_4']

    def test_no_file(self, tmp_path):
        trainer = _reporting_trainer(lambda i: {'a': i}, 2, 1, out=str(tmp_path))
        trainer.extend(extensions.LogReport(log_name=None))
        trainer.run()
        assert os.listdir(str(tmp_path)) == []
        assert len(trainer.get_extension('LogReport').log) == 2

    def test_json_lines(self, tmp_path):
        trainer = _reporting_trainer(lambda i: {'a': i}, 2, 1, out=str(tmp_path))
        trainer.extend(extensions.LogReport(filename='log.jsonl'))
        trainer.run()
        lines = (tmp_path / 'log.jsonl').read_text().splitlines()
        assert [json.loads(line)['a'] for line in lines] == [1.0, 2.0]

    def test_bad_format(self):
        with pytest.raises(ValueError, match='format'):
            extensions.LogReport(format='xml')

    def test_serialize_keeps_log_and_pending_summary(self, tmp_path):
        trainer = _reporting_trainer(lambda i: {'a': i}, 3, 2, out=str(tmp_path))
        log_report = extensions.LogReport()
        trainer.extend(log_report)
        trainer.run()  # one entry (iterations 1-2), iteration 3 pending
        path = str(tmp_path / 'snap.npz')
        serializers.save_npz(path, log_report)
        loaded = extensions.LogReport()
        serializers.load_npz(path, loaded)
        assert loaded.log == log_report.log
        numpy.testing.assert_allclose(loaded._summary.compute_mean()['a'], 3.0)


class TestPrintReport:

    def test_table(self):
        out = io.StringIO()
        trainer = _reporting_trainer(lambda i: {'main/loss': 1.0 / i}, 4, 2)
        trainer.extend(extensions.LogReport())
        trainer.extend(extensions.PrintReport(
            ['epoch', 'iteration', 'main/loss', 'missing'], out=out))
        trainer.run()
        lines = out.getvalue().splitlines()
        assert len(lines) == 3
        assert lines[0].split() == ['epoch', 'iteration', 'main/loss', 'missing']
        first = lines[1].split()
        assert first[:2] == ['1', '2']
        assert float(first[2]) == pytest.approx((1 + 0.5) / 2, rel=1e-5)
        # Columns line up with the header.
        assert lines[1].index(first[2]) == lines[0].index('main/loss')
        assert lines[2].split()[:2] == ['2', '4']

    def test_log_report_object_and_terminal_clearing(self):
        class Tty(io.StringIO):
            def isatty(self):
                return True
        out = Tty()
        log_report = extensions.LogReport()
        trainer = _reporting_trainer(lambda i: {'x': i}, 1, 1)
        trainer.extend(log_report)
        trainer.extend(extensions.PrintReport(['x'], log_report=log_report, out=out))
        trainer.run()
        assert out.getvalue().startswith('\r\x1b[K')

    def test_prints_to_current_stdout(self, capsys):
        trainer = _reporting_trainer(lambda i: {'x': i}, 1, 1)
        trainer.extend(extensions.LogReport())
        trainer.extend(extensions.PrintReport(['x']))
        trainer.run()
        assert capsys.readouterr().out.split() == ['x', '1']


class TestProgressBar:

    def test_non_terminal_lines(self):
        out = io.StringIO()
        trainer = testing.get_trainer_with_mock_updater((20, 'iteration'), 8)
        trainer.extend(extensions.ProgressBar(update_interval=5, out=out))
        trainer.run()
        lines = out.getvalue().splitlines()
        assert len(lines) == 4
        assert '25.00%' in lines[0] and '62.50%' in lines[0]  # total, this epoch
        assert '5 iter, 0 epoch / 20 iterations' in lines[0]
        assert '100.00%' in lines[3]
        assert 'iters/sec' in lines[1] and 'Estimated time to finish' in lines[1]
        assert '\x1b' not in out.getvalue()

    def test_terminal_redraws_in_place(self):
        class Tty(io.StringIO):
            def isatty(self):
                return True
        out = Tty()
        trainer = testing.get_trainer_with_mock_updater((4, 'epoch'), 5)
        trainer.extend(extensions.ProgressBar(update_interval=10, bar_length=20,
                                              out=out))
        trainer.run()
        text = out.getvalue()
        assert text.count('\x1b[4A') == 2  # two drawings, cursor back up each time
        assert '\r     total [##########..........]  50.00%' in text
        assert 'this epoch [....................]   0.00%' in text
        assert '20 iter, 4 epoch / 4 epochs' in text
        assert text.endswith('\x1b[J')  # finalize clears the bar

    def test_training_length_needed(self):
        trainer = testing.get_trainer_with_mock_updater(lambda t: False, 5)
        trainer.extend(extensions.ProgressBar(out=io.StringIO()))
        with pytest.raises(ValueError, match='training_length'):
            trainer.run(show_loop_exception_msg=False)

    def test_explicit_length(self):
        out = io.StringIO()
        trainer = testing.get_trainer_with_mock_updater((4, 'iteration'), 2)
        trainer.extend(extensions.ProgressBar(training_length=(8, 'iteration'),
                                              update_interval=4, out=out))
        trainer.run()
        assert '50.00%' in out.getvalue().splitlines()[0]

    def test_bad_interval(self):
        with pytest.raises(ValueError, match='update_interval'):
            extensions.ProgressBar(update_interval=0)


def test_call_before_training_gives_an_epoch_zero_row(tmp_path, mlp, data):
    # As in Chainer's MNIST example: the Evaluator, LogReport, PrintReport and
    # PlotReport registered with call_before_training give a row (a point) for
    # the initial model, at epoch 0, before the rows of the epochs.
    import chainer
    import chainer.links as L
    model = L.Classifier(mlp())
    dataset = data()
    optimizer = chainer.optimizers.SGD(lr=0.1).setup(model)
    train_iter = chainer.iterators.SerialIterator(dataset, 8, shuffle=False)
    test_iter = chainer.iterators.SerialIterator(dataset, 8, repeat=False,
                                                 shuffle=False)
    updater = training.updaters.StandardUpdater(train_iter, optimizer)
    trainer = training.Trainer(updater, (2, 'epoch'), out=str(tmp_path))
    trainer.extend(extensions.Evaluator(test_iter, model), call_before_training=True)
    trainer.extend(extensions.LogReport(), call_before_training=True)
    out = io.StringIO()
    trainer.extend(extensions.PrintReport(
        ['epoch', 'validation/main/loss'], out=out), call_before_training=True)
    plot = extensions.PlotReport(['validation/main/loss'], 'epoch',
                                 filename='loss.png')
    trainer.extend(plot, call_before_training=True)
    trainer.run()
    log = trainer.get_extension('LogReport').log
    assert [(e['epoch'], e['iteration']) for e in log] == [(0, 0), (1, 3), (2, 6)]
    assert 'main/loss' not in log[0]        # nothing trained yet
    assert 'main/loss' in log[1]
    # the epoch-0 validation loss is that of the initial model
    initial = L.Classifier(mlp())
    with chainer.using_config('train', False), chainer.no_backprop_mode():
        x, t = chainer.dataset.concat_examples(dataset[:])
        expected = float(initial(x, t).array)
    assert log[0]['validation/main/loss'] == pytest.approx(expected, rel=1e-5)
    rows = [line.split() for line in out.getvalue().splitlines()[1:]]
    assert [row[0] for row in rows] == ['0', '1', '2']
    assert [x for x, _ in plot._data['validation/main/loss']] == [0, 1, 2]


def test_log_report_without_call_before_training_starts_at_epoch_one(tmp_path):
    trainer = _reporting_trainer(lambda i: {'loss': float(i)}, 4, 2,
                                 out=str(tmp_path))
    trainer.extend(extensions.LogReport())
    trainer.run()
    assert [e['epoch'] for e in trainer.get_extension('LogReport').log] == [1, 2]
