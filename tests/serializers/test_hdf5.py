import json
import os

import numpy
import pytest

import chainer
import chainer.links as L
from chainer import optimizers
from chainer import serializers

h5py = pytest.importorskip('h5py')



@pytest.mark.parametrize('cls', [optimizers.Adam, optimizers.MomentumSGD])
def test_round_trip_hdf5(tmp_path, cls, helpers):
    model, opt, x, t = helpers.trained(cls)
    serializers.save_hdf5(str(tmp_path / 'm.h5'), model)
    serializers.save_hdf5(str(tmp_path / 'o.h5'), opt)
    with h5py.File(str(tmp_path / 'm.h5'), 'r') as f:
        numpy.testing.assert_array_equal(f['predictor/l1/W'][()],
                                         model.predictor.l1.W.array)
        assert f['predictor/l1/W'].compression == 'gzip'
    with h5py.File(str(tmp_path / 'o.h5'), 'r') as f:
        assert int(f['t'][()]) == opt.t
        assert 't' in f['predictor/l1/W'] and len(f['predictor/l1/W']) >= 2
    model2 = L.Classifier(helpers.MLP(), lossfun=model.lossfun, accfun=model.accfun)
    opt2 = cls().setup(model2)
    serializers.load_hdf5(str(tmp_path / 'm.h5'), model2)
    serializers.load_hdf5(str(tmp_path / 'o.h5'), opt2)
    helpers.check_same(model, opt, model2, opt2, x, t)


def test_uninitialized_parameter_is_empty_dataset(tmp_path, helpers):
    path = str(tmp_path / 'u.h5')
    serializers.save_hdf5(path, helpers.MLP())
    with h5py.File(path, 'r') as f:
        assert f['l1/W'].shape is None
    other = helpers.MLP()
    serializers.load_hdf5(path, other)
    assert other.l1.W.array is None


def test_uncompressed(tmp_path):
    path = str(tmp_path / 'c.h5')
    serializers.save_hdf5(path, L.Linear(3, 2), compression=0)
    with h5py.File(path, 'r') as f:
        assert f['W'].compression is None


def test_missing_key_and_corrupt_file(tmp_path):
    path = str(tmp_path / 'lin.h5')
    serializers.save_hdf5(path, L.Linear(2, 3))
    chain = chainer.Chain()
    with chain.init_scope():
        chain.W = chainer.Parameter(numpy.zeros((3, 2), numpy.float32))
        chain.extra = chainer.Parameter(numpy.zeros(2, numpy.float32))
    with pytest.raises(KeyError) as info:
        serializers.load_hdf5(path, chain)
    assert 'lin.h5' in str(info.value) and 'extra' in str(info.value)
    d = serializers.HDF5Deserializer(h5py.File(path, 'r'), strict=False)
    d.load(chain)
    assert chain.W.array.any()
    d.group.file.close()

    data = open(path, 'rb').read()
    bad = str(tmp_path / 'bad.h5')
    with open(bad, 'wb') as f:
        f.write(data[:200])
    with pytest.raises(ValueError, match='bad.h5'):
        serializers.load_hdf5(bad, L.Linear(2, 3))
    with pytest.raises(FileNotFoundError):
        serializers.load_hdf5(str(tmp_path / 'none.h5'), L.Linear(2, 3))


def test_failed_save_keeps_old_file(tmp_path):
    path = str(tmp_path / 'm.h5')
    serializers.save_hdf5(path, L.Linear(2, 3))
    before = open(path, 'rb').read()

    class Broken(chainer.Link):
        def serialize(self, serializer):
            serializer('a', numpy.zeros(2))
            raise RuntimeError('boom')

    with pytest.raises(RuntimeError):
        serializers.save_hdf5(path, Broken())
    assert open(path, 'rb').read() == before
    assert [n for n in os.listdir(str(tmp_path)) if n.endswith('.tmp')] == []


def test_clear_error_without_h5py(monkeypatch):
    from chainer.serializers import hdf5
    monkeypatch.setattr(hdf5, '_available', False)
    with pytest.raises(ImportError, match='hdf5'):
        serializers.save_hdf5('never.h5', L.Linear(1, 1))
    with pytest.raises(ImportError, match='h5py'):
        serializers.HDF5Deserializer(None)
    # Chainer raised RuntimeError: code catching that keeps working
    with pytest.raises(RuntimeError, match='h5py'):
        serializers.load_hdf5('never.h5', L.Linear(1, 1))


def test_uninitialized_parameter_needs_h5py_empty(tmp_path, monkeypatch):
    h5py = pytest.importorskip('h5py')
    from chainer.serializers import hdf5
    monkeypatch.setattr(h5py.version, 'version_tuple', (2, 6, 0))
    with h5py.File(str(tmp_path / 'a.h5'), 'w') as f:
        s = hdf5.HDF5Serializer(f)
        with pytest.raises(RuntimeError, match='h5py.Empty needs h5py 2.7'):
            s('W', None)
        s('b', numpy.zeros(2))   # arrays need no h5py.Empty


def test_trainer_with_log_report_round_trip(tmp_path):
    # A LogReport keeps the names of its summary as a JSON string; HDF5 must
    # store it (as UTF-8) and give it back so the resumed log continues.
    from chainer import iterators, training
    from chainer.training import extensions
    rng = numpy.random.RandomState(0)
    data = chainer.datasets.TupleDataset(rng.rand(20, 3).astype('f'),
                                         rng.randint(0, 2, 20).astype('i'))

    def make(stop):
        model = L.Classifier(L.Linear(3, 2))
        opt = optimizers.SGD().setup(model)
        updater = training.updaters.StandardUpdater(
            iterators.SerialIterator(data, 5), opt)
        trainer = training.Trainer(updater, (stop, 'iteration'), out=str(tmp_path))
        trainer.extend(extensions.LogReport(trigger=(2, 'iteration'), log_name=None))
        return trainer

    first = make(7)
    first.run()
    path = str(tmp_path / 'trainer.h5')
    serializers.save_hdf5(path, first)
    with h5py.File(path, 'r') as f:
        names = f['extensions/LogReport/_summary/_names'][()]
        names = names.decode() if isinstance(names, bytes) else names
        assert sorted(json.loads(names)) == ['main/accuracy', 'main/loss']
    second = make(10)
    serializers.load_hdf5(path, second)
    assert second.updater.iteration == 7
    second.run()
    log = second.get_extension('LogReport').log
    assert [entry['iteration'] for entry in log] == [2, 4, 6, 8, 10]
    # iteration 7 was accumulated before the save: the entry at 8 averages two
    assert all(numpy.isfinite(entry['main/loss']) for entry in log)
