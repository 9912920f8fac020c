import numpy
import pytest

import chainer
from chainer import gradient_check
import chainer.links as L


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _lin(l, x):
    y = x @ l.W.array.astype(numpy.float64).T
    if l.b is not None:
        y = y + l.b.array
    return y


def _randomize(link):
    for p in link.params():
        p.array[...] = numpy.random.uniform(-1, 1, p.shape)


def _f64(link_cls, *args, **kwargs):
    with chainer.using_config('dtype', numpy.float64):
        link = link_cls(*args, **kwargs)
    _randomize(link)
    return link


class TestGRU:

    def _reference(self, link, h, x):
        r = _sigmoid(_lin(link.W_r, x) + _lin(link.U_r, h))
        z = _sigmoid(_lin(link.W_z, x) + _lin(link.U_z, h))
        h_bar = numpy.tanh(_lin(link.W, x) + _lin(link.U, r * h))
        return (1 - z) * h + z * h_bar

    def test_params(self):
        link = L.StatelessGRU(3, 4)
        names = sorted(n for n, _ in link.namedparams())
        assert names == ['/U/W', '/U/b', '/U_r/W', '/U_r/b', '/U_z/W', '/U_z/b',
                         '/W/W', '/W/b', '/W_r/W', '/W_r/b', '/W_z/W', '/W_z/b']
        assert link.W_r.W.shape == (4, 3) and link.U_r.W.shape == (4, 4)

    def test_stateless(self):
        link = _f64(L.StatelessGRU, 3, 4)
        h = numpy.random.uniform(-1, 1, (2, 4))
        x = numpy.random.uniform(-1, 1, (2, 3))
        y = link(h, x)
        numpy.testing.assert_allclose(y.array, self._reference(link, h, x), rtol=1e-12)
        gradient_check.check_backward(link, (h, x), numpy.random.uniform(-1, 1, (2, 4)),
                                      params=tuple(link.params()))

    @pytest.mark.parametrize('cls', [L.StatefulGRU, L.GRU])
    def test_stateful(self, cls):
        link = _f64(cls, 3, 4)
        x = numpy.random.uniform(-1, 1, (2, 3))
        y1 = link(x)
        # First step: no state, so only the input terms.
        expected = _sigmoid(_lin(link.W_z, x)) * numpy.tanh(_lin(link.W, x))
        numpy.testing.assert_allclose(y1.array, expected, rtol=1e-12)
        y2 = link(x)
        numpy.testing.assert_allclose(y2.array, self._reference(link, expected, x),
                                      rtol=1e-12)
        link.reset_state()
        assert link.h is None
        h = numpy.random.uniform(-1, 1, (2, 4))
        link.set_state(h)
        numpy.testing.assert_allclose(link(x).array, self._reference(link, h, x),
                                      rtol=1e-12)

    def test_default_bias_of_stateful_is_zero(self):
        link = L.StatefulGRU(3, 4)
        for name, p in link.namedparams():
            if name.endswith('/b'):
                numpy.testing.assert_array_equal(p.array, 0)

    def test_bias_init(self):
        link = L.StatelessGRU(3, 4, bias_init=0.5)
        numpy.testing.assert_array_equal(link.U_z.b.array, 0.5)

    def test_gru_two_arguments(self):
        link = L.GRU(3, 4)
        with pytest.raises(TypeError, match='StatelessGRU'):
            link(numpy.zeros((1, 4), 'f'), numpy.zeros((1, 3), 'f'))


class TestMGU:

    def _reference(self, link, h, x):
        f = _sigmoid(_lin(link.W_f, numpy.concatenate([h, x], axis=1)))
        h_bar = numpy.tanh(_lin(link.W_h, numpy.concatenate([f * h, x], axis=1)))
        return (1 - f) * h + f * h_bar

    def test_stateless(self):
        link = _f64(L.StatelessMGU, 3, 4)
        assert link.W_f.W.shape == (4, 7)
        h = numpy.random.uniform(-1, 1, (2, 4))
        x = numpy.random.uniform(-1, 1, (2, 3))
        numpy.testing.assert_allclose(link(h, x).array, self._reference(link, h, x),
                                      rtol=1e-12)
        gradient_check.check_backward(link, (h, x), numpy.random.uniform(-1, 1, (2, 4)),
                                      params=tuple(link.params()))

    def test_stateful(self):
        link = _f64(L.StatefulMGU, 3, 4)
        x = numpy.random.uniform(-1, 1, (2, 3))
        h1 = self._reference(link, numpy.zeros((2, 4)), x)
        numpy.testing.assert_allclose(link(x).array, h1, rtol=1e-12)
        numpy.testing.assert_allclose(link(x).array, self._reference(link, h1, x),
                                      rtol=1e-12)
        link.reset_state()
        h = numpy.random.uniform(-1, 1, (2, 4))
        link.set_state(chainer.Variable(h))
        numpy.testing.assert_allclose(link(x).array, self._reference(link, h, x),
                                      rtol=1e-12)


class TestPeepholeLSTM:

    def _reference(self, link, c, h, x):
        z = _lin(link.upward, x)
        if h is not None:
            z = z + _lin(link.lateral, h)
        a, i, f, o = (z[:, k::4] for k in range(4))
        a = numpy.tanh(a)
        i = _sigmoid(i + _lin(link.peep_i, c))
        f = _sigmoid(f + _lin(link.peep_f, c))
        c = a * i + f * c
        o = _sigmoid(o + _lin(link.peep_o, c))
        return c, o * numpy.tanh(c)

    def test_sequence(self):
        link = _f64(L.StatefulPeepholeLSTM, 3, 2)
        assert link.peep_i.W.shape == (2, 2) and link.peep_i.b is None
        xs = [numpy.random.uniform(-1, 1, (2, 3)) for _ in range(3)]
        c, h = numpy.zeros((2, 2)), None
        for x in xs:
            y = link(x)
            c, h = self._reference(link, c, h, x)
            numpy.testing.assert_allclose(y.array, h, rtol=1e-12)
            numpy.testing.assert_allclose(link.c.array, c, rtol=1e-12)
        link.reset_state()
        assert link.c is None and link.h is None

    def test_backward(self):
        link = _f64(L.StatefulPeepholeLSTM, 2, 2)

        def f(x1, x2):
            link.reset_state()
            link(x1)
            return link(x2)

        gradient_check.check_backward(
            f, tuple(numpy.random.uniform(-1, 1, (2, 2)) for _ in range(2)),
            numpy.random.uniform(-1, 1, (2, 2)), params=tuple(link.params()))
