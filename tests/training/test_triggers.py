import numpy
import pytest

from chainer import serializers
from chainer import testing
from chainer import training
from chainer.training import triggers


def _fire_iterations(trigger, n_iterations, iter_per_epoch):
    trainer = testing.get_trainer_with_mock_updater((n_iterations, 'iteration'),
                                                    iter_per_epoch)
    fired = []
    for _ in range(n_iterations):
        trainer.updater.update()
        if trigger(trainer):
            fired.append(trainer.updater.iteration)
    return fired


class _Holder(object):
    """Something with serialize(), to save a trigger with save_npz."""

    def __init__(self, trigger):
        self.trigger = trigger

    def serialize(self, serializer):
        self.trigger.serialize(serializer['trigger'])


class TestIntervalTrigger:

    @pytest.mark.parametrize('period,unit,iter_per_epoch,expected', [
        (3, 'iteration', 5, [3, 6, 9, 12]),
        (1, 'epoch', 4, [4, 8, 12]),
        (2, 'epoch', 3, [6, 12]),
        (0.5, 'epoch', 4, [2, 4, 6, 8, 10, 12]),
        (1.5, 'epoch', 2, [3, 6, 9, 12]),
    ])
    def test_schedule(self, period, unit, iter_per_epoch, expected):
        trigger = triggers.IntervalTrigger(period, unit)
        assert _fire_iterations(trigger, 13, iter_per_epoch) == expected
        assert trigger.get_training_length() == (period, unit)

    def test_does_not_fire_before_training(self):
        trainer = testing.get_trainer_with_mock_updater()
        assert not triggers.IntervalTrigger(1, 'iteration')(trainer)
        assert not triggers.IntervalTrigger(1, 'epoch')(trainer)

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="'epoch' or 'iteration'"):
            triggers.IntervalTrigger(1, 'second')
        with pytest.raises(ValueError, match='positive'):
            triggers.IntervalTrigger(0, 'epoch')

    def test_serialize_resumes_schedule(self, tmp_path):
        trigger = triggers.IntervalTrigger(4, 'iteration')
        trainer = testing.get_trainer_with_mock_updater((20, 'iteration'), 10)
        fired = []
        for _ in range(6):
            trainer.updater.update()
            if trigger(trainer):
                fired.append(trainer.updater.iteration)
        path = str(tmp_path / 't.npz')
        serializers.save_npz(path, _Holder(trigger))
        loaded = triggers.IntervalTrigger(4, 'iteration')
        serializers.load_npz(path, _Holder(loaded))
        for _ in range(4):
            trainer.updater.update()
            if loaded(trainer):
                fired.append(trainer.updater.iteration)
        assert fired == [4, 8]

    def test_get_trigger(self):
        trigger = training.get_trigger((5, 'epoch'))
        assert isinstance(trigger, training.IntervalTrigger)
        assert trigger.period == 5 and trigger.unit == 'epoch'

        def custom(trainer):
            return True
        assert training.get_trigger(custom) is custom
        assert training.get_trigger(None)(None) is False
        with pytest.raises(TypeError, match='trigger'):
            training.get_trigger(3)


class TestManualScheduleTrigger:

    def test_iterations(self):
        trigger = triggers.ManualScheduleTrigger([2, 7, 5], 'iteration')
        assert _fire_iterations(trigger, 10, 4) == [2, 5, 7]
        assert trigger.finished

    def test_fractional_epochs(self):
        trigger = triggers.ManualScheduleTrigger([0.5, 2], 'epoch')
        assert _fire_iterations(trigger, 10, 4) == [2, 8]

    def test_single_point_and_finished(self):
        trigger = triggers.ManualScheduleTrigger(3, 'iteration')
        trainer = testing.get_trainer_with_mock_updater()
        states = []
        for _ in range(4):
            trainer.updater.update()
            trigger(trainer)
            states.append(trigger.finished)
        assert states == [False, False, True, True]

    def test_errors(self):
        with pytest.raises(ValueError, match='unit'):
            triggers.ManualScheduleTrigger([1], 'minute')
        with pytest.raises(ValueError, match='empty'):
            triggers.ManualScheduleTrigger([], 'epoch')


def _drive_value_trigger(trigger, values, iter_per_epoch=2):
    trainer = testing.get_trainer_with_mock_updater((100, 'iteration'),
                                                    iter_per_epoch)
    fired = []
    for value in values:
        trainer.updater.update()
        trainer.observation = {'val': value}
        if trigger(trainer):
            fired.append(trainer.updater.iteration)
    return fired


