"""Helpers shared by the serializer tests (as a fixture: test modules are not importable)."""
import types

import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import optimizers


class MLP(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l1 = L.Linear(None, 4)
            self.l2 = L.Linear(4, 3)
        self.add_persistent('steps', 0)
        self.add_persistent('running', numpy.zeros(3, numpy.float32))

    def forward(self, x):
        return self.l2(F.relu(self.l1(x)))


def trained(optimizer_cls=optimizers.Adam, seed=0):
    numpy.random.seed(seed)
    model = L.Classifier(MLP(), lossfun=lambda y, t: F.sum(y * t),
                         accfun=lambda y, t: F.sum(y))
    opt = optimizer_cls().setup(model)
    x = numpy.random.randn(5, 2).astype(numpy.float32)
    t = numpy.random.randn(5, 3).astype(numpy.float32)
    for _ in range(2):
        opt.update(model, x, t)
    model.predictor.steps = 2
    model.predictor.running[...] = [1, 2, 3]
    return model, opt, x, t


def check_same(model, opt, model2, opt2, x, t):
    assert opt2.t == opt.t and opt2.epoch == opt.epoch
    assert model2.predictor.steps == 2 and isinstance(model2.predictor.steps, int)
    numpy.testing.assert_array_equal(model2.predictor.running, [1, 2, 3])
    params = dict(model.namedparams())
    for name, p2 in model2.namedparams():
        numpy.testing.assert_array_equal(p2.array, params[name].array)
        r1, r2 = params[name].update_rule, p2.update_rule
        assert r2.t == r1.t
        assert set(r2.state) == set(r1.state)
        for key in r1.state:
            numpy.testing.assert_array_equal(r2.state[key], r1.state[key])
    # the next update is identical
    opt.update(model, x, t)
    opt2.update(model2, x, t)
    for name, p2 in model2.namedparams():
        numpy.testing.assert_array_equal(p2.array, params[name].array)




@pytest.fixture
def helpers():
    return types.SimpleNamespace(MLP=MLP, trained=trained, check_same=check_same)
