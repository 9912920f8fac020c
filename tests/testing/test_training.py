import pytest

from chainer import testing
from chainer import training


def test_trainer_with_mock_updater_runs_to_its_stop_trigger():
    trainer = testing.get_trainer_with_mock_updater((3, 'epoch'), iter_per_epoch=4)
    updater = trainer.updater
    assert updater.iteration == 0 and updater.epoch == 0
    seen = []

    @training.make_extension(trigger=(1, 'iteration'))
    def record(trainer):
        u = trainer.updater
        seen.append((u.iteration, u.epoch, u.epoch_detail, u.is_new_epoch,
                     u.previous_epoch_detail))
    trainer.extend(record)
    trainer.run()
    assert updater.iteration == 12 and updater.epoch == 3
    assert updater.update.call_count == 12
    expected = []
    for i in range(1, 13):
        expected.append((i, i // 4, i / 4, i % 4 == 0, (i - 1) / 4))
    assert seen == expected


def test_extensions_argument_and_defaults():
    calls = []
    trainer = testing.get_trainer_with_mock_updater(
        extensions=[lambda trainer: calls.append(trainer.updater.iteration)])
    trainer.run()
    assert trainer.updater.iteration == 10  # (10, 'iteration') by default
    assert calls == list(range(1, 11))
    assert trainer.updater.epoch_detail == 1.0


def test_interval_trigger_with_mock_updater():
    trigger = training.triggers.IntervalTrigger(2, 'epoch')
    trainer = testing.get_trainer_with_mock_updater(iter_per_epoch=3)
    fired = []
    for _ in range(12):
        trainer.updater.update()
        fired.append(trigger(trainer))
    assert [i + 1 for i, f in enumerate(fired) if f] == [6, 12]


@pytest.mark.parametrize('iter_per_epoch,stop,expected_iterations', [
    (0.5, (5, 'epoch'), 3),     # two epochs per iteration: 5 epochs end in the 3rd
    (1.5, (5, 'epoch'), 8),     # ceil(5 * 1.5)
    (1.5, (5, 'iteration'), 5),
])
def test_fractional_iter_per_epoch(iter_per_epoch, stop, expected_iterations):
    trainer = testing.get_trainer_with_mock_updater(stop, iter_per_epoch)
    seen = []
    trainer.extend(lambda t: seen.append(
        (t.updater.epoch, t.updater.epoch_detail, t.updater.is_new_epoch)))
    trainer.run()
    assert len(seen) == expected_iterations
    for i, (epoch, detail, new) in enumerate(seen, 1):
        assert detail == i / iter_per_epoch
        assert epoch == int(i / iter_per_epoch)
        assert new == (int((i - 1) / iter_per_epoch) != int(i / iter_per_epoch))
    if iter_per_epoch == 1.5 and stop[1] == 'epoch':
        # iterations 2, 3 start epochs 1, 2; then 5, 6 start epochs 3, 4
        assert [i for i, s in enumerate(seen, 1) if s[2]][:4] == [2, 3, 5, 6]


@pytest.mark.parametrize('bad', [0, -1, 0.0, True, '2', float('inf')])
def test_bad_iter_per_epoch(bad):
    with pytest.raises(ValueError, match='iter_per_epoch must be a positive number'):
        testing.get_trainer_with_mock_updater(iter_per_epoch=bad)