class TestBestValueTriggers:

    def test_max_uses_epoch_means(self):
        # Epoch means: 1.5, 3.5, 2.5, 4.5
        values = [1, 2, 3, 4, 2, 3, 4, 5]
        trigger = triggers.MaxValueTrigger('val')
        assert _drive_value_trigger(trigger, values) == [2, 4, 8]

    def test_min(self):
        values = [5, 5, 3, 3, 4, 4, 1, 1]
        trigger = triggers.MinValueTrigger('val', trigger=(1, 'epoch'))
        assert _drive_value_trigger(trigger, values) == [2, 4, 8]

    def test_custom_compare(self):
        trigger = triggers.BestValueTrigger(
            'val', lambda best, new: abs(new) < abs(best), trigger=(1, 'iteration'))
        assert _drive_value_trigger(trigger, [-3, 2, -4, 1, -1]) == [1, 2, 4]

    def test_missing_key(self):
        trainer = testing.get_trainer_with_mock_updater((10, 'iteration'), 1)
        trainer.updater.update()
        trainer.observation = {'other': 1}
        with pytest.raises(KeyError, match='"val" not found'):
            triggers.MaxValueTrigger('val', trigger=(1, 'iteration'))(trainer)

    def test_serialize(self, tmp_path):
        trigger = triggers.MaxValueTrigger('val')
        _drive_value_trigger(trigger, [1, 2, 5])  # best 1.5; 5 pending
        path = str(tmp_path / 't.npz')
        serializers.save_npz(path, _Holder(trigger))
        loaded = triggers.MaxValueTrigger('val')
        serializers.load_npz(path, _Holder(loaded))
        assert loaded._best_value == 1.5
        numpy.testing.assert_allclose(loaded._summary.compute_mean()['val'], 5)


class TestEarlyStoppingTrigger:

    def test_stops_after_patience(self):
        trigger = triggers.EarlyStoppingTrigger(
            monitor='val', patience=2, check_trigger=(1, 'iteration'),
            max_trigger=(100, 'iteration'))
        # best 3 at 2; no improvement at 3 and 4 -> stop at 4; 1 improves again
        assert _drive_value_trigger(trigger, [5, 3, 4, 3.5, 1]) == [4]

    def test_mode_auto_for_accuracy(self, capsys):
        trainer = testing.get_trainer_with_mock_updater((100, 'iteration'), 1)
        with pytest.warns(DeprecationWarning, match='patience'):
            trigger = triggers.EarlyStoppingTrigger(
                monitor='main/accuracy', patients=1,
                check_trigger=(1, 'iteration'), verbose=True)
        stops = []
        for value in [0.5, 0.7, 0.6]:
            trainer.updater.update()
            trainer.observation = {'main/accuracy': value}
            stops.append(trigger(trainer))
        assert stops == [False, False, True]
        assert 'early stopping' in capsys.readouterr().out

    def test_max_trigger_and_length(self):
        trigger = triggers.EarlyStoppingTrigger(max_trigger=(3, 'iteration'),
                                                monitor='val')
        assert trigger.get_training_length() == (3, 'iteration')
        assert _drive_value_trigger(trigger, [1, 1, 1, 1]) == [3]

    def test_bad_mode(self):
        with pytest.raises(ValueError, match="'max', 'min' or 'auto'"):
            triggers.EarlyStoppingTrigger(mode='best')

    def test_as_stop_trigger(self):
        trainer = testing.get_trainer_with_mock_updater(
            triggers.EarlyStoppingTrigger(monitor='val', patience=1,
                                          check_trigger=(1, 'iteration')), 1)

        @training.make_extension(priority=training.PRIORITY_WRITER)
        def report_constant(trainer):
            trainer.observation['val'] = 1.0
        trainer.extend(report_constant)
        trainer.run()
        assert trainer.updater.iteration == 2


