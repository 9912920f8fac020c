import pytest

import chainer
from chainer import testing
from chainer import training


def _trainer(stop=(5, 'iteration'), iter_per_epoch=2):
    return testing.get_trainer_with_mock_updater(stop, iter_per_epoch)


class Recorder(training.Extension):

    def __init__(self, log, label, **attrs):
        self.log = log
        self.label = label
        for k, v in attrs.items():
            setattr(self, k, v)

    def __call__(self, trainer):
        self.log.append((self.label, trainer.updater.iteration))

    def initialize(self, trainer):
        self.log.append((self.label, 'initialize'))

    def finalize(self):
        self.log.append((self.label, 'finalize'))


class TestExtend:

    def test_names(self):
        trainer = _trainer()
        ext = Recorder([], 'a')
        trainer.extend(ext)
        assert trainer.get_extension('Recorder') is ext
        second = Recorder([], 'b')
        trainer.extend(second)
        assert second.name == 'Recorder_1'
        trainer.extend(lambda t: None, name='custom')
        assert trainer.get_extension('custom') is not None

        def my_function(trainer):
            pass
        trainer.extend(my_function)
        assert trainer.get_extension('my_function') is my_function

    def test_prohibited_and_missing_names(self):
        trainer = _trainer()
        with pytest.raises(ValueError, match='"training" is prohibited'):
            trainer.extend(lambda t: None, name='training')
        with pytest.raises(ValueError, match='extension nothing not found'):
            trainer.get_extension('nothing')

        class NoName(object):
            def __call__(self, trainer):
                pass
        with pytest.raises(TypeError, match='name is not given'):
            trainer.extend(NoName())

    def test_invoke_before_training_is_rejected(self):
        with pytest.raises(ValueError, match='initializer='):
            _trainer().extend(lambda t: None, invoke_before_training=True)

    def test_make_extension_attributes(self):
        @training.make_extension(trigger=(2, 'epoch'), priority=7,
                                 default_name='ext')
        def ext(trainer):
            pass
        assert ext.trigger == (2, 'epoch')
        assert ext.priority == 7
        assert ext.default_name == 'ext'
        trainer = _trainer()
        trainer.extend(ext)
        assert trainer.get_extension('ext') is ext
        with pytest.raises(ValueError, match='initializer='):
            training.make_extension(invoke_before_training=True)

    def test_extension_base(self):
        ext = training.Extension()
        assert ext.default_name == 'Extension'
        assert ext.trigger == (1, 'iteration')
        assert ext.priority == training.PRIORITY_READER
        with pytest.raises(NotImplementedError):
            ext(None)
        assert training.PRIORITY_WRITER > training.PRIORITY_EDITOR > \
            training.PRIORITY_READER


