"""Files and pickles written by the real Chainer 7.8.1 load here, and ours have
the layout Chainer reads.

The fixtures in ``tests/fixtures/chainer-7.8.1/`` were written by Chainer 7.8.1
with ``tests/fixtures/make_chainer781_fixtures.py``; both sides build their
models with ``tests/fixtures/compat_models.py``. The other direction (our files
loaded by Chainer itself) is checked by ``tests/fixtures/check_ours_in_chainer781.py``
where a Chainer 7.8.1 install is at hand; here it is checked by comparing the
layout of our files and pickles with Chainer's.
"""
import io
import json
import os
import pickle
import pickletools
import sys

import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import serializers

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, 'fixtures', 'chainer-7.8.1')
sys.path.insert(0, os.path.join(HERE, 'fixtures'))
import compat_models  # NOQA


def fixture(name):
    return os.path.join(FIXTURES, name)


def npz_entries(path):
    with numpy.load(path, allow_pickle=True) as f:
        return {key: f[key] for key in f.files}


def h5_entries(path):
    h5py = pytest.importorskip('h5py')
    entries = {}
    with h5py.File(path, 'r') as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                entries[name] = None if obj.shape is None else numpy.asarray(obj[()])
        f.visititems(visit)
    return entries


def assert_same_entries(ours, theirs, skip=()):
    """Every entry of Chainer's file is in ours with the same dtype kind, shape
    and value (strings compared as text)."""
    for key, value in theirs.items():
        if any(key.startswith(s) for s in skip):
            continue
        assert key in ours, 'missing entry {!r}'.format(key)
        mine = ours[key]
        if value is None or value.dtype == object:
            assert mine is None or (mine.dtype == object and mine.item() is None), key
            continue
        assert mine.shape == value.shape, key
        if value.dtype.kind in 'US':
            assert str(mine.item() if mine.ndim == 0 else mine) == str(
                value.item() if value.ndim == 0 else value), key
            continue
        assert mine.dtype == value.dtype, (key, mine.dtype, value.dtype)
        numpy.testing.assert_array_equal(mine, value, err_msg=key)


# -- models and optimizers ----------------------------------------------------------


@pytest.mark.parametrize('name,load,entries', [
    ('model.npz', serializers.load_npz, npz_entries),
    ('model.h5', serializers.load_hdf5, h5_entries),
])
def test_model_from_chainer(name, load, entries):
    stored = entries(fixture(name))
    model = compat_models.make_model()
    load(fixture(name), model)
    for path, param in model.namedparams():
        key = path.lstrip('/')
        if stored[key] is None or stored[key].dtype == object:
            assert param.array is None  # stored uninitialized, stays so
        else:
            numpy.testing.assert_array_equal(param.array, stored[key])
    numpy.testing.assert_array_equal(model.bn.avg_mean, stored['bn/avg_mean'])
    assert model.bn.N == int(stored['bn/N'])
    assert model.step == int(stored['step'])
    assert model.lazy.W.array is None


def test_model_round_trip_keeps_chainers_layout(tmp_path):
    theirs = npz_entries(fixture('model.npz'))
    model = compat_models.make_model()
    serializers.load_npz(fixture('model.npz'), model)
    path = str(tmp_path / 'ours.npz')
    serializers.save_npz(path, model)
    ours = npz_entries(path)
    assert set(ours) == set(theirs)
    assert_same_entries(ours, theirs)


def test_sequential_children_names_from_chainer():
    stored = npz_entries(fixture('sequential.npz'))
    seq = compat_models.make_sequential()
    serializers.load_npz(fixture('sequential.npz'), seq)
    links = [layer for layer in seq if isinstance(layer, chainer.Link)]
    # Each stored W has the shape of one layer: the layer whose shape it has
    # must have received exactly that array.
    by_shape = {stored[k].shape: stored[k] for k in stored if k.endswith('/W')}
    assert len(by_shape) == 4
    for link in links:
        numpy.testing.assert_array_equal(link.W.array, by_shape[link.W.shape])
    # The computation uses the layers in order: 2 -> 3 -> 4 -> 5 -> 6.
    assert seq(numpy.zeros((1, 2), numpy.float32)).shape == (1, 6)


