"""Optimizers, iterators and trainer extensions under MPI, on every rank."""
import os

import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import training
from chainer.training import extensions

import chainermn


class _Model(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.a = L.Linear(3, 2)
            self.b = L.Linear(2, 1)

    def forward(self, x):
        return self.b(F.tanh(self.a(x)))


def _grads(model, rank):
    model.a.W.grad = numpy.full((2, 3), rank, numpy.float32)
    model.a.b.grad = numpy.full(2, 2 * rank, numpy.float32)
    model.b.W.grad = numpy.full((1, 2), rank + 1, numpy.float32)
    model.b.b.grad = numpy.full(1, -rank, numpy.float32)


def test_multi_node_optimizer_syncs_then_averages(comm):
    model = _Model()
    model.a.W.array[...] = comm.rank            # different on every rank
    opt = chainermn.create_multi_node_optimizer(chainer.optimizers.SGD(lr=0.5), comm)
    assert opt.setup(model) is opt
    assert opt.lr == 0.5
    opt.lr = 0.25                                # reaches the actual optimizer
    assert opt.actual_optimizer.lr == 0.25
    _grads(model, comm.rank)
    opt.update()                                 # first update: copy rank 0
    assert opt.t == 0
    numpy.testing.assert_array_equal(model.a.W.array, numpy.zeros((2, 3)))
    w_b = model.b.W.array.copy()
    _grads(model, comm.rank)
    opt.update()
    assert opt.t == 1
    m = (comm.size - 1) / 2.
    numpy.testing.assert_allclose(model.a.W.array, numpy.full((2, 3), -0.25 * m))
    numpy.testing.assert_allclose(model.b.W.array, w_b - 0.25 * (m + 1), rtol=1e-6)
    everywhere = comm.mpi_comm.allgather(model.b.W.array)
    for w in everywhere:
        numpy.testing.assert_array_equal(w, everywhere[0])


def test_multi_node_optimizer_with_lossfun_matches_big_batch(comm):
    rng = numpy.random.RandomState(0)
    x_all = rng.uniform(-1, 1, (4 * comm.size, 3)).astype(numpy.float32)
    model = _Model()
    ref = model.copy(mode='copy')
    comm.bcast_data(model)
    comm.bcast_data(ref)
    opt = chainermn.create_multi_node_optimizer(chainer.optimizers.SGD(0.1), comm)
    opt.setup(model)
    mine = x_all[4 * comm.rank:4 * (comm.rank + 1)]
    opt.update(lambda x: F.mean(model(x) ** 2), mine)     # synchronizes
    opt.update(lambda x: F.mean(model(x) ** 2), mine)
    ref_opt = chainer.optimizers.SGD(0.1)
    ref_opt.setup(ref)
    ref_opt.update(lambda x: F.mean(ref(x) ** 2), x_all)
    for (n1, p1), (n2, p2) in zip(sorted(model.namedparams()),
                                  sorted(ref.namedparams())):
        numpy.testing.assert_allclose(p1.array, p2.array, rtol=1e-5, atol=1e-6)


def test_double_buffering_uses_last_iterations_gradients(comm):
    model = _Model()
    opt = chainermn.create_multi_node_optimizer(
        chainer.optimizers.SGD(lr=1.0), comm, double_buffering=True)
    opt.setup(model)
    _grads(model, comm.rank)
    opt.update()                                 # synchronizes
    w0 = model.a.W.array.copy()
    _grads(model, comm.rank)
    opt.update()                                 # starts the first allreduce
    opt.wait()
    assert opt.t == 0
    m = (comm.size - 1) / 2.
    numpy.testing.assert_allclose(opt.communicated_target.a.W.grad,
                                  numpy.full((2, 3), m))
    _grads(model, comm.rank + 10)
    opt.update()                                 # updates with the previous mean
    opt.wait()
    assert opt.t == 1
    numpy.testing.assert_allclose(model.a.W.array, w0 - m, rtol=1e-6)
    numpy.testing.assert_allclose(opt.communicated_target.a.W.grad,
                                  numpy.full((2, 3), m + 10))


@pytest.mark.parametrize('paired', [False, True])
@pytest.mark.parametrize('repeat', [True, False])
def test_multi_node_iterator_gives_everyone_the_masters_batches(comm, paired, repeat):
    n = 10
    if paired:
        data = [(numpy.float32(i), numpy.int32(2 * i)) for i in range(n)]
    else:
        data = numpy.arange(n, dtype=numpy.float32)
    it = chainermn.iterators.create_multi_node_iterator(
        chainer.iterators.SerialIterator(data, 3, repeat=repeat, shuffle=True),
        comm, rank_master=1)
    batches = []
    for _ in range(8):
        try:
            batches.append(it.next())
        except StopIteration:
            break
        assert it.epoch_detail == pytest.approx(
            comm.bcast_obj(it.epoch_detail, root=1))
    assert len(batches) == (8 if repeat else 4)
    everyone = comm.mpi_comm.allgather([[tuple(map(float, e)) if paired else float(e)
                                         for e in b] for b in batches])
    assert all(b == everyone[1] for b in everyone)
    first_epoch = sum(everyone[0][:4], [])[:n]
    assert sorted(first_epoch) == sorted(
        [(float(i), float(2 * i)) for i in range(n)] if paired else
        [float(i) for i in range(n)])


def test_multi_node_iterator_rejects_non_numeric_examples(comm):
    it = chainermn.iterators.create_multi_node_iterator(
        chainer.iterators.SerialIterator(['a', 'b'], 1), comm)
    with pytest.raises(TypeError, match='numeric'):
        it.next()


def test_synchronized_iterator(comm):
    data = numpy.arange(12, dtype=numpy.float32)
    it = chainermn.iterators.create_synchronized_iterator(
        chainer.iterators.SerialIterator(data, 5, shuffle=True), comm)
    batches = [[float(v) for v in it.next()] for _ in range(6)]
    everyone = comm.mpi_comm.allgather(batches)
    assert all(b == everyone[0] for b in everyone)
    assert sorted(sum(batches, [])[:12]) == list(range(12))


def test_multi_node_evaluator_averages(comm):
    class Reporter(chainer.Link):
        def forward(self, x):
            chainer.report({'value': F.sum(x) / len(x)}, self)
            return x

    data = numpy.full((4, 1), comm.rank + 1, numpy.float32)
    ev = extensions.Evaluator(
        chainer.iterators.SerialIterator(data, 2, repeat=False, shuffle=False),
        Reporter())
    ev = chainermn.create_multi_node_evaluator(ev, comm)
    result = ev()
    assert result['main/value'] == pytest.approx((comm.size + 1) / 2.)


def test_generic_evaluator(comm):
    class Model(chainer.Chain):
        def forward(self, a, b):
            return a + b

    n = 5 + comm.rank                 # different lengths on every rank
    data = chainer.datasets.TupleDataset(numpy.arange(n) * 0 + comm.rank,
                                         numpy.arange(n))
    it = chainer.iterators.SerialIterator(data, 2, repeat=False, shuffle=False)
    ev = chainermn.extensions.GenericMultiNodeEvaluator(comm, it, Model())
    result = ev(None)
    if comm.rank == 0:
        expected = []
        n_batches = [-(-(5 + r) // 2) for r in range(comm.size)]
        for i in range(max(n_batches)):
            for r in range(comm.size):
                if i < n_batches[r]:
                    idx = numpy.arange(2 * i, min(2 * i + 2, 5 + r))
                    expected.append(r + idx)
        assert len(result) == len(expected)
        for got, want in zip(result, expected):
            numpy.testing.assert_array_equal(got, want)
    else:
        assert result is None


def test_allreduce_persistent(comm):
    model = chainer.Chain()
    with model.init_scope():
        model.bn = L.BatchNormalization(3)
    model.bn.avg_mean[...] = comm.rank
    model.bn.avg_var[...] = 2 * comm.rank
    model.bn.N = comm.rank
    chainermn.extensions.AllreducePersistent(model, comm)()
    m = (comm.size - 1) / 2.
    numpy.testing.assert_allclose(model.bn.avg_mean, numpy.full(3, m))
    numpy.testing.assert_allclose(model.bn.avg_var, numpy.full(3, 2 * m))
    assert model.bn.N == comm.rank            # counters are left alone


def _trainer(comm, out, iterations=4, extra=()):
    model = L.Classifier(_Model().b.__class__(3, 2))
    data = chainer.datasets.TupleDataset(
        numpy.random.RandomState(comm.rank).uniform(size=(8, 3)).astype(
            numpy.float32), numpy.arange(8, dtype=numpy.int32) % 2)
    opt = chainermn.create_multi_node_optimizer(chainer.optimizers.SGD(0.1), comm)
    opt.setup(model)
    it = chainer.iterators.SerialIterator(data, 2)
    updater = training.StandardUpdater(it, opt)
    trainer = training.Trainer(updater, (iterations, 'iteration'), out=out)
    for e in extra:
        trainer.extend(e)
    return trainer, model, opt


def test_observation_aggregator(comm, tmp_path):
    seen = []

    @training.make_extension(trigger=(1, 'iteration'),
                             priority=training.extension.PRIORITY_WRITER)
    def put(trainer):
        trainer.observation['rank'] = chainer.Variable(
            numpy.asarray(comm.rank, numpy.float32))

    @training.make_extension(trigger=(2, 'iteration'),
                             priority=training.extension.PRIORITY_READER)
    def check(trainer):
        seen.append(float(trainer.observation['rank-mean'].array))

    trainer, _, _ = _trainer(comm, str(tmp_path), 4, [
        put, chainermn.extensions.ObservationAggregator(
            comm, 'rank', 'rank-mean', comm_trigger=(2, 'iteration')), check])
    trainer.run()
    assert seen == [(comm.size - 1) / 2.] * 2


def test_early_stopping_is_the_same_everywhere(comm):
    from chainer.testing import training as testing_training
    trainer = testing_training.get_trainer_with_mock_updater(
        stop_trigger=None, iter_per_epoch=1)
    trigger = chainermn.extensions.MultiNodeEarlyStoppingTrigger(
        comm, monitor='main/loss', patience=2, check_trigger=(1, 'epoch'))
    # Rank 0's losses keep falling, the others' rise: the mean decides.
    losses = [[5, 4, 3, 2, 1], [1, 3, 5, 7, 9]]
    decisions = []
    for i in range(5):
        trainer.updater.update()
        trainer.observation = {'main/loss': losses[min(comm.rank, 1)][i]}
        decisions.append(trigger(trainer))
    everyone = comm.mpi_comm.allgather(decisions)
    assert all(d == everyone[0] for d in everyone)
    means = [numpy.mean([losses[min(r, 1)][i] for r in range(comm.size)])
             for i in range(5)]
    best, count, expected = None, 0, []
    for m in means:
        if best is None or m < best:
            best, count = m, 0
        else:
            count += 1
        expected.append(count >= 2)
    assert decisions == expected


def test_checkpointer_saves_and_resumes(comm, tmp_path):
    path = str(tmp_path)      # each rank has its own directory
    trainer, model, opt = _trainer(comm, path, 4)
    cp = chainermn.create_multi_node_checkpointer('ck', comm, cp_interval=2,
                                                  gc_interval=1, path=path)
    assert cp.maybe_load(trainer, opt) is None
    for it in (1, 2, 3):
        trainer.updater.update()
        cp.save(trainer, trainer.updater.iteration)
    names = sorted(os.listdir(path))
    assert names == ['ck.{}.2'.format(comm.rank), 'ck.{}.3'.format(comm.rank)]
    assert list(cp._parse_filenames(names)) == [('ck', comm.rank, 2),
                                               ('ck', comm.rank, 3)]
    trainer2, model2, opt2 = _trainer(comm, path, 4)
    cp2 = chainermn.create_multi_node_checkpointer('ck', comm, path=path)
    assert cp2.maybe_load(trainer2, opt2) == 3
    assert trainer2.updater.iteration == 3
    numpy.testing.assert_array_equal(model2.predictor.W.array,
                                     model.predictor.W.array)
    assert 'checkpoints' in cp.get_stats()
    cp2.finalize()
    assert os.listdir(path) == []


def test_multi_node_snapshot_autoload(comm, tmp_path):
    out = str(tmp_path)       # only rank 0 writes into its directory
    trainer, model, opt = _trainer(comm, out, 3)
    snap = chainermn.extensions.multi_node_snapshot(
        comm, extensions.snapshot(target=trainer.updater, autoload=True), [])
    assert snap.is_master == (comm.rank == 0)
    snap.initialize(trainer)
    for _ in range(3):
        trainer.updater.update()
    snap(trainer)
    files = os.listdir(out)
    assert files == (['snapshot_iter_3.0'] if comm.rank == 0 else [])
    trainer2, model2, _ = _trainer(comm, out, 3)
    snap2 = chainermn.extensions.multi_node_snapshot(
        comm, extensions.snapshot(target=trainer2.updater, autoload=True), [])
    snap2.initialize(trainer2)
    assert trainer2.updater.iteration == 3      # on every rank
    numpy.testing.assert_array_equal(model2.predictor.W.array,
                                     comm.bcast(model.predictor.W.array))
