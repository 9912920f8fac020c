import os

import numpy
import pytest

import chainer
from chainer import serializers
from chainer import testing
from chainer import training
from chainer.training import extensions
from chainer.training.extensions import snapshot_writers


class Counter(object):
    """A serializable object whose state we can check in the files."""

    def __init__(self):
        self.value = numpy.zeros(3, dtype=numpy.float32)
        self.count = 0

    def serialize(self, serializer):
        serializer('value', self.value)
        self.count = serializer('count', self.count)


def _trainer(tmp_path, stop=6, iter_per_epoch=2):
    trainer = testing.get_trainer_with_mock_updater((stop, 'iteration'),
                                                    iter_per_epoch)
    trainer.out = str(tmp_path)
    return trainer


def _counting(trainer, counter):
    @training.make_extension(priority=training.PRIORITY_WRITER)
    def count(trainer):
        counter.count += 1
        counter.value += 1
    trainer.extend(count)


def _load(path):
    counter = Counter()
    serializers.load_npz(path, counter)
    return counter


def _files(tmp_path):
    return sorted(n for n in os.listdir(str(tmp_path)) if not n.startswith('tmp'))


class TestSnapshot:

    def test_trainer_snapshot_every_epoch(self, tmp_path):
        trainer = _trainer(tmp_path)
        trainer.extend(extensions.snapshot())
        trainer.run()
        assert _files(tmp_path) == ['snapshot_iter_2', 'snapshot_iter_4',
                                    'snapshot_iter_6']
        with numpy.load(str(tmp_path / 'snapshot_iter_4')) as f:
            assert int(f['updater/iteration']) == 4

    def test_snapshot_object_template_and_content(self, tmp_path):
        counter = Counter()
        trainer = _trainer(tmp_path)
        _counting(trainer, counter)
        trainer.extend(extensions.snapshot_object(
            counter, 'counter_{.updater.epoch}.npz'), trigger=(1, 'epoch'))
        trainer.run()
        assert _files(tmp_path) == ['counter_1.npz', 'counter_2.npz',
                                    'counter_3.npz']
        loaded = _load(str(tmp_path / 'counter_2.npz'))
        assert loaded.count == 4
        numpy.testing.assert_array_equal(loaded.value, [4, 4, 4])

    def test_n_retains(self, tmp_path):
        counter = Counter()
        trainer = _trainer(tmp_path, stop=10, iter_per_epoch=1)
        trainer.extend(extensions.snapshot_object(
            counter, 'c_{.updater.iteration}', n_retains=3))
        trainer.run()
        assert _files(tmp_path) == ['c_10', 'c_8', 'c_9']

    def test_condition(self, tmp_path):
        counter = Counter()
        trainer = _trainer(tmp_path, stop=4, iter_per_epoch=1)
        _counting(trainer, counter)
        trainer.extend(extensions.snapshot_object(
            counter, 'c_{.updater.iteration}',
            condition=lambda: counter.count % 2 == 0))
        trainer.run()
        assert _files(tmp_path) == ['c_2', 'c_4']

    def test_autoload_loads_latest(self, tmp_path):
        counter = Counter()
        trainer = _trainer(tmp_path, stop=3, iter_per_epoch=1)
        _counting(trainer, counter)
        trainer.extend(extensions.snapshot_object(counter, 'c_{.updater.iteration}'))
        trainer.run()

        fresh = Counter()
        trainer2 = _trainer(tmp_path, stop=1, iter_per_epoch=1)
        trainer2.extend(extensions.snapshot_object(
            fresh, 'c_{.updater.iteration}', autoload=True), trigger=(10, 'epoch'))
        trainer2.run()
        assert fresh.count == 3
        numpy.testing.assert_array_equal(fresh.value, [3, 3, 3])

    def test_autoload_without_files_does_nothing(self, tmp_path):
        fresh = Counter()
        trainer = _trainer(tmp_path, stop=1)
        trainer.extend(extensions.snapshot_object(fresh, 'c_{.updater.iteration}',
                                                  autoload=True))
        trainer.run()
        assert fresh.count == 0

    def test_snapshot_on_error(self, tmp_path):
        counter = Counter()
        trainer = _trainer(tmp_path, stop=5, iter_per_epoch=10)

        def fail(trainer):
            if trainer.updater.iteration == 2:
                raise RuntimeError('fail')
        trainer.extend(fail)
        trainer.extend(extensions.snapshot_object(
            counter, 'c_{.updater.iteration}', snapshot_on_error=True))
        with pytest.raises(RuntimeError):
            trainer.run(show_loop_exception_msg=False)
        assert _files(tmp_path) == ['c_2']

    def test_savefun_and_writer_are_exclusive(self):
        with pytest.raises(TypeError, match='cannot be specified together'):
            extensions.snapshot(savefun=serializers.save_npz,
                                writer=snapshot_writers.SimpleWriter())

    def test_savefun_hdf5(self, tmp_path):
        pytest.importorskip('h5py')
        counter = Counter()
        counter.count = 7
        trainer = _trainer(tmp_path, stop=1, iter_per_epoch=1)
        trainer.extend(extensions.snapshot_object(counter, 'c.h5',
                                                  savefun=serializers.save_hdf5))
        trainer.run()
        loaded = Counter()
        serializers.load_hdf5(str(tmp_path / 'c.h5'), loaded)
        assert loaded.count == 7