@pytest.mark.parametrize('name,load', [
    ('optimizer_adam.npz', serializers.load_npz),
    ('optimizer_adam.h5', serializers.load_hdf5),
])
def test_optimizer_from_chainer(name, load):
    model = compat_models.make_model()
    serializers.load_npz(fixture('model_after_adam.npz'), model)
    optimizer = compat_models.make_optimizer(model)
    load(fixture(name), optimizer)
    stored = npz_entries(fixture('optimizer_adam.npz'))
    assert optimizer.t == int(stored['t']) == 3
    numpy.testing.assert_array_equal(model.l1.W.update_rule.state['m'],
                                     stored['l1/W/m'])
    numpy.testing.assert_array_equal(model.l1.W.update_rule.state['v'],
                                     stored['l1/W/v'])
    assert model.l1.W.update_rule.t == int(stored['l1/W/t'])


# -- trainer snapshots --------------------------------------------------------------


def _trainer(tmp_path, stop=8):
    numpy.random.seed(1)
    return compat_models.make_trainer(str(tmp_path / 'out'), stop=stop)


def test_trainer_snapshot_from_chainer_loads_strictly(tmp_path):
    trainer = _trainer(tmp_path)
    serializers.load_npz(fixture('trainer_snapshot.npz'), trainer)
    theirs = npz_entries(fixture('trainer_snapshot.npz'))
    path = str(tmp_path / 'again.npz')
    serializers.save_npz(path, trainer)
    ours = npz_entries(path)
    # What we loaded is what we save: every entry of Chainer's file, same value.
    assert_same_entries(ours, theirs)
    log_report = trainer.get_extension('LogReport')
    assert log_report.log == json.loads(str(theirs['extensions/LogReport/_log']))
    summary = log_report._summary._summaries
    names = json.loads(str(theirs['extensions/LogReport/_summary/_names']))
    assert list(summary) == names
    for i, name in enumerate(names):
        prefix = 'extensions/LogReport/_summary/_summaries/{}/'.format(i)
        assert summary[name]._x == float(theirs[prefix + '_x'])
        assert summary[name]._n == int(theirs[prefix + '_n'])
    plot = trainer.get_extension('PlotReport')
    stored = json.loads(str(theirs['extensions/PlotReport/_plot_loss.png']))
    assert plot._data == {k: [tuple(p) for p in v] for k, v in stored.items()}


def test_trainer_resumes_from_chainer_snapshot(tmp_path):
    theirs = npz_entries(fixture('trainer_snapshot.npz'))
    trainer = _trainer(tmp_path, stop=12)
    serializers.load_npz(fixture('trainer_snapshot.npz'), trainer)
    trainer.run()
    log = trainer.get_extension('LogReport').log
    # The entry at iteration 9 averages the two iterations pending in the
    # snapshot and the new one (no ZeroDivisionError, nothing dropped).
    assert [e['iteration'] for e in log] == [3, 6, 9, 12]
    pending = 'extensions/LogReport/_summary/_summaries/0/'
    assert int(theirs[pending + '_n']) == 2
    assert numpy.isfinite(log[2]['main/loss'])
    assert trainer.updater.iteration == 12


def test_our_trainer_snapshot_has_chainers_layout(tmp_path):
    trainer = _trainer(tmp_path)
    trainer.run()
    path = str(tmp_path / 'ours.npz')
    serializers.save_npz(path, trainer)
    ours = npz_entries(path)
    theirs = npz_entries(fixture('trainer_snapshot.npz'))
    # Chainer loads strictly: every entry it asks for must be there, with a
    # dtype and shape it accepts. (Values differ: a new run.)
    for key, value in theirs.items():
        assert key in ours, key
        assert ours[key].shape == value.shape, key
        if value.dtype.kind in 'US':
            assert ours[key].dtype.kind in 'US', key
        else:
            assert ours[key].dtype == value.dtype, (key, ours[key].dtype, value.dtype)


