import numpy
import pytest

import chainer
from chainer import gradient_check
from chainer import initializers
import chainer.links as L


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _step(x, c, h, Wu, bu, Wl):
    # Reference LSTM step; gate k of unit n is column 4n + k (a, i, f, o).
    z = x @ Wu.T + bu
    if h is not None:
        z = z + h @ Wl.T
    a, i, f, o = (z[:, k::4] for k in range(4))
    c_new = numpy.tanh(a) * _sigmoid(i) + _sigmoid(f) * c
    return c_new, numpy.tanh(c_new) * _sigmoid(o)


def _params(link):
    return (link.upward.W.array.astype(numpy.float64),
            link.upward.b.array.astype(numpy.float64),
            link.lateral.W.array.astype(numpy.float64))


class TestLSTMInit:

    def test_shapes_and_default_biases(self):
        link = L.LSTM(3, 5)
        assert link.upward.W.shape == (20, 3)
        assert link.lateral.W.shape == (20, 5)
        assert link.lateral.b is None
        gates = link.upward.b.array.reshape(5, 4)
        numpy.testing.assert_array_equal(gates[:, 2], 1)       # forget gate
        numpy.testing.assert_array_equal(gates[:, [0, 1, 3]], 0)
        assert link.c is None and link.h is None
        assert sorted(name for name, _ in link.namedparams()) == [
            '/lateral/W', '/upward/W', '/upward/b']

    def test_custom_initializers(self):
        link = L.LSTM(3, 2, lateral_init=initializers.Constant(2.),
                      upward_init=initializers.Constant(3.), bias_init=0.5,
                      forget_bias_init=-1)
        numpy.testing.assert_array_equal(link.lateral.W.array, 2)
        numpy.testing.assert_array_equal(link.upward.W.array, 3)
        gates = link.upward.b.array.reshape(2, 4)
        numpy.testing.assert_array_equal(gates[:, 2], -1)
        numpy.testing.assert_array_equal(gates[:, [0, 1, 3]], 0.5)

    def test_default_weights_are_random(self):
        link = L.LSTM(30, 20)
        w = link.upward.W.array
        assert w.std() > 0.05
        # LeCunNormal per gate block: std about sqrt(1 / 30).
        assert abs(w.std() - numpy.sqrt(1 / 30.)) < 0.03

    def test_lazy_input_size(self):
        for link in (L.LSTM(4), L.LSTM(None, 4)):
            assert link.upward.W.array is None
            y = link(numpy.ones((2, 3, 2), numpy.float32))
            assert link.upward.W.shape == (16, 6)
            assert y.shape == (2, 4)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_lstm_sequence_matches_reference(dtype):
    with chainer.using_config('dtype', dtype):
        link = L.LSTM(3, 4)
    assert link.upward.W.dtype == dtype
    Wu, bu, Wl = _params(link)
    xs = [numpy.random.uniform(-1, 1, (n, 3)).astype(dtype) for n in (3, 3, 2, 1)]
    c = numpy.zeros((3, 4))
    h = None
    tol = dict(rtol=1e-2, atol=1e-2) if dtype == numpy.float16 else \
        dict(rtol=1e-5, atol=1e-6)
    for x in xs:
        y = link(x)
        n = len(x)
        c_head, h_head = _step(x.astype(numpy.float64), c[:n],
                               None if h is None else h[:n], Wu, bu, Wl)
        c = numpy.concatenate([c_head, c[n:]])
        h = h_head if h is None else numpy.concatenate([h_head, h[n:]])
        assert y.dtype == dtype and y.shape == (n, 4)
        numpy.testing.assert_allclose(y.array, h_head, **tol)
        # The state keeps the rows of the sequences that have ended.
        numpy.testing.assert_allclose(link.h.array, h, **tol)
        numpy.testing.assert_allclose(link.c.array, c, **tol)


def test_reset_and_set_state():
    link = L.LSTM(2, 3)
    x = numpy.random.uniform(-1, 1, (2, 2)).astype(numpy.float32)
    y1 = link(x).array
    link(x)
    link.reset_state()
    assert link.c is None and link.h is None
    numpy.testing.assert_array_equal(link(x).array, y1)
    c = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    h = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
    link.set_state(chainer.Variable(c), h)
    assert isinstance(link.h, chainer.Variable)
    y = link(x)
    Wu, bu, Wl = _params(link)
    _, h_ref = _step(x.astype(numpy.float64), c, h, Wu, bu, Wl)
    numpy.testing.assert_allclose(y.array, h_ref, rtol=1e-5)
    with pytest.raises(TypeError, match='c must be a Variable or an array'):
        link.set_state(1, h)


def test_larger_batch_than_state():
    link = L.LSTM(2, 3)
    link(numpy.zeros((1, 2), numpy.float32))
    with pytest.raises(TypeError, match='batch size of x'):
        link(numpy.zeros((2, 2), numpy.float32))


def test_backward_through_time():
    with chainer.using_config('dtype', numpy.float64):
        link = L.LSTM(2, 3)
    for p in link.params():
        p.array[...] = numpy.random.uniform(-1, 1, p.shape)
    xs = [numpy.random.uniform(-1, 1, (n, 2)) for n in (2, 2, 1)]

    def f(*xs_):
        link.reset_state()
        for x in xs_:
            link(x)
        return link.h, link.c

    gradient_check.check_backward(
        f, xs, tuple(numpy.random.uniform(-1, 1, (2, 3)) for _ in range(2)),
        params=tuple(link.params()))


def test_copy_keeps_state_separate():
    link = L.LSTM(2, 3)
    link(numpy.ones((1, 2), numpy.float32))
    other = link.copy()
    other.reset_state()
    assert link.h is not None


class TestStatelessLSTM:

    def test_matches_reference(self):
        link = L.StatelessLSTM(3, 4)
        Wu, bu, Wl = _params(link)
        x = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
        c, h = link(None, None, x)
        c_ref, h_ref = _step(x.astype(numpy.float64), numpy.zeros((2, 4)), None,
                             Wu, bu, Wl)
        numpy.testing.assert_allclose(c.array, c_ref, rtol=1e-5)
        numpy.testing.assert_allclose(h.array, h_ref, rtol=1e-5)
        c2, h2 = link(c, h, x)
        c2_ref, h2_ref = _step(x.astype(numpy.float64), c_ref, h_ref, Wu, bu, Wl)
        numpy.testing.assert_allclose(c2.array, c2_ref, rtol=1e-5)
        numpy.testing.assert_allclose(h2.array, h2_ref, rtol=1e-5)

    def test_shrinking_batch(self):
        link = L.StatelessLSTM(3, 4)
        x = numpy.random.uniform(-1, 1, (3, 3)).astype(numpy.float32)
        c, h = link(None, None, x)
        c2, h2 = link(c, h, x[:1])
        assert c2.shape == (3, 4) and h2.shape == (3, 4)
        numpy.testing.assert_array_equal(c2.array[1:], c.array[1:])
        numpy.testing.assert_array_equal(h2.array[1:], h.array[1:])

    def test_gradients(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.StatelessLSTM(2, 3)
        for p in link.params():
            p.array[...] = numpy.random.uniform(-1, 1, p.shape)
        args = (numpy.random.uniform(-1, 1, (2, 3)),
                numpy.random.uniform(-1, 1, (2, 3)),
                numpy.random.uniform(-1, 1, (2, 2)))
        gradient_check.check_backward(
            link, args, tuple(numpy.random.uniform(-1, 1, (2, 3)) for _ in range(2)),
            params=tuple(link.params()))