class TestTimeTrigger:

    def test_fires_every_period(self):
        trigger = triggers.TimeTrigger(1.5)

        class FakeTrainer(object):
            elapsed_time = 0.
        trainer = FakeTrainer()
        fired = []
        for t in [0.5, 1.0, 1.6, 2.0, 3.1, 10.0, 10.1]:
            trainer.elapsed_time = t
            fired.append(trigger(trainer))
        assert fired == [False, False, True, False, True, True, True]

    def test_serialize(self, tmp_path):
        trigger = triggers.TimeTrigger(2.)

        class FakeTrainer(object):
            elapsed_time = 5.
        trigger(FakeTrainer())
        path = str(tmp_path / 't.npz')
        serializers.save_npz(path, _Holder(trigger))
        loaded = triggers.TimeTrigger(2.)
        serializers.load_npz(path, _Holder(loaded))
        assert loaded._next_time == 4.

    def test_bad_period(self):
        with pytest.raises(ValueError, match='positive'):
            triggers.TimeTrigger(0)


class TestOnceTrigger:

    def test_once(self):
        trigger = triggers.OnceTrigger()
        assert not trigger.finished
        assert [trigger(None) for _ in range(3)] == [True, False, False]
        assert trigger.finished

    def test_call_on_resume(self, tmp_path):
        trigger = triggers.OnceTrigger(call_on_resume=True)
        trigger(None)
        path = str(tmp_path / 't.npz')
        serializers.save_npz(path, _Holder(trigger))
        resumed = triggers.OnceTrigger(call_on_resume=True)
        serializers.load_npz(path, _Holder(resumed))
        assert [resumed(None), resumed(None)] == [True, False]
        not_again = triggers.OnceTrigger(call_on_resume=False)
        serializers.load_npz(path, _Holder(not_again))
        assert not_again(None) is False


def _sparse_fire(trigger, n_iterations, iter_per_epoch, calls):
    """Iterations at which ``trigger`` fires when called only at ``calls``."""
    trainer = testing.get_trainer_with_mock_updater((n_iterations, 'iteration'),
                                                    iter_per_epoch)
    fired = []
    for _ in range(n_iterations):
        trainer.updater.update()
        if trainer.updater.iteration in calls and trigger(trainer):
            fired.append(trainer.updater.iteration)
    return fired


@pytest.mark.parametrize('make,iter_per_epoch,calls,expected', [
    # every 2 iterations (fires at 2, 4, 6): called at 3, 5, 6 only
    (lambda: triggers.IntervalTrigger(2, 'iteration'), 5, {3, 5, 6}, [3, 5, 6]),
    # first call after the first multiple: it still counts from the start
    (lambda: triggers.IntervalTrigger(2, 'iteration'), 5, {5}, [5]),
    (lambda: triggers.IntervalTrigger(1, 'epoch'), 2, {3, 6}, [3, 6]),
    (lambda: triggers.ManualScheduleTrigger([2, 4], 'iteration'), 2, {3, 7}, [3, 7]),
    (lambda: triggers.ManualScheduleTrigger(1.5, 'epoch'), 2, {2, 5}, [5]),
])
def test_sparse_calls_fire_for_what_was_passed(make, iter_per_epoch, calls,
                                                expected):
    assert _sparse_fire(make(), 8, iter_per_epoch, calls) == expected


@pytest.mark.parametrize('make', [
    lambda: triggers.IntervalTrigger(2, 'iteration'),
    lambda: triggers.IntervalTrigger(1, 'epoch'),
    lambda: triggers.ManualScheduleTrigger([2, 4, 6], 'iteration'),
])
def test_snapshot_of_an_old_version_loads_with_a_warning(make, tmp_path):
    # an old snapshot has no position of the previous call: a warning, and the
    # trigger goes on as if it had been called at every iteration
    trainer = testing.get_trainer_with_mock_updater((10, 'iteration'), 2)
    reference = make()
    for _ in range(3):
        trainer.updater.update()
        reference(trainer)
    path = str(tmp_path / 'old.npz')
    numpy.savez(path, dummy=0)
    loaded = make()
    with pytest.warns(UserWarning, match='old version'):
        serializers.load_npz(path, loaded)
    for _ in range(4):
        trainer.updater.update()
        assert loaded(trainer) == reference(trainer)


def test_once_trigger_from_an_old_snapshot_has_fired(tmp_path):
    path = str(tmp_path / 'old.npz')
    numpy.savez(path, dummy=0)
    for call_on_resume, expected in ((False, [False, False]), (True, [True, False])):
        trigger = triggers.OnceTrigger(call_on_resume)
        with pytest.warns(UserWarning, match='taken as fired'):
            serializers.load_npz(path, trigger)
        assert [trigger(None), trigger(None)] == expected
        assert trigger.finished
