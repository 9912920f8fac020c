"""Model-parallel links and multi-node batch normalization, on every rank."""
import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L

import chainermn
import chainermn.functions as MF
from chainermn.links import MultiNodeBatchNormalization


def _linear(seed, n_in, n_out):
    rng = numpy.random.RandomState(seed)
    return L.Linear(n_in, n_out,
                    initialW=rng.uniform(-1, 1, (n_out, n_in)).astype(numpy.float32),
                    initial_bias=rng.uniform(-1, 1, n_out).astype(numpy.float32))


class _Stage(chainer.Chain):
    def __init__(self, seed):
        super().__init__()
        with self.init_scope():
            self.l = _linear(seed, 4, 4)

    def forward(self, x):
        return F.tanh(self.l(x))


def test_chain_list_pipeline_matches_one_process(comm):
    x = numpy.random.RandomState(0).uniform(-1, 1, (3, 4)).astype(numpy.float32)
    model = chainermn.MultiNodeChainList(comm)
    first, last = comm.rank == 0, comm.rank == comm.size - 1
    model.add_link(_Stage(comm.rank), rank_in=None if first else comm.rank - 1,
                   rank_out=None if last else comm.rank + 1)
    out = model(x) if first else model()
    if last:
        loss = F.sum(out * out)
        loss.backward()
    else:
        out.backward()      # the delegate of the send
    # The same stages in one process.
    stages = [_Stage(r) for r in range(comm.size)]
    h = chainer.Variable(x)
    for s in stages:
        h = s(h)
    ref_loss = F.sum(h * h)
    ref_loss.backward()
    mine = model[0].l
    numpy.testing.assert_allclose(mine.W.grad, stages[comm.rank].l.W.grad, rtol=1e-5)
    numpy.testing.assert_allclose(mine.b.grad, stages[comm.rank].l.b.grad, rtol=1e-5)
    if last:
        numpy.testing.assert_allclose(loss.array, ref_loss.array, rtol=1e-5)


def test_chain_list_branches_and_local_values(comm):
    # Rank 0 sends its hidden layer to every other rank and to itself; each
    # other rank returns f_r(h); rank 0 sums everything.
    x = numpy.ones((2, 4), numpy.float32)
    model = chainermn.MultiNodeChainList(comm)
    others = list(range(1, comm.size))
    if comm.rank == 0:
        model.add_link(_Stage(10), rank_in=None, rank_out=[0] + others)
        model.add_link(_Stage(20), rank_in=0, rank_out=0)

        class Sum(chainer.Link):
            def forward(self, *xs):
                return sum(xs[1:], xs[0])
        model.add_link(Sum(), rank_in=[0] + others, rank_out=None)
        y = model(x)
        F.sum(y).backward()
        # Reference in one process.
        s10, s20 = _Stage(10), _Stage(20)
        h = s10(x)
        ref = s20(h) + sum((_Stage(30 + r)(h) for r in others), 0)
        numpy.testing.assert_allclose(y.array, ref.array, rtol=1e-5)
        F.sum(ref).backward()
        numpy.testing.assert_allclose(model[0].l.W.grad, s10.l.W.grad, rtol=1e-5)
    else:
        model.add_link(_Stage(30 + comm.rank), rank_in=0, rank_out=0)
        model().backward()
        assert model[0].l.W.grad is not None