def test_updater_snapshot_hdf5_from_chainer(tmp_path):
    h5 = h5_entries(fixture('updater_snapshot.h5'))
    trainer = _trainer(tmp_path)
    serializers.load_hdf5(fixture('updater_snapshot.h5'), trainer.updater)
    assert trainer.updater.iteration == int(h5['iteration'])
    path = str(tmp_path / 'ours.npz')
    serializers.save_npz(path, trainer.updater)
    assert_same_entries(npz_entries(path), h5)


# -- pickles ------------------------------------------------------------------------


def load_pickle(name):
    with open(fixture('pickle_{}.pkl'.format(name)), 'rb') as f:
        return pickle.load(f)


@pytest.fixture(scope='module')
def expected():
    return npz_entries(fixture('pickle_expected.npz'))


def test_pickled_variable_from_chainer(expected):
    v = load_pickle('variable')
    assert type(v) is chainer.Variable
    assert v.name == 'v'
    numpy.testing.assert_array_equal(v.array, expected['variable/data'])
    numpy.testing.assert_array_equal(v.grad, expected['variable/grad'])
    w = load_pickle('variable_no_grad')
    assert w.requires_grad is False and w.grad is None
    numpy.testing.assert_array_equal(w.array, expected['variable_no_grad/data'])


def test_pickled_parameter_from_chainer(expected):
    p = load_pickle('parameter')
    assert isinstance(p, chainer.Parameter) and p.name == 'p'
    numpy.testing.assert_array_equal(p.array, expected['parameter/data'])
    numpy.testing.assert_array_equal(p.grad, expected['parameter/grad'])
    q = load_pickle('parameter_uninitialized')
    assert q.array is None and q.name == 'q'
    q.initialize((2,))
    numpy.testing.assert_array_equal(q.array, numpy.full((2,), 3.0, numpy.float32))


def test_pickled_links_from_chainer(expected):
    lin = load_pickle('linear')
    numpy.testing.assert_array_equal(lin.W.array, expected['linear/W'])
    x = numpy.ones((1, 3), numpy.float32)
    numpy.testing.assert_allclose(lin(x).array, x.dot(expected['linear/W'].T)
                                  + expected['linear/b'], rtol=1e-6)
    lazy = load_pickle('linear_uninitialized')
    assert lazy.W.array is None
    assert lazy(numpy.ones((2, 7), numpy.float32)).shape == (2, 4)
    clf = load_pickle('classifier')
    numpy.testing.assert_array_equal(clf.predictor.W.array,
                                     expected['classifier/predictor/W'])
    loss = clf(numpy.ones((2, 3), numpy.float32), numpy.array([0, 1], numpy.int32))
    loss.backward()
    assert clf.predictor.W.grad.shape == (2, 3)
    cl = load_pickle('chainlist')
    numpy.testing.assert_array_equal(cl[1].W.array, expected['chainlist/1/W'])
    assert [name for name, _ in cl.namedlinks(skipself=True)] == ['/0', '/1']
    bn = load_pickle('batchnorm')
    numpy.testing.assert_array_equal(bn.avg_mean, expected['batchnorm/avg_mean'])
    assert bn.N == int(expected['batchnorm/N'])
    assert 'use_gamma' in repr(bn) or bn._use_gamma is True


def test_pickled_sequential_from_chainer(expected):
    seq = load_pickle('sequential')
    assert seq[1] is F.relu
    for index in (0, 2, 3):
        numpy.testing.assert_array_equal(
            seq[index].W.array, expected['sequential/layer{}/W'.format(index)])
    assert seq(numpy.ones((1, 2), numpy.float32)).shape == (1, 5)
    # Chainer's child numbering survives, so saving matches a Chainer save.
    names = {name: link for name, link in seq.namedlinks(skipself=True)}
    assert names['/1'] is seq[3] and names['/2'] is seq[2]


