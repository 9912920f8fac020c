import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L


class MLP(chainer.Chain):

    def __init__(self, n_in=4, n_hidden=5, n_out=3, seed=0):
        super().__init__()
        rng = numpy.random.RandomState(seed)
        with self.init_scope():
            self.l1 = L.Linear(n_in, n_hidden, initialW=rng.normal(
                0, 0.5, (n_hidden, n_in)).astype(numpy.float32))
            self.l2 = L.Linear(n_hidden, n_out, initialW=rng.normal(
                0, 0.5, (n_out, n_hidden)).astype(numpy.float32))

    def forward(self, x):
        return self.l2(F.relu(self.l1(x)))


def make_data(n=24, n_in=4, n_out=3, seed=1):
    rng = numpy.random.RandomState(seed)
    x = rng.normal(size=(n, n_in)).astype(numpy.float32)
    t = (x[:, 0] > 0).astype(numpy.int32) + (x[:, 1] > 0).astype(numpy.int32)
    return chainer.datasets.TupleDataset(x, t % n_out)


@pytest.fixture
def mlp():
    return MLP


@pytest.fixture
def data():
    return make_data


@pytest.fixture(autouse=True)
def _run_in_tmp_path(tmp_path, monkeypatch):
    """Trainers write to their ``out`` directory ('result' by default)."""
    monkeypatch.chdir(tmp_path)
