import numpy
import pytest

import chainer
from chainer import gradient_check
import chainer.links as L


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


class TestBias:

    def test_parameter(self):
        link = L.Bias(axis=1, shape=(3,))
        numpy.testing.assert_array_equal(link.b.array, 0)
        link.b.array[...] = [1, 2, 3]
        x = numpy.zeros((2, 3, 4), numpy.float32)
        numpy.testing.assert_array_equal(link(x).array[:, :, 0], [[1, 2, 3]] * 2)

    def test_given_bias(self):
        link = L.Bias(axis=2)
        assert list(link.params()) == []
        x = numpy.random.uniform(-1, 1, (2, 3, 4))
        y = numpy.random.uniform(-1, 1, (4,))
        numpy.testing.assert_allclose(link(x, y).array, x + y)
        with pytest.raises(TypeError, match='expected 2 input'):
            link(x)
        # the wrong input count is also an AssertionError, as in Chainer
        with pytest.raises(AssertionError, match='expected 2 input'):
            link(x)
        with_param = L.Bias(axis=2, shape=(4,))
        with pytest.raises(AssertionError, match='expected 1 input'):
            with_param(x, y)

    def test_backward(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.Bias(shape=(3, 2))
        x = numpy.random.uniform(-1, 1, (4, 3, 2, 2))
        gradient_check.check_backward(link, x, numpy.random.uniform(-1, 1, x.shape),
                                      params=(link.b,))


class TestScale:

    def test_parameter_and_bias(self):
        link = L.Scale(axis=1, W_shape=(3,), bias_term=True)
        numpy.testing.assert_array_equal(link.W.array, 1)
        link.W.array[...] = [1, 2, 3]
        link.bias.b.array[...] = [0.5, 0, -0.5]
        x = numpy.random.uniform(-1, 1, (2, 3, 4)).astype(numpy.float32)
        expected = x * numpy.array([1, 2, 3]).reshape(1, 3, 1) + \
            numpy.array([0.5, 0, -0.5]).reshape(1, 3, 1)
        numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-6)
        assert sorted(n for n, _ in link.namedparams()) == ['/W', '/bias/b']

    def test_given_scale_with_bias_shape(self):
        link = L.Scale(axis=1, bias_term=True, bias_shape=(3,))
        link.bias.b.array[...] = [1, 2, 3]
        x = numpy.random.uniform(-1, 1, (2, 3)).astype(numpy.float32)
        y = numpy.random.uniform(-1, 1, (3,)).astype(numpy.float32)
        numpy.testing.assert_allclose(link(x, y).array, x * y + [1, 2, 3], rtol=1e-6)

    def test_wrong_input_count(self):
        x = numpy.ones((2, 3), numpy.float32)
        with pytest.raises(AssertionError, match='expected 1 input'):
            L.Scale(W_shape=(3,))(x, x[0])
        with pytest.raises(TypeError, match='expected 2 input'):
            L.Scale()(x)

    def test_bias_shape_required(self):
        with pytest.raises(ValueError, match='bias_shape must be given'):
            L.Scale(bias_term=True)

    def test_backward(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.Scale(W_shape=(3,), bias_term=True)
        link.W.array[...] = numpy.random.uniform(-1, 1, 3)
        x = numpy.random.uniform(-1, 1, (4, 3))
        gradient_check.check_backward(link, x, numpy.random.uniform(-1, 1, x.shape),
                                      params=tuple(link.params()))


class TestHighway:

    def test_forward(self):
        link = L.Highway(3)
        numpy.testing.assert_array_equal(link.transform.b.array, -1)
        numpy.testing.assert_array_equal(link.plain.b.array, 0)
        link.plain.b.array[...] = numpy.random.uniform(-1, 1, 3)
        x = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32)
        h = numpy.maximum(x @ link.plain.W.array.T + link.plain.b.array, 0)
        t = _sigmoid(x @ link.transform.W.array.T + link.transform.b.array)
        numpy.testing.assert_allclose(link(x).array, h * t + x * (1 - t), rtol=1e-5,
                                      atol=1e-6)

    def test_options(self):
        link = L.Highway(2, nobias=True, activate=chainer.functions.tanh,
                         init_Wh=1, init_Wt=0)
        assert link.plain.b is None and link.transform.b is None
        x = numpy.array([[0.5, -0.5]], numpy.float32)
        # W_T = 0: t = 1/2; W_H = 1: h = tanh(0).
        numpy.testing.assert_allclose(link(x).array, 0.5 * x, rtol=1e-6)

    def test_backward(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.Highway(3, activate=chainer.functions.tanh)
        x = numpy.random.uniform(-1, 1, (2, 3))
        gradient_check.check_backward(link, x, numpy.random.uniform(-1, 1, x.shape),
                                      params=tuple(link.params()))


class TestParameter:

    def test_returns_parameter(self):
        array = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
        link = L.Parameter(array)
        assert link() is link.W
        numpy.testing.assert_array_equal(link.W.array, array)
        assert link.W.grad is None
        assert [n for n, _ in link.namedparams()] == ['/W']
        chainer.functions.sum(link() * 2).backward()
        numpy.testing.assert_array_equal(link.W.grad, 2)

    def test_volatile(self):
        with pytest.raises(ValueError, match='volatile argument is not supported'):
            L.Parameter(numpy.zeros(2, 'f'))(volatile='on')
