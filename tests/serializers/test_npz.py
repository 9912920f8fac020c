import io
import os
import zipfile

import numpy
import pytest

import chainer
import chainer.links as L
from chainer import optimizers
from chainer import serializers


def test_keys_follow_chainer_layout(tmp_path, helpers):
    model, opt, _, _ = helpers.trained()
    path = tmp_path / 'model.npz'
    serializers.save_npz(str(path), model)
    with numpy.load(str(path)) as f:
        assert sorted(f.files) == ['predictor/l1/W', 'predictor/l1/b', 'predictor/l2/W',
                                   'predictor/l2/b', 'predictor/running',
                                   'predictor/steps']
        numpy.testing.assert_array_equal(f['predictor/l1/W'], model.predictor.l1.W.array)
        assert int(f['predictor/steps']) == 2
    serializers.save_npz(str(tmp_path / 'opt.npz'), opt)
    with numpy.load(str(tmp_path / 'opt.npz')) as f:
        assert 'predictor/l1/W/m' in f.files and 'predictor/l1/W/v' in f.files
        assert int(f['t']) == 2 and int(f['epoch']) == 0
        numpy.testing.assert_array_equal(
            f['predictor/l2/b/m'], model.predictor.l2.b.update_rule.state['m'])


@pytest.mark.parametrize('compression', [True, False])
@pytest.mark.parametrize('cls', [optimizers.Adam, optimizers.MomentumSGD,
                                 optimizers.AMSGrad, optimizers.RMSpropGraves])
def test_round_trip_npz(tmp_path, compression, cls, helpers):
    model, opt, x, t = helpers.trained(cls)
    serializers.save_npz(str(tmp_path / 'm.npz'), model, compression=compression)
    serializers.save_npz(str(tmp_path / 'o.npz'), opt, compression=compression)
    with zipfile.ZipFile(str(tmp_path / 'm.npz')) as zf:
        kinds = {i.compress_type for i in zf.infolist()}
    assert kinds == {zipfile.ZIP_DEFLATED if compression else zipfile.ZIP_STORED}

    model2 = L.Classifier(helpers.MLP(), lossfun=model.lossfun, accfun=model.accfun)
    opt2 = cls().setup(model2)
    serializers.load_npz(str(tmp_path / 'm.npz'), model2)
    serializers.load_npz(str(tmp_path / 'o.npz'), opt2)
    helpers.check_same(model, opt, model2, opt2, x, t)


def test_file_object_and_path_prefix(helpers):
    model, opt, _, _ = helpers.trained()
    buf = io.BytesIO()
    serializers.save_npz(buf, model)
    buf.seek(0)
    target = helpers.MLP()
    serializers.load_npz(buf, target, path='predictor/')
    numpy.testing.assert_array_equal(target.l2.W.array, model.predictor.l2.W.array)


def test_uninitialized_parameter_round_trip(tmp_path, helpers):
    model = helpers.MLP()
    serializers.save_npz(str(tmp_path / 'u.npz'), model)
    with numpy.load(str(tmp_path / 'u.npz'), allow_pickle=True) as f:
        assert f['l1/W'][()] is None
    other = helpers.MLP()
    serializers.load_npz(str(tmp_path / 'u.npz'), other)
    assert other.l1.W.array is None
    # an initialized file initializes a lazy parameter
    model(numpy.ones((1, 5), numpy.float32))
    serializers.save_npz(str(tmp_path / 'i.npz'), model)
    serializers.load_npz(str(tmp_path / 'i.npz'), other)
    numpy.testing.assert_array_equal(other.l1.W.array, model.l1.W.array)


def test_strict_missing_key_names_file_and_key(tmp_path):
    path = str(tmp_path / 'part.npz')
    serializers.save_npz(path, L.Linear(2, 3))
    chain = chainer.Chain()
    with chain.init_scope():
        chain.W = chainer.Parameter(numpy.zeros((3, 2), numpy.float32))
        chain.extra = chainer.Parameter(numpy.zeros(2, numpy.float32))
    with pytest.raises(KeyError) as info:
        serializers.load_npz(path, chain)
    assert 'part.npz' in str(info.value) and 'extra' in str(info.value)
    serializers.load_npz(path, chain, strict=False)
    assert chain.W.array.any()


def test_ignore_names(tmp_path):
    path = str(tmp_path / 'lin.npz')
    src = L.Linear(2, 3)
    serializers.save_npz(path, src)
    for ignore in ['b', ['b'], lambda key: key == 'b', [lambda key: key.endswith('b')]]:
        dst = L.Linear(2, 3, initial_bias=7)
        serializers.load_npz(path, dst, ignore_names=ignore)
        numpy.testing.assert_array_equal(dst.W.array, src.W.array)
        numpy.testing.assert_array_equal(dst.b.array, 7)
    with pytest.raises(ValueError, match='ignore_names'):
        serializers.load_npz(path, L.Linear(2, 3), ignore_names=[3])


def test_shape_mismatch_is_reported(tmp_path):
    path = str(tmp_path / 'lin.npz')
    serializers.save_npz(path, L.Linear(2, 3))
    with pytest.raises(ValueError, match='shape'):
        serializers.load_npz(path, L.Linear(3, 3))