def test_chain_list_rejects_bad_ranks(comm):
    model = chainermn.MultiNodeChainList(comm)
    with pytest.raises(ValueError, match='rank_out'):
        model.add_link(_Stage(0), rank_in=None, rank_out=comm.size)


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_multi_node_batch_normalization_is_big_batch_bn(comm, dtype):
    rng = numpy.random.RandomState(5)
    local = 4
    x_all = rng.uniform(-2, 2, (local * comm.size, 3, 2)).astype(dtype)
    gy_all = rng.uniform(-1, 1, x_all.shape).astype(dtype)
    mine = slice(comm.rank * local, (comm.rank + 1) * local)
    mnbn = MultiNodeBatchNormalization(3, comm, decay=0.5, dtype=dtype)
    mnbn.gamma.array[...] = [0.5, 1., 2.]
    mnbn.beta.array[...] = [0., 1., -1.]
    x = chainer.Variable(x_all[mine])
    y = mnbn(x)
    y.grad = gy_all[mine]
    y.backward()
    bn = L.BatchNormalization(3, decay=0.5, dtype=dtype)
    bn.gamma.array[...] = [0.5, 1., 2.]
    bn.beta.array[...] = [0., 1., -1.]
    x_ref = chainer.Variable(x_all)
    y_ref = bn(x_ref)
    y_ref.grad = gy_all
    y_ref.backward()
    tol = dict(rtol=1e-4, atol=1e-5)
    numpy.testing.assert_allclose(y.array, y_ref.array[mine], **tol)
    numpy.testing.assert_allclose(x.grad, x_ref.grad[mine], **tol)
    numpy.testing.assert_allclose(mnbn.avg_mean, bn.avg_mean, **tol)
    numpy.testing.assert_allclose(mnbn.avg_var, bn.avg_var, **tol)
    # gamma/beta gradients: this process's share; their sum is the total.
    comm.multi_node_mean_grad(mnbn)
    numpy.testing.assert_allclose(mnbn.gamma.grad * comm.size, bn.gamma.grad, **tol)
    numpy.testing.assert_allclose(mnbn.beta.grad * comm.size, bn.beta.grad, **tol)
    with chainer.using_config('train', False):
        numpy.testing.assert_allclose(mnbn(x_all[mine]).array,
                                      bn(x_all[mine]).array, **tol)


def test_multi_node_batch_normalization_backends(comm):
    assert MultiNodeBatchNormalization(2, comm).communication_backend == 'mpi'
    for bad in ('nccl', 'dummy'):
        with pytest.raises(ValueError, match='communication_backend'):
            MultiNodeBatchNormalization(2, comm, communication_backend=bad)
    copied = MultiNodeBatchNormalization(2, comm).copy(mode='copy')
    assert copied.comm is comm


def test_create_mnbn_model(comm):
    model = chainer.Sequential(L.Linear(3, 4), L.BatchNormalization(4), F.relu,
                               L.Linear(4, 2))
    model[1].gamma.array[...] = 2.
    model[1].avg_mean[...] = 0.25
    chain = chainer.Chain()
    with chain.init_scope():
        chain.body = model
        chain.bn = L.BatchNormalization(2)
    converted = chainermn.links.create_mnbn_model(chain, comm)
    assert isinstance(chain.bn, L.BatchNormalization)          # unchanged
    assert isinstance(converted.bn, MultiNodeBatchNormalization)
    assert isinstance(converted.body[1], MultiNodeBatchNormalization)
    numpy.testing.assert_array_equal(converted.body[1].gamma.array, [2.] * 4)
    numpy.testing.assert_array_equal(converted.body[1].avg_mean, [0.25] * 4)
    numpy.testing.assert_array_equal(converted.body[0].W.array, model[0].W.array)
    x = numpy.random.RandomState(comm.rank).uniform(size=(3, 3)).astype(numpy.float32)
    y = converted.bn(converted.body(x))
    assert y.shape == (3, 2)


def test_multi_node_n_step_lstm_pipeline(comm):
    n_units = 3
    xs = [numpy.random.RandomState(i).uniform(-1, 1, (2 + i, n_units))
          .astype(numpy.float32) for i in range(2)]

    def lstm(seed):
        numpy.random.seed(seed)
        return L.NStepLSTM(1, n_units, n_units, 0.0)

    first, last = comm.rank == 0, comm.rank == comm.size - 1
    rnn = chainermn.links.create_multi_node_n_step_rnn(
        lstm(comm.rank), comm, rank_in=None if first else comm.rank - 1,
        rank_out=None if last else comm.rank + 1)
    hy, cy, ys, delegate = rnn(xs)
    loss = F.sum(hy) + sum(F.sum(y) for y in ys)
    loss, = MF.pseudo_connect(delegate, loss)
    loss.backward()
    # Every layer got gradients (the states' gradients came back).
    assert all(p.grad is not None for p in rnn.params())
    # Reference: the final states of each layer start the next one.
    h = c = None
    for r in range(comm.size):
        h, c, ys_ref = lstm(r)(h, c, xs)
        if r == comm.rank:
            mine = (h.array, [y.array for y in ys_ref])
    numpy.testing.assert_allclose(hy.array, mine[0], rtol=1e-5)
    for y, y_ref in zip(ys, mine[1]):
        numpy.testing.assert_allclose(y.array, y_ref, rtol=1e-5)
    assert (delegate is None) == last
