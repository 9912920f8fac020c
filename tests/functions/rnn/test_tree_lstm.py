import numpy
import pytest

import chainer
from chainer import gradient_check
from chainer import testing
import chainer.functions as F
from chainer.utils import type_check


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


def _reference(*inputs):
    # x is split into consecutive blocks a, i, o, f_1, ..., f_N.
    cs = [c.astype(numpy.float64) for c in inputs[:-1]]
    x = inputs[-1].astype(numpy.float64)
    batch, units = cs[0].shape
    c = numpy.empty((batch, units))
    h = numpy.empty((batch, units))
    for b in range(batch):
        for n in range(units):
            a, i, o = (x[b, k * units + n] for k in range(3))
            value = numpy.tanh(a) * _sigmoid(i)
            for j, c_j in enumerate(cs):
                value += _sigmoid(x[b, (3 + j) * units + n]) * c_j[b, n]
            c[b, n] = value
            h[b, n] = numpy.tanh(value) * _sigmoid(o)
    return c, h


def _double(f):
    def g(*args):
        with chainer.force_backprop_mode():
            return f(*args)
    return g


TOL = {numpy.float16: dict(atol=5e-3, rtol=5e-3),
       numpy.float32: dict(atol=1e-5, rtol=1e-5),
       numpy.float64: dict(atol=1e-12, rtol=1e-12)}
GRAD_TOL = {numpy.float16: dict(atol=5e-2, rtol=5e-2),
            numpy.float32: dict(atol=1e-3, rtol=1e-3),
            numpy.float64: dict(atol=1e-6, rtol=1e-6)}


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('n_children', [1, 3])
@pytest.mark.parametrize('contiguous', [True, False])
class TestTreeLSTM:

    def _inputs(self, dtype, n_children, contiguous):
        shape = (2, 3)
        arrays = [numpy.random.uniform(-1, 1, shape).astype(dtype)
                  for _ in range(n_children)]
        arrays.append(numpy.random.uniform(
            -1, 1, (2, 3 * (3 + n_children))).astype(dtype))
        if not contiguous:
            arrays = [numpy.asfortranarray(a) for a in arrays]
        return arrays

    def test_forward(self, dtype, n_children, contiguous):
        inputs = self._inputs(dtype, n_children, contiguous)
        c, h = F.tree_lstm(*inputs)
        assert c.dtype == dtype and h.dtype == dtype
        assert c.shape == (2, 3) and h.shape == (2, 3)
        c_ref, h_ref = _reference(*inputs)
        testing.assert_allclose(c.array, c_ref, **TOL[dtype])
        testing.assert_allclose(h.array, h_ref, **TOL[dtype])

    def test_backward(self, dtype, n_children, contiguous):
        inputs = self._inputs(dtype, n_children, contiguous)
        gys = [numpy.random.uniform(-1, 1, (2, 3)).astype(dtype) for _ in range(2)]
        gradient_check.check_backward(F.tree_lstm, inputs, gys, dtype=numpy.float64,
                                      **GRAD_TOL[dtype])

    def test_double_backward(self, dtype, n_children, contiguous):
        inputs = self._inputs(dtype, n_children, contiguous)
        gys = [numpy.random.uniform(-1, 1, (2, 3)).astype(dtype) for _ in range(2)]
        ggs = [numpy.random.uniform(-1, 1, a.shape).astype(dtype) for a in inputs]
        gradient_check.check_double_backward(_double(F.tree_lstm), inputs, gys, ggs,
                                             dtype=numpy.float64, **GRAD_TOL[dtype])


def test_three_dimensional():
    cs = [numpy.random.uniform(-1, 1, (2, 3, 2)) for _ in range(2)]
    x = numpy.random.uniform(-1, 1, (2, 15, 2))
    c, h = F.tree_lstm(*cs, x)
    for k in range(2):
        c_ref, h_ref = _reference(*[a[..., k] for a in cs + [x]])
        numpy.testing.assert_allclose(c.array[..., k], c_ref, rtol=1e-12)
        numpy.testing.assert_allclose(h.array[..., k], h_ref, rtol=1e-12)


def test_invalid_x_width():
    with pytest.raises(type_check.InvalidType) as e:
        F.tree_lstm(numpy.zeros((2, 3), 'f'), numpy.zeros((2, 3), 'f'),
                    numpy.zeros((2, 12), 'f'))
    assert 'x.shape[1]' in str(e.value)


def test_invalid_cell_shapes():
    with pytest.raises(type_check.InvalidType) as e:
        F.tree_lstm(numpy.zeros((2, 3), 'f'), numpy.zeros((2, 4), 'f'),
                    numpy.zeros((2, 15), 'f'))
    assert 'c2.shape[1] == c1.shape[1]' in str(e.value)


def test_invalid_dtype():
    with pytest.raises(type_check.InvalidType) as e:
        F.tree_lstm(numpy.zeros((2, 3), 'd'), numpy.zeros((2, 12), 'f'))
    assert 'c1.dtype == x.dtype' in str(e.value)


def test_too_few_arguments():
    with pytest.raises(ValueError) as e:
        F.tree_lstm(numpy.zeros((2, 3), 'f'))
    assert 'at least one cell state' in str(e.value)
