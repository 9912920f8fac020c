import numpy
import pytest

import chainer
import chainer.links as L


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _step(link, c, h, x):
    z = x @ link.upward.W.array.T + link.upward.b.array + \
        h @ link.lateral.W.array.T
    a, i, f, o = (z[:, k::4] for k in range(4))
    c = numpy.tanh(a) * _sigmoid(i) + _sigmoid(f) * c
    return c, _sigmoid(o) * numpy.tanh(c)


def test_not_training_is_plain_lstm():
    with chainer.using_config('dtype', numpy.float64):
        link = L.StatefulZoneoutLSTM(3, 2)
    link.upward.b.array[...] = numpy.random.uniform(-1, 1, 8)
    xs = [numpy.random.uniform(-1, 1, (4, 3)) for _ in range(3)]
    c, h = numpy.zeros((4, 2)), numpy.zeros((4, 2))
    with chainer.using_config('train', False):
        for x in xs:
            y = link(x)
            c, h = _step(link, c, h, x)
            numpy.testing.assert_allclose(y.array, h, rtol=1e-12)
            numpy.testing.assert_allclose(link.c.array, c, rtol=1e-12)


def test_training_keeps_previous_values():
    link = L.StatefulZoneoutLSTM(3, 50, c_ratio=1.0, h_ratio=1.0)
    x = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32)
    with chainer.using_config('train', True):
        y = link(x)
    # Ratio 1: every element keeps its previous (zero) value.
    numpy.testing.assert_array_equal(y.array, 0)
    link.reset_state()
    link.c_ratio = link.h_ratio = 0.5
    with chainer.using_config('train', True):
        y = link(x)
    zero_fraction = (y.array == 0).mean()
    assert 0.3 < zero_fraction < 0.7


def test_state_handling():
    link = L.StatefulZoneoutLSTM(3, 2)
    c = numpy.ones((1, 2), numpy.float32)
    link.set_state(c, c)
    assert link.c.shape == (1, 2)
    link.reset_state()
    assert link.c is None and link.h is None


def test_train_argument():
    with pytest.raises(ValueError, match='train argument is not supported'):
        L.StatefulZoneoutLSTM(3, 2, train=True)
