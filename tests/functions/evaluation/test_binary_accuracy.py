import numpy
import pytest

from chainer import functions as F
from chainer.utils import type_check


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(10,), (4, 3), (2, 3, 2)])
@pytest.mark.parametrize('ignore', [True, False])
def test_forward(dtype, shape, ignore):
    rng = numpy.random.RandomState(0)
    y = rng.uniform(-1, 1, shape).astype(dtype)
    t = rng.randint(0, 2, shape).astype(numpy.int32)
    if ignore:
        t.ravel()[::3] = -1
    correct = total = 0
    for i in numpy.ndindex(shape):
        if t[i] == -1:
            continue
        total += 1
        correct += int((1 if y[i] >= 0 else 0) == t[i])
    acc = F.binary_accuracy(y, t)
    assert acc.dtype == dtype and acc.shape == ()
    assert abs(float(acc.array) - correct / total) < 1e-3


def test_all_ignored():
    y = numpy.ones(3, numpy.float32)
    assert float(F.binary_accuracy(y, numpy.full(3, -1, numpy.int32)).array) == 0


def test_errors():
    y = numpy.zeros((2, 3), numpy.float32)
    with pytest.raises(type_check.InvalidType, match=r'x\.shape == t\.shape'):
        F.binary_accuracy(y, numpy.zeros((3, 2), numpy.int32))
    with pytest.raises(type_check.InvalidType, match='t.dtype.kind'):
        F.binary_accuracy(y, y)