@pytest.mark.parametrize('writer_class', [
    snapshot_writers.SimpleWriter, snapshot_writers.ThreadWriter,
    snapshot_writers.ProcessWriter, snapshot_writers.ThreadQueueWriter,
    snapshot_writers.ProcessQueueWriter])
def test_writers_save_consistent_snapshots(tmp_path, writer_class):
    counter = Counter()
    trainer = _trainer(tmp_path, stop=4, iter_per_epoch=1)
    _counting(trainer, counter)
    trainer.extend(extensions.snapshot_object(
        counter, 'c_{.updater.iteration}', writer=writer_class()))
    trainer.run()
    assert _files(tmp_path) == ['c_1', 'c_2', 'c_3', 'c_4']
    for i in range(1, 5):
        loaded = _load(str(tmp_path / 'c_{}'.format(i)))
        assert loaded.count == i
        numpy.testing.assert_array_equal(loaded.value, [i, i, i])


def test_trainer_snapshot_with_thread_writer_resumes(tmp_path):
    trainer = _trainer(tmp_path, stop=4, iter_per_epoch=2)
    trainer.extend(extensions.snapshot(writer=snapshot_writers.ThreadWriter()))
    trainer.run()
    with numpy.load(str(tmp_path / 'snapshot_iter_4')) as f:
        assert int(f['updater/iteration']) == 4


def test_writer_rejects_fs_and_append(tmp_path):
    with pytest.raises(ValueError, match='fs must be None'):
        snapshot_writers.SimpleWriter(fs=object())
    with pytest.raises(ValueError, match='append'):
        snapshot_writers.SimpleWriter().save('a', str(tmp_path), Counter(),
                                             serializers.save_npz, append=True)


def test_writer_base_is_abstract(tmp_path):
    with pytest.raises(NotImplementedError):
        snapshot_writers.Writer()('a', str(tmp_path), Counter())


def test_model_snapshot_loads_into_model(tmp_path):
    model = chainer.links.Linear(3, 2)
    trainer = _trainer(tmp_path, stop=1, iter_per_epoch=1)
    trainer.extend(extensions.snapshot_object(model, 'model.npz'))
    trainer.run()
    other = chainer.links.Linear(3, 2)
    serializers.load_npz(str(tmp_path / 'model.npz'), other)
    numpy.testing.assert_array_equal(other.W.array, model.W.array)