class TestRun:

    def test_order_triggers_and_lifecycle(self):
        log = []
        trainer = _trainer(stop=(4, 'iteration'))
        trainer.extend(Recorder(log, 'reader'), trigger=(1, 'iteration'),
                       priority=training.PRIORITY_READER)
        trainer.extend(Recorder(log, 'writer'), trigger=(2, 'iteration'),
                       priority=training.PRIORITY_WRITER)
        trainer.extend(Recorder(log, 'before'), trigger=(10, 'iteration'),
                       call_before_training=True)
        trainer.run()
        assert log == [
            ('writer', 'initialize'), ('reader', 'initialize'),
            ('before', 'initialize'),
            ('before', 0),
            ('reader', 1),
            ('writer', 2), ('reader', 2),
            ('reader', 3),
            ('writer', 4), ('reader', 4),
            ('writer', 'finalize'), ('reader', 'finalize'), ('before', 'finalize'),
        ]
        assert trainer.updater.iteration == 4
        trainer.updater.finalize.assert_called_once_with()

    def test_epoch_stop_trigger(self):
        trainer = _trainer(stop=(3, 'epoch'), iter_per_epoch=4)
        trainer.run()
        assert trainer.updater.iteration == 12

    def test_run_twice(self):
        trainer = _trainer()
        trainer.run()
        with pytest.raises(RuntimeError, match='multiple times'):
            trainer.run()

    def test_elapsed_time(self):
        trainer = _trainer()
        with pytest.raises(RuntimeError, match='not been started'):
            trainer.elapsed_time
        seen = []
        trainer.extend(lambda t: seen.append(t.elapsed_time), name='time')
        trainer.run()
        assert all(b >= a >= 0 for a, b in zip(seen, seen[1:]))
        assert trainer.elapsed_time >= seen[-1]

    def test_error_calls_on_error_and_finalize(self, capsys):
        calls = []

        class Failing(training.Extension):
            def __call__(self, trainer):
                if trainer.updater.iteration == 2:
                    raise ValueError('boom')

            def on_error(self, trainer, exc, tb):
                calls.append(('on_error', str(exc), tb is not None))

            def finalize(self):
                calls.append('finalize')

        trainer = _trainer()
        trainer.extend(Failing())
        with pytest.raises(ValueError, match='boom'):
            trainer.run()
        assert calls == [('on_error', 'boom', True), 'finalize']
        assert 'Exception in main training loop: boom' in capsys.readouterr().err

    def test_quiet_error(self, capsys):
        trainer = _trainer()

        def fail(trainer):
            raise KeyError('quiet')
        trainer.extend(fail)
        with pytest.raises(KeyError):
            trainer.run(show_loop_exception_msg=False)
        assert 'Exception in main training loop' not in capsys.readouterr().err

    def test_finished_trigger_skips_initialize(self):
        log = []
        trainer = _trainer()

        class Finished(object):
            finished = True

            def __call__(self, trainer):
                return False
        trainer.extend(Recorder(log, 'x'), trigger=Finished())
        trainer.run()
        assert ('x', 'initialize') not in log

    def test_is_before_training(self):
        trainer = _trainer(stop=(1, 'iteration'))
        states = []
        trainer.extend(lambda t: states.append(t.is_before_training),
                       name='s', call_before_training=True)
        trainer.run()
        assert states == [True, False]

    def test_out_directory_is_created(self, tmp_path):
        trainer = testing.get_trainer_with_mock_updater((1, 'iteration'))
        trainer.out = str(tmp_path / 'a' / 'b')
        trainer.run()
        assert (tmp_path / 'a' / 'b').is_dir()


class TestWithModel:

    def test_observation_names_come_from_the_reporter(self, mlp, data, tmp_path):
        model = chainer.links.Classifier(mlp())
        optimizer = chainer.optimizers.SGD(lr=0.1).setup(model)
        it = chainer.iterators.SerialIterator(data(), 6)
        updater = training.updaters.StandardUpdater(it, optimizer)
        trainer = training.Trainer(updater, (2, 'iteration'), out=str(tmp_path))
        seen = []
        trainer.extend(lambda t: seen.append(sorted(t.observation)), name='obs')
        trainer.run()
        assert seen[0] == ['main/accuracy', 'main/loss']
        assert trainer.reporter._observer_names[id(model.predictor)] == \
            'main/predictor'

    def test_loss_decreases(self, mlp, data, tmp_path):
        model = chainer.links.Classifier(mlp())
        optimizer = chainer.optimizers.Adam(alpha=0.05).setup(model)
        dataset = data(64)
        it = chainer.iterators.SerialIterator(dataset, 16)
        updater = training.updaters.StandardUpdater(it, optimizer)
        trainer = training.Trainer(updater, (20, 'epoch'), out=str(tmp_path))
        x, t = chainer.dataset.concat_examples(dataset[:])
        with chainer.no_backprop_mode():
            before = float(model(x, t).array)
        trainer.run()
        with chainer.no_backprop_mode():
            after = float(model(x, t).array)
        assert after < before * 0.7
