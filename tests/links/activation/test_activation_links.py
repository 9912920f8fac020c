import numpy
import pytest

import chainer
from chainer import gradient_check
from chainer import initializers
import chainer.links as L


def _sigmoid(x):
    return 1 / (1 + numpy.exp(-x))


class TestMaxout:

    def test_forward(self):
        link = L.Maxout(3, 2, 4)
        assert link.linear.W.shape == (8, 3) and link.linear.b.shape == (8,)
        link.linear.b.array[...] = numpy.random.uniform(-1, 1, 8)
        x = numpy.random.uniform(-1, 1, (5, 3)).astype(numpy.float32)
        W = link.linear.W.array.reshape(2, 4, 3)
        b = link.linear.b.array.reshape(2, 4)
        expected = numpy.empty((5, 2))
        for n in range(5):
            for i in range(2):
                expected[n, i] = max(W[i, j] @ x[n] + b[i, j] for j in range(4))
        numpy.testing.assert_allclose(link(x).array, expected, rtol=1e-5, atol=1e-6)

    def test_initial_arrays(self):
        W = numpy.random.uniform(-1, 1, (2, 4, 3)).astype(numpy.float32)
        b = numpy.random.uniform(-1, 1, (2, 4)).astype(numpy.float32)
        link = L.Maxout(3, 2, 4, initialW=W, initial_bias=b)
        numpy.testing.assert_array_equal(link.linear.W.array, W.reshape(8, 3))
        numpy.testing.assert_array_equal(link.linear.b.array, b.reshape(8))
        with pytest.raises(ValueError, match=r'initialW must have shape \(2, 4, 3\)'):
            L.Maxout(3, 2, 4, initialW=W.reshape(8, 3))

    def test_callable_initializer_sees_3d_shape(self):
        shapes = []

        def init(array):
            shapes.append(array.shape)
            array[...] = 1

        link = L.Maxout(3, 2, 4, initialW=init)
        assert shapes == [(2, 4, 3)]
        numpy.testing.assert_array_equal(link.linear.W.array, 1)

    def test_no_bias(self):
        link = L.Maxout(3, 2, 4, initial_bias=None)
        assert link.linear.b is None

    def test_backward(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.Maxout(3, 2, 2)
        x = numpy.random.uniform(-1, 1, (4, 3))
        gradient_check.check_backward(link, x, numpy.random.uniform(-1, 1, (4, 2)),
                                      params=tuple(link.params()))


class TestPReLU:

    @pytest.mark.parametrize('shape', [(), (3,)])
    def test_forward_backward(self, shape):
        with chainer.using_config('dtype', numpy.float64):
            link = L.PReLU(shape)
        numpy.testing.assert_array_equal(link.W.array, 0.25)
        link.W.array[...] = numpy.random.uniform(0.1, 0.9, shape)
        x = numpy.random.uniform(-1, 1, (4, 3, 2))
        x[numpy.abs(x) < 0.05] = 0.5
        W = link.W.array.reshape((1,) + shape + (1,) * (2 - len(shape)))
        numpy.testing.assert_allclose(link(x).array, numpy.where(x > 0, x, W * x))
        gradient_check.check_backward(link, x, numpy.random.uniform(-1, 1, x.shape),
                                      params=(link.W,))

    def test_init(self):
        link = L.PReLU((2,), init=0.5)
        numpy.testing.assert_array_equal(link.W.array, [0.5, 0.5])


class TestSwish:

    def test_forward_backward(self):
        with chainer.using_config('dtype', numpy.float64):
            link = L.Swish((3,), beta_init=0.7)
        numpy.testing.assert_array_equal(link.beta.array, 0.7)
        link.beta.array[...] = [0.5, 1.0, 2.0]
        x = numpy.random.uniform(-1, 1, (4, 3, 2))
        beta = link.beta.array.reshape(1, 3, 1)
        numpy.testing.assert_allclose(link(x).array, x * _sigmoid(beta * x))
        gradient_check.check_backward(link, x, numpy.random.uniform(-1, 1, x.shape),
                                      params=(link.beta,))

    def test_lazy_shape(self):
        link = L.Swish(None)
        assert link.beta.array is None
        link(numpy.ones((2, 3, 4), numpy.float32))
        assert link.beta.shape == (3, 4)


class TestSimplifiedDropconnect:

    def test_not_training_is_linear(self):
        link = L.SimplifiedDropconnect(3, 2, ratio=0.25)
        link.b.array[...] = [0.5, -0.5]
        x = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32)
        y = link(x, train=False)
        expected = x @ link.W.array.T + link.b.array
        numpy.testing.assert_allclose(y.array, expected, rtol=1e-5)

    def test_mask(self):
        link = L.SimplifiedDropconnect(3, 2, ratio=0.5)
        x = numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32)
        mask = (numpy.random.uniform(size=(4, 2, 3)) > 0.5).astype(numpy.float32)
        y = link(x, mask=mask)
        W = link.W.array
        expected = numpy.stack([(mask[n] * W) @ x[n] for n in range(4)]) / 0.5
        numpy.testing.assert_allclose(y.array, expected, rtol=1e-5, atol=1e-6)

    def test_lazy_and_nobias(self):
        link = L.SimplifiedDropconnect(None, 2, nobias=True)
        assert link.b is None
        link(numpy.ones((3, 2, 2), numpy.float32), train=False)
        assert link.W.shape == (2, 4)

    def test_initializers(self):
        link = L.SimplifiedDropconnect(3, 2, initialW=initializers.One(),
                                       initial_bias=2)
        numpy.testing.assert_array_equal(link.W.array, 1)
        numpy.testing.assert_array_equal(link.b.array, 2)
