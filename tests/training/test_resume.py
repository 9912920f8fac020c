"""Resuming from a snapshot continues the training exactly."""
import numpy
import pytest

import chainer
from chainer import training
from chainer.training import extensions

N = 20  # iterations; batches of 5 over 24 examples cross epoch boundaries


def _build(mlp, data, out, seed, stop):
    model = chainer.links.Classifier(mlp(seed=seed))
    optimizer = chainer.optimizers.Adam(alpha=0.01).setup(model)
    train = data(24, seed=1)
    test = data(10, seed=2)
    it = chainer.iterators.SerialIterator(
        train, 5, order_sampler=chainer.iterators.ShuffleOrderSampler(
            numpy.random.RandomState(3)))
    test_it = chainer.iterators.SerialIterator(test, 4, repeat=False, shuffle=False)
    updater = training.updaters.StandardUpdater(it, optimizer)
    trainer = training.Trainer(updater, (stop, 'iteration'), out=out)
    trainer.extend(extensions.Evaluator(test_it, model), trigger=(7, 'iteration'))
    trainer.extend(extensions.LogReport(trigger=(3, 'iteration')))
    trainer.extend(extensions.ExponentialShift('alpha', 0.9),
                   trigger=(4, 'iteration'))
    trainer.extend(extensions.snapshot(filename='snapshot_{.updater.iteration}'),
                   trigger=(N // 2, 'iteration'))
    return trainer, model, optimizer


def _log_without_time(trainer):
    return [{k: v for k, v in entry.items() if k != 'elapsed_time'}
            for entry in trainer.get_extension('LogReport').log]


def _optimizer_state(optimizer):
    state = {'t': optimizer.t, 'epoch': optimizer.epoch, 'alpha': optimizer.alpha}
    for name, param in optimizer.target.namedparams():
        for key, value in param.update_rule.state.items():
            state[name + '/' + key] = numpy.array(value)
    return state


@pytest.mark.parametrize('seed_of_resumed', [0, 5])
def test_resume_is_exact(mlp, data, tmp_path, seed_of_resumed):
    straight, straight_model, straight_opt = _build(
        mlp, data, str(tmp_path / 'straight'), 0, N)
    straight.run()

    first, _, _ = _build(mlp, data, str(tmp_path / 'split'), 0, N // 2)
    first.run()
    snapshot = tmp_path / 'split' / 'snapshot_{}'.format(N // 2)
    assert snapshot.exists()

    # A new trainer (even with other initial weights) loads the snapshot.
    resumed, resumed_model, resumed_opt = _build(
        mlp, data, str(tmp_path / 'split'), seed_of_resumed, N)
    chainer.serializers.load_npz(str(snapshot), resumed)
    assert resumed.updater.iteration == N // 2
    resumed.run()

    assert resumed.updater.iteration == straight.updater.iteration == N
    for (name, p), (_, q) in zip(sorted(straight_model.namedparams()),
                                 sorted(resumed_model.namedparams())):
        numpy.testing.assert_array_equal(p.array, q.array, err_msg=name)
    a, b = _optimizer_state(straight_opt), _optimizer_state(resumed_opt)
    assert a.keys() == b.keys()
    for key in a:
        numpy.testing.assert_array_equal(a[key], b[key], err_msg=key)
    assert _log_without_time(resumed) == _log_without_time(straight)
    it_a = straight.updater.get_iterator('main')
    it_b = resumed.updater.get_iterator('main')
    assert (it_a.epoch, it_a.current_position) == (it_b.epoch, it_b.current_position)
    numpy.testing.assert_array_equal(it_a._order, it_b._order)


def test_elapsed_time_continues_after_resume(mlp, data, tmp_path):
    first, _, _ = _build(mlp, data, str(tmp_path), 0, N // 2)
    first.run()
    resumed, _, _ = _build(mlp, data, str(tmp_path), 0, N)
    chainer.serializers.load_npz(
        str(tmp_path / 'snapshot_{}'.format(N // 2)), resumed)
    resumed.run()
    assert resumed.elapsed_time >= first.elapsed_time
    times = [e['elapsed_time'] for e in resumed.get_extension('LogReport').log]
    assert times == sorted(times)
