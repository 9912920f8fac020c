import numpy
import pytest

import chainer
from chainer import functions as F
from chainer.utils import type_check


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('ratio', [0.0, 0.3, 1.0])
def test_forward(dtype, ratio):
    h = numpy.random.uniform(1, 2, (100, 40)).astype(dtype)
    x = numpy.random.uniform(-2, -1, (100, 40)).astype(dtype)
    y = F.zoneout(h, x, ratio).array
    assert y.dtype == dtype
    from_h = y == h
    from_x = y == x
    assert (from_h ^ from_x).all()  # each element comes from exactly one input
    assert abs(from_h.mean() - ratio) < 0.03


def test_test_mode_returns_x():
    h = numpy.ones((2, 3), numpy.float32)
    x = numpy.zeros((2, 3), numpy.float32)
    with chainer.using_config('train', False):
        y = F.zoneout(h, x, 0.9)
    numpy.testing.assert_array_equal(y.array, x)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, contiguous, helpers):
    h = numpy.random.uniform(-1, 1, (3, 4)).astype(dtype)
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(dtype)

    def f(h, x):
        numpy.random.seed(5)  # the same mask at every evaluation
        return F.zoneout(h, x, 0.5)
    helpers.check_gradients(f, (h, x), dtype, contiguous=contiguous)


def test_errors():
    a = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType, match=r'h\.shape == x\.shape'):
        F.zoneout(a, numpy.zeros((3, 2), numpy.float32))
    with pytest.raises(ValueError, match='ratio must be in'):
        F.zoneout(a, a, 1.5)
    with pytest.raises(ValueError, match='train argument is not supported'):
        F.zoneout(a, a, 0.5, train=False)


def test_mask_comes_from_one_draw_of_random_rand():
    # The mask is u < ratio for u = xp.random.rand(*shape), drawn once per call,
    # so fixing numpy.random.rand (as Chainer's own tests do) fixes the mask.
    from unittest import mock
    h = numpy.full((2, 3), 1, numpy.float32)
    x = numpy.full((2, 3), 2, numpy.float32)
    u = numpy.array([[0.1, 0.5, 0.7], [0.29, 0.3, 0.99]])
    with mock.patch('numpy.random.rand', return_value=u) as rand:
        y = F.zoneout(h, x, 0.3)
    rand.assert_called_once_with(2, 3)
    numpy.testing.assert_array_equal(y.array, [[1, 2, 2], [1, 2, 2]])
