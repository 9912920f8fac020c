"""snapshot(numpy_random_state=True): a resumed run is identical to an
uninterrupted one (dropout and shuffling draw from NumPy's global generator)."""
import os

import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import serializers
from chainer import training
from chainer.training import extensions


class _Net(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(4, 8)
            self.l2 = L.Linear(8, 3)

    def forward(self, x):
        return self.l2(F.dropout(F.relu(self.l1(x)), 0.5))


def _make_trainer(out, stop, seed):
    numpy.random.seed(seed)
    rng = numpy.random.RandomState(0)
    x = rng.rand(30, 4).astype(numpy.float32)
    t = rng.randint(0, 3, 30).astype(numpy.int32)
    model = L.Classifier(_Net())
    model.predictor.l1.W.array[...] = rng.rand(8, 4) - 0.5
    model.predictor.l2.W.array[...] = rng.rand(3, 8) - 0.5
    opt = chainer.optimizers.SGD(0.1)
    opt.setup(model)
    it = chainer.iterators.SerialIterator(chainer.datasets.TupleDataset(x, t), 7)
    updater = training.updaters.StandardUpdater(it, opt)
    return training.Trainer(updater, (stop, 'iteration'), out=out), model


def _resume(tmp_path, numpy_random_state):
    out = str(tmp_path / 'run')
    first, _ = _make_trainer(out, 6, seed=1)
    first.extend(extensions.snapshot(filename='snap',
                                     numpy_random_state=numpy_random_state),
                 trigger=(6, 'iteration'))
    first.run()
    numpy.random.rand(5)  # other work between the runs uses the generator
    second, model = _make_trainer(str(tmp_path / 'again'), 15, seed=123)
    serializers.load_npz(os.path.join(out, 'snap'), second)
    second.run()
    return model


def test_resume_is_bit_identical(tmp_path):
    whole, model = _make_trainer(str(tmp_path / 'whole'), 15, seed=1)
    whole.run()
    resumed = _resume(tmp_path, numpy_random_state=True)
    for (name, a), (_, b) in zip(sorted(model.namedparams()),
                                 sorted(resumed.namedparams())):
        numpy.testing.assert_array_equal(a.array, b.array, err_msg=name)


def test_without_the_option_the_generator_is_not_restored(tmp_path):
    whole, model = _make_trainer(str(tmp_path / 'whole'), 15, seed=1)
    whole.run()
    resumed = _resume(tmp_path, numpy_random_state=False)
    assert not numpy.array_equal(model.predictor.l1.W.array,
                                 resumed.predictor.l1.W.array)


def test_file_layout(tmp_path):
    trainer, _ = _make_trainer(str(tmp_path), 2, seed=5)
    trainer.extend(extensions.snapshot(filename='s', numpy_random_state=True),
                   trigger=(2, 'iteration'))
    trainer.run()
    expected = numpy.random.get_state()
    with numpy.load(str(tmp_path / 's')) as f:
        numpy.testing.assert_array_equal(f['_numpy_random_state/keys'], expected[1])
        assert f['_numpy_random_state/keys'].dtype == numpy.uint32
        assert int(f['_numpy_random_state/pos']) == expected[2]
        assert 'updater/iteration' in f.files  # the usual snapshot is all there


def test_autoload_restores_the_generator(tmp_path):
    trainer, _ = _make_trainer(str(tmp_path), 3, seed=5)
    trainer.extend(extensions.snapshot(filename='snap_{.updater.iteration}',
                                       numpy_random_state=True),
                   trigger=(3, 'iteration'))
    trainer.run()
    after = numpy.random.rand(4)
    numpy.random.seed(99)
    again, _ = _make_trainer(str(tmp_path), 3, seed=7)
    ext = extensions.snapshot(filename='snap_{.updater.iteration}', autoload=True,
                              numpy_random_state=True)
    ext.initialize(again)
    numpy.testing.assert_array_equal(numpy.random.rand(4), after)


def test_unknown_keyword_is_rejected():
    with pytest.raises(TypeError):
        extensions.snapshot(numpy_random_stat=True)