def test_truncated_and_corrupt_files(tmp_path):
    path = str(tmp_path / 'good.npz')
    serializers.save_npz(path, L.Linear(20, 30), compression=False)
    data = open(path, 'rb').read()
    truncated = str(tmp_path / 'truncated.npz')
    with open(truncated, 'wb') as f:
        f.write(data[:len(data) // 2])
    with pytest.raises(ValueError, match='truncated.npz'):
        serializers.load_npz(truncated, L.Linear(20, 30))
    # corrupt the array bytes of the stored entry (zip CRC no longer matches)
    corrupt = str(tmp_path / 'corrupt.npz')
    with open(corrupt, 'wb') as f:
        middle = len(data) // 3
        f.write(data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 64]) +
                data[middle + 64:])
    with pytest.raises(ValueError, match='corrupt.npz'):
        serializers.load_npz(corrupt, L.Linear(20, 30))
    garbage = str(tmp_path / 'garbage.npz')
    with open(garbage, 'wb') as f:
        f.write(b'not a zip at all')
    with pytest.raises(ValueError, match='garbage.npz'):
        serializers.load_npz(garbage, L.Linear(20, 30))
    with pytest.raises(FileNotFoundError):
        serializers.load_npz(str(tmp_path / 'missing.npz'), L.Linear(2, 2))


def test_failed_save_keeps_the_old_file(tmp_path):
    path = str(tmp_path / 'model.npz')
    serializers.save_npz(path, L.Linear(2, 3))
    before = open(path, 'rb').read()

    class Broken(chainer.Link):
        def serialize(self, serializer):
            serializer('a', numpy.zeros(2))
            raise RuntimeError('boom')

    with pytest.raises(RuntimeError, match='boom'):
        serializers.save_npz(path, Broken())

    class Unwritable(chainer.Link):
        def serialize(self, serializer):
            serializer('a', numpy.zeros(2))
            serializer.target['b'] = numpy.asarray(lambda: 0)  # fails mid-write

    with pytest.raises(Exception):
        serializers.save_npz(path, Unwritable())
    assert open(path, 'rb').read() == before
    leftovers = [n for n in os.listdir(str(tmp_path)) if n.endswith('.tmp')]
    assert leftovers == []


def test_deserializer_scalars_and_none():
    target = {'x': numpy.asarray(3), 'f': numpy.asarray(2.5), 'flag': numpy.asarray(True),
              'arr': numpy.arange(3.0)}
    buf = io.BytesIO()
    numpy.savez(buf, **target)
    buf.seek(0)
    with numpy.load(buf) as npz:
        d = serializers.NpzDeserializer(npz)
        assert d('x', 0) == 3 and type(d('x', 0)) is int
        assert d('f', 0.0) == 2.5
        assert d('flag', False) is True
        numpy.testing.assert_array_equal(d('arr', None), [0, 1, 2])
        out = numpy.zeros(3)
        assert d('arr', out) is out and out[2] == 2
        var = chainer.Variable(numpy.zeros(3))
        d('arr', var)
        numpy.testing.assert_array_equal(var.array, [0, 1, 2])


def test_npz_deserializer_reads_a_plain_dict():
    # DictionarySerializer's target read back directly, without a file.
    s = serializers.DictionarySerializer()
    s['it']('position', 7)
    s['it']('order', numpy.array([2, 0, 1]))
    s['it']('nothing', None)
    d = serializers.NpzDeserializer(s.target)
    assert d['it']('position', 0) == 7
    out = numpy.zeros(3, dtype=numpy.int64)
    d['it']('order', out)
    assert out.tolist() == [2, 0, 1]
    assert d['it']('nothing', 5) is None
    with pytest.raises(KeyError, match='missing'):
        d['it']('missing', 0)
    loose = serializers.NpzDeserializer(s.target, strict=False)
    assert loose['it']('missing', 3) == 3
    # An iterator restored from the dict continues where the first one was.
    ds = list(range(10))
    it = chainer.iterators.SerialIterator(ds, 3, shuffle=True)
    it.next()
    target = {}
    it.serialize(serializers.DictionarySerializer(target))
    it2 = chainer.iterators.SerialIterator(ds, 3, shuffle=True)
    it2.serialize(serializers.NpzDeserializer(target))
    assert it2.current_position == 3 and it2.next() == it.next()


def test_dictionary_serializer_paths():
    s = serializers.DictionarySerializer()
    child = s['a']['/b/']
    child('/c', numpy.ones(2))
    child('d', 5)
    assert sorted(s.target) == ['a/b/c', 'a/b/d']
    assert int(s.target['a/b/d']) == 5


def test_snapshot_style_prefix(tmp_path, helpers):
    # A trainer snapshot stores the optimizer under updater/optimizer:main/.
    model, opt, x, t = helpers.trained()
    target = {}
    s = serializers.DictionarySerializer(target)
    opt.serialize(s['updater']['optimizer:main'])
    model.serialize(s['updater']['model:main'])
    path = str(tmp_path / 'snapshot.npz')
    numpy.savez(path, **target)
    model2 = L.Classifier(helpers.MLP(), lossfun=model.lossfun, accfun=model.accfun)
    opt2 = optimizers.Adam().setup(model2)
    serializers.load_npz(path, model2, path='updater/model:main/')
    serializers.load_npz(path, opt2, path='updater/optimizer:main/')
    helpers.check_same(model, opt, model2, opt2, x, t)
