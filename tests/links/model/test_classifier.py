import numpy
import pytest

import chainer
import chainer.links as L


def squared_loss(y, t):
    return chainer.functions.sum((y - t) * (y - t))


def exact_match(y, t):
    return chainer.Variable(numpy.asarray(
        (y.array.argmax(axis=1) == t).mean(), dtype=numpy.float32))


class Predictor(chainer.Chain):
    def __init__(self):
        super().__init__()
        with self.init_scope():
            self.l = L.Linear(3, 2, initialW=numpy.eye(2, 3, dtype=numpy.float32))

    def forward(self, x, scale=1.0):
        return self.l(x) * scale


def test_loss_and_accuracy_with_custom_functions():
    model = L.Classifier(Predictor(), lossfun=lambda y, t: chainer.functions.sum(y),
                         accfun=exact_match)
    x = numpy.array([[1, 0, 0], [0, 2, 0]], numpy.float32)
    t = numpy.array([0, 0], numpy.int32)
    loss = model(x, t)
    assert float(loss.array) == pytest.approx(3.0)
    numpy.testing.assert_array_equal(model.y.array, [[1, 0], [0, 2]])
    assert float(model.accuracy.array) == pytest.approx(0.5)
    assert model.predictor.name == 'predictor'
    assert [n for n, _ in model.namedparams()] == ['/predictor/l/W', '/predictor/l/b']


def test_compute_accuracy_off():
    model = L.Classifier(Predictor(), lossfun=squared_loss, accfun=exact_match)
    model.compute_accuracy = False
    x = numpy.ones((1, 3), numpy.float32)
    model(x, numpy.zeros((1, 2), numpy.float32))
    assert model.accuracy is None


def test_label_key_int_and_str():
    seen = []

    def lossfun(y, t):
        seen.append(t)
        return chainer.functions.sum(y)
    model = L.Classifier(Predictor(), lossfun=lossfun, accfun=exact_match,
                         label_key=0)
    t = numpy.array([1], numpy.int32)
    model(t, numpy.ones((1, 3), numpy.float32))
    assert seen[-1] is t
    model = L.Classifier(Predictor(), lossfun=lossfun, accfun=exact_match,
                         label_key='label')
    model(numpy.ones((1, 3), numpy.float32), scale=2.0, label=t)
    assert seen[-1] is t
    numpy.testing.assert_array_equal(model.y.array, [[2, 2]])
    with pytest.raises(ValueError, match="Label key 'label' is not found"):
        model(numpy.ones((1, 3), numpy.float32))
    model = L.Classifier(Predictor(), lossfun=lossfun, accfun=exact_match,
                         label_key=3)
    with pytest.raises(ValueError, match='Label key 3 is out of range'):
        model(numpy.ones((1, 3), numpy.float32), t)
    model = L.Classifier(Predictor(), lossfun=lossfun, accfun=exact_match,
                         label_key=-3)
    with pytest.raises(ValueError, match='Label key -3 is out of range'):
        model(numpy.ones((1, 3), numpy.float32), t)
    with pytest.raises(TypeError, match='label_key must be int or str'):
        L.Classifier(Predictor(), label_key=1.5)
    with pytest.raises(TypeError, match='label_key must be int or str'):
        L.Classifier(Predictor(), label_key=None)


def test_reports_loss_and_accuracy():
    reporter_module = pytest.importorskip('chainer.reporter')
    model = L.Classifier(Predictor(), lossfun=squared_loss, accfun=exact_match)
    reporter = reporter_module.Reporter()
    reporter.add_observer('main', model)
    observation = {}
    with reporter.scope(observation):
        model(numpy.ones((1, 3), numpy.float32), numpy.zeros((1, 2), numpy.float32))
    assert set(observation) == {'main/loss', 'main/accuracy'}
    assert float(observation['main/loss'].array) == pytest.approx(2.0)
