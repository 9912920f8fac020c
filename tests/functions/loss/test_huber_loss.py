import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(x, t, delta, reduce):
    d = x.astype(numpy.float64) - t.astype(numpy.float64)
    loss = numpy.zeros(d.shape)
    for i in numpy.ndindex(d.shape):
        a = abs(d[i])
        loss[i] = 0.5 * a * a if a <= delta else delta * (a - 0.5 * delta)
    return loss.sum(axis=1) if reduce == 'sum_along_second_axis' else loss


def _inputs(shape, dtype, delta):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-2, 2, shape)
    t = rng.uniform(-2, 2, shape)
    d = x - t
    x[numpy.abs(numpy.abs(d) - delta) < 0.1] += 0.3  # away from the switch
    return x.astype(dtype), t.astype(dtype)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(4, 3), (2, 3, 2)])
@pytest.mark.parametrize('reduce', ['sum_along_second_axis', 'no'])
@pytest.mark.parametrize('delta', [0.5, 1.0])
def test_forward(dtype, shape, reduce, delta, helpers):
    x, t = _inputs(shape, dtype, delta)
    y = F.huber_loss(x, t, delta, reduce=reduce)
    assert y.dtype == dtype
    testing.assert_allclose(y.array, _reference(x, t, delta, reduce),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['sum_along_second_axis', 'no'])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, reduce, contiguous, helpers):
    x, t = _inputs((3, 4), dtype, 1.0)
    helpers.check_gradients(lambda x, t: F.huber_loss(x, t, 1.0, reduce=reduce),
                            (x, t), dtype, contiguous=contiguous)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.huber_loss(x, x, 1, reduce='mean')
    with pytest.raises(type_check.InvalidType, match=r'x\.shape == t\.shape'):
        F.huber_loss(x, numpy.zeros((3, 2), numpy.float32), 1)
    with pytest.raises(type_check.InvalidType, match='x.ndim >= 2'):
        F.huber_loss(numpy.zeros(3, numpy.float32), numpy.zeros(3, numpy.float32), 1)
