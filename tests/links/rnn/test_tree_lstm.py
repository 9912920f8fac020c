import numpy
import pytest

import chainer
from chainer import gradient_check
import chainer.links as L


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _lin(l, x):
    y = x @ l.W.array.T
    if l.b is not None:
        y = y + l.b.array
    return y


def _f64(cls, *args):
    with chainer.using_config('dtype', numpy.float64):
        link = cls(*args)
    for p in link.params():
        p.array[...] = numpy.random.uniform(-1, 1, p.shape)
    return link


class TestChildSumTreeLSTM:

    def _reference(self, link, cs, hs, x):
        n = link.state_size
        wx = _lin(link.W_x, x)
        a, i, o, fx = (wx[:, k * n:(k + 1) * n] for k in range(4))
        if hs:
            aio = _lin(link.W_h_aio, sum(hs))
            a, i, o = a + aio[:, :n], i + aio[:, n:2 * n], o + aio[:, 2 * n:]
        c = numpy.tanh(a) * _sigmoid(i)
        for c_k, h_k in zip(cs, hs):
            c = c + _sigmoid(fx + _lin(link.W_h_f, h_k)) * c_k
        return c, _sigmoid(o) * numpy.tanh(c)

    @pytest.mark.parametrize('n_children', [0, 1, 3])
    def test_forward(self, n_children):
        link = _f64(L.ChildSumTreeLSTM, 3, 2)
        assert link.W_x.W.shape == (8, 3)
        assert link.W_h_aio.W.shape == (6, 2) and link.W_h_f.W.shape == (2, 2)
        cs = [numpy.random.uniform(-1, 1, (4, 2)) for _ in range(n_children)]
        hs = [numpy.random.uniform(-1, 1, (4, 2)) for _ in range(n_children)]
        x = numpy.random.uniform(-1, 1, (4, 3))
        c, h = link(*cs, *hs, x)
        c_ref, h_ref = self._reference(link, cs, hs, x)
        numpy.testing.assert_allclose(c.array, c_ref, rtol=1e-12)
        numpy.testing.assert_allclose(h.array, h_ref, rtol=1e-12)

    def test_backward(self):
        link = _f64(L.ChildSumTreeLSTM, 3, 2)
        args = [numpy.random.uniform(-1, 1, (2, 2)) for _ in range(4)]
        args.append(numpy.random.uniform(-1, 1, (2, 3)))
        gradient_check.check_backward(
            link, tuple(args), tuple(numpy.random.uniform(-1, 1, (2, 2))
                                     for _ in range(2)),
            params=tuple(link.params()))

    def test_even_arguments(self):
        link = L.ChildSumTreeLSTM(3, 2)
        with pytest.raises(ValueError, match='odd number'):
            link(numpy.zeros((1, 2), 'f'), numpy.zeros((1, 3), 'f'))


class TestNaryTreeLSTM:

    def _reference(self, link, cs, hs, x):
        n = link.state_size
        z = _lin(link.W_x, x)
        for k, h in enumerate(hs, 1):
            if h is not None:
                z = z + _lin(getattr(link, 'W_h{}'.format(k)), h)
        a, i, o = (z[:, k * n:(k + 1) * n] for k in range(3))
        c = numpy.tanh(a) * _sigmoid(i)
        for k, c_k in enumerate(cs):
            if c_k is not None:
                c = c + _sigmoid(z[:, (3 + k) * n:(4 + k) * n]) * c_k
        return c, _sigmoid(o) * numpy.tanh(c)

    @pytest.mark.parametrize('n_ary', [1, 3])
    def test_forward(self, n_ary):
        link = _f64(L.NaryTreeLSTM, 3, 2, n_ary)
        assert link.W_x.W.shape == ((3 + n_ary) * 2, 3)
        assert getattr(link, 'W_h{}'.format(n_ary)).W.shape == ((3 + n_ary) * 2, 2)
        cs = [numpy.random.uniform(-1, 1, (4, 2)) for _ in range(n_ary)]
        hs = [numpy.random.uniform(-1, 1, (4, 2)) for _ in range(n_ary)]
        x = numpy.random.uniform(-1, 1, (4, 3))
        c, h = link(*cs, *hs, x)
        c_ref, h_ref = self._reference(link, cs, hs, x)
        numpy.testing.assert_allclose(c.array, c_ref, rtol=1e-12)
        numpy.testing.assert_allclose(h.array, h_ref, rtol=1e-12)

    def test_missing_child(self):
        link = _f64(L.NaryTreeLSTM, 3, 2, 2)
        c1 = numpy.random.uniform(-1, 1, (4, 2))
        h1 = numpy.random.uniform(-1, 1, (4, 2))
        x = numpy.random.uniform(-1, 1, (4, 3))
        c, h = link(c1, None, h1, None, x)
        c_ref, h_ref = self._reference(link, [c1, None], [h1, None], x)
        numpy.testing.assert_allclose(c.array, c_ref, rtol=1e-12)
        numpy.testing.assert_allclose(h.array, h_ref, rtol=1e-12)

    def test_backward(self):
        link = _f64(L.NaryTreeLSTM, 3, 2, 2)
        args = [numpy.random.uniform(-1, 1, (2, 2)) for _ in range(4)]
        args.append(numpy.random.uniform(-1, 1, (2, 3)))
        gradient_check.check_backward(
            link, tuple(args), tuple(numpy.random.uniform(-1, 1, (2, 2))
                                     for _ in range(2)),
            params=tuple(link.params()))

    def test_wrong_argument_count(self):
        link = L.NaryTreeLSTM(3, 2, 2)
        with pytest.raises(ValueError, match='5 arguments'):
            link(numpy.zeros((1, 3), 'f'))