def test_pickled_optimizers_from_chainer(expected):
    adam = load_pickle('adam')
    assert adam.t == int(expected['adam/t'])
    W = adam.target.W
    numpy.testing.assert_array_equal(W.array, expected['adam/W'])
    numpy.testing.assert_array_equal(W.update_rule.state['m'], expected['adam/W/m'])
    assert 'WeightDecay' in adam._pre_update_hooks
    # It goes on training.
    adam.target.cleargrads()
    F.sum(adam.target(numpy.ones((1, 3), numpy.float32))).backward()
    adam.update()
    assert adam.t == int(expected['adam/t']) + 1
    assert not numpy.array_equal(W.array, expected['adam/W'])
    sgd = load_pickle('momentum_sgd')
    numpy.testing.assert_array_equal(sgd.target.W.update_rule.state['v'],
                                     expected['momentum_sgd/W/v'])
    assert sgd.lr == 0.1 and sgd.momentum == 0.8


def test_pickled_datasets_from_chainer(expected):
    a, b = expected['datasets/a'], expected['datasets/b']
    tup = load_pickle('tuple_dataset')
    assert len(tup) == 5
    numpy.testing.assert_array_equal(tup[2][0], a[2])
    assert tup[2][1] == b[2]
    d = load_pickle('dict_dataset')
    numpy.testing.assert_array_equal(d[1]['x'], a[1])
    sub = load_pickle('sub_dataset')
    assert len(sub) == 3
    numpy.testing.assert_array_equal(sub[0], a[3])  # order [4, 3, 2, 1, 0], start 1
    cat = load_pickle('concatenated_dataset')
    assert len(cat) == 7
    numpy.testing.assert_array_equal(cat[6], a[1])


# Our pickles use only the names Chainer's pickles use, and the same layout
# (what Chainer needs to load them): compared on a structure that ignores the
# array values.

class _Recorded(object):
    name = None
    args = ()
    state = None

    def __init__(self, name, args=()):
        self.name = name
        self.args = args
        self.state = None

    def __setstate__(self, state):
        self.state = state


class _StructureUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.startswith('numpy') or module in (
                '_codecs', 'builtins', '__builtin__', 'copy_reg', 'copyreg',
                'collections'):
            return super().find_class(module, name)
        full = module + '.' + name

        class Recorded(_Recorded):
            name = full

            def __new__(cls, *args):
                obj = object.__new__(cls)
                _Recorded.__init__(obj, full, args)
                return obj

            def __init__(self, *args):
                pass
        return Recorded


# Attributes our objects may hold beyond Chainer's (harmless to Chainer, which
# sets attributes from a pickle as they come).
_OUR_EXTRA_STATE = {'initial_alpha'}


def _structure(obj, seen=()):
    if isinstance(obj, type) and issubclass(obj, _Recorded):
        return 'global', obj.name
    if isinstance(obj, (_Recorded, dict, list, tuple, set)):
        if id(obj) in seen:
            return '<cycle>'
        seen = seen + (id(obj),)
    if isinstance(obj, _Recorded):
        state = obj.state
        if isinstance(state, dict):
            state = {k: _structure(v, seen) for k, v in state.items()
                     if k not in ('name', 'rng') and k not in _OUR_EXTRA_STATE}
        return (obj.name, tuple(_structure(a, seen) for a in obj.args),
                _structure(state, seen) if not isinstance(state, dict) else state)
    if isinstance(obj, dict):
        return {k: _structure(v, seen) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj).__name__, tuple(_structure(v, seen) for v in obj)
    if isinstance(obj, set):
        return 'set', tuple(sorted(obj))
    if isinstance(obj, numpy.ndarray):
        return 'array', str(obj.dtype), obj.shape
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    return type(obj).__name__


