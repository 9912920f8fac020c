import itertools

import numpy
import pytest

import chainer
from chainer import functions as F
from chainer.utils import type_check


def _reference(y, t, ignore_label):
    n, c = y.shape[:2]
    correct = total = 0
    for idx in itertools.product(range(n), *[range(s) for s in y.shape[2:]]):
        if ignore_label is not None and t[idx] == ignore_label:
            continue
        scores = [y[(idx[0], k) + idx[1:]] for k in range(c)]
        total += 1
        correct += int(numpy.argmax(scores) == t[idx])
    return correct / total if total else 0.0


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(10, 3), (4, 3, 2), (3, 4, 2, 2)])
@pytest.mark.parametrize('ignore_label', [None, -1, 1])
@pytest.mark.parametrize('contiguous', [True, False])
def test_forward(dtype, shape, ignore_label, contiguous):
    rng = numpy.random.RandomState(0)
    y = rng.uniform(-1, 1, shape).astype(dtype)
    t = rng.randint(0, shape[1], shape[:1] + shape[2:]).astype(numpy.int32)
    if ignore_label == -1:
        t.ravel()[::3] = -1
    if not contiguous:
        y = numpy.asfortranarray(y)
        t = numpy.asfortranarray(t)
    acc = F.accuracy(y, t, ignore_label=ignore_label)
    assert isinstance(acc, chainer.Variable)
    assert acc.shape == ()
    assert acc.dtype == dtype
    expected = _reference(y, t, ignore_label)
    assert abs(float(acc.array) - expected) < (1e-3 if dtype == numpy.float16 else 1e-6)


def test_all_ignored_is_zero():
    y = numpy.random.randn(3, 2).astype(numpy.float32)
    t = numpy.full(3, -1, numpy.int32)
    assert float(F.accuracy(y, t, ignore_label=-1).array) == 0.0


def test_variable_input_has_no_gradient():
    y = chainer.Variable(numpy.random.randn(3, 2).astype(numpy.float32))
    t = numpy.array([0, 1, 1], numpy.int32)
    acc = F.accuracy(y, t)
    acc.backward()
    assert y.grad is None


def test_type_errors():
    y = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(type_check.InvalidType, match='t.dtype.kind == i'):
        F.accuracy(y, numpy.zeros(3, numpy.float32))
    with pytest.raises(type_check.InvalidType, match='x.shape\\[0\\] == t.shape\\[0\\]'):
        F.accuracy(y, numpy.zeros(4, numpy.int32))
    with pytest.raises(type_check.InvalidType, match='Accuracy'):
        F.accuracy(y, numpy.zeros((3, 2), numpy.int32))
