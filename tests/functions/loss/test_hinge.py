import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(x, t, norm, reduce):
    x = x.astype(numpy.float64)
    loss = numpy.zeros(x.shape)
    for n in range(x.shape[0]):
        for k in range(x.shape[1]):
            s = 1 if k == t[n] else -1
            v = max(0.0, 1 - s * x[n, k])
            loss[n, k] = v if norm == 'L1' else v * v
    return loss.sum() / len(x) if reduce == 'mean' else loss


def _inputs(dtype):
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-2, 2, (5, 4))
    # keep away from the kink at 1 - s x = 0
    x[numpy.abs(numpy.abs(x) - 1) < 0.1] = 0.5
    t = rng.randint(0, 4, 5).astype(numpy.int32)
    return x.astype(dtype), t


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('norm', ['L1', 'L2'])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_forward(dtype, norm, reduce, helpers):
    x, t = _inputs(dtype)
    y = F.hinge(x, t, norm, reduce)
    assert y.dtype == dtype
    testing.assert_allclose(y.array, _reference(x, t, norm, reduce),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('norm', ['L1', 'L2'])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, norm, reduce, contiguous, helpers):
    x, t = _inputs(dtype)
    helpers.check_gradients(lambda x, t: F.hinge(x, t, norm, reduce), (x, t), dtype,
                            contiguous=contiguous)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    t = numpy.array([0, 1], numpy.int32)
    with pytest.raises(NotImplementedError, match="norm must be 'L1' or 'L2'"):
        F.hinge(x, t, norm='L3')
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.hinge(x, t, reduce='sum')
    with pytest.raises(ValueError, match='0 <= t < x.shape'):
        F.hinge(x, numpy.array([0, 3], numpy.int32))
    with pytest.raises(type_check.InvalidType, match=r'x\.shape\[0\] == t\.shape\[0\]'):
        F.hinge(x, numpy.array([0], numpy.int32))