def _pickle_structure(data):
    return _structure(_StructureUnpickler(io.BytesIO(data)).load())


def _same_objects_as_fixture():
    """Build (with our chainer) what the fixture script pickled."""
    numpy.random.seed(2)
    objs = {}
    v = chainer.Variable(numpy.arange(6, dtype=numpy.float32).reshape(2, 3),
                         name='v')
    v.grad = numpy.full((2, 3), 0.5, numpy.float32)
    objs['variable'] = v
    objs['variable_no_grad'] = chainer.Variable(numpy.array([1., 2.]),
                                                requires_grad=False)
    p = chainer.Parameter(numpy.array([[1., 2.], [3., 4.]], numpy.float32), name='p')
    p.grad = numpy.ones((2, 2), numpy.float32)
    objs['parameter'] = p
    objs['parameter_uninitialized'] = chainer.Parameter(
        chainer.initializers.Constant(3.0), name='q')
    objs['linear'] = chainer.links.Linear(3, 2)
    objs['linear_uninitialized'] = chainer.links.Linear(None, 4)
    objs['classifier'] = chainer.links.Classifier(chainer.links.Linear(3, 2))
    objs['chainlist'] = chainer.ChainList(chainer.links.Linear(2, 2),
                                          chainer.links.Linear(2, 3))
    objs['sequential'] = chainer.Sequential(
        chainer.links.Linear(2, 3), F.relu, chainer.links.Linear(3, 4),
        chainer.links.Linear(4, 5))
    model = chainer.links.Linear(3, 2)
    opt = chainer.optimizers.Adam(alpha=0.01)
    opt.setup(model)
    opt.add_hook(chainer.optimizer_hooks.WeightDecay(1e-4))
    for _ in range(2):
        model.cleargrads()
        F.sum(model(numpy.ones((4, 3), numpy.float32)) ** 2).backward()
        opt.update()
    objs['adam'] = opt
    a = numpy.arange(10, dtype=numpy.float32).reshape(5, 2)
    b = numpy.arange(5, dtype=numpy.int32)
    objs['tuple_dataset'] = chainer.datasets.TupleDataset(a, b)
    objs['dict_dataset'] = chainer.datasets.DictDataset(x=a, y=b)
    objs['concatenated_dataset'] = chainer.datasets.ConcatenatedDataset(a, a[:2])
    return objs


@pytest.mark.parametrize('name', [
    'variable', 'variable_no_grad', 'parameter', 'parameter_uninitialized',
    'linear', 'linear_uninitialized', 'classifier', 'chainlist', 'sequential',
    'adam', 'tuple_dataset', 'dict_dataset', 'concatenated_dataset'])
def test_our_pickles_have_chainers_layout(name):
    ours = pickle.dumps(_same_objects_as_fixture()[name], protocol=2)
    with open(fixture('pickle_{}.pkl'.format(name)), 'rb') as f:
        theirs = f.read()
    assert _pickle_structure(ours) == _pickle_structure(theirs)
    # and they load back here
    pickle.loads(ours)


def test_our_pickles_name_only_globals_chainer_has():
    names = set()
    for fname in os.listdir(FIXTURES):
        if fname.endswith('.pkl'):
            with open(fixture(fname), 'rb') as f:
                for op, arg, _ in pickletools.genops(f.read()):
                    if op.name == 'GLOBAL':
                        names.add(arg)
    for obj in _same_objects_as_fixture().values():
        for op, arg, _ in pickletools.genops(pickle.dumps(obj, protocol=2)):
            if op.name == 'GLOBAL':
                # NumPy 2 names its module numpy._core, which NumPy 1.26 (the
                # NumPy of a Chainer 7.8.1 install) also provides.
                assert arg.replace('numpy._core', 'numpy.core') in names, arg
