import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _reference(y, t, label_num, beta, ignore_label):
    pred = y.argmax(axis=1).reshape(t.shape).ravel()
    true = t.ravel()
    p = numpy.full(label_num, numpy.nan)
    r = numpy.full(label_num, numpy.nan)
    f = numpy.full(label_num, numpy.nan)
    support = numpy.zeros(label_num, numpy.int64)
    for c in range(label_num):
        tp = sum(1 for a, b in zip(pred, true) if b != ignore_label and a == c and b == c)
        selected = sum(1 for a, b in zip(pred, true) if b != ignore_label and a == c)
        support[c] = sum(1 for b in true if b == c)
        if selected:
            p[c] = tp / selected
        if support[c]:
            r[c] = tp / support[c]
        if selected and support[c] and (p[c] or r[c]):
            f[c] = (1 + beta ** 2) * p[c] * r[c] / (beta ** 2 * p[c] + r[c])
        elif selected and support[c]:
            f[c] = numpy.nan
    return p, r, f, support


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(30, 3), (10, 4, 3)])
@pytest.mark.parametrize('beta', [1.0, 2.0])
@pytest.mark.parametrize('label_num', [None, 5])
def test_forward(dtype, shape, beta, label_num):
    rng = numpy.random.RandomState(0)
    y = rng.uniform(-1, 1, shape).astype(dtype)
    t = rng.randint(-1, shape[1], shape[:1] + shape[2:]).astype(numpy.int32)
    p, r, f, s = F.classification_summary(y, t, label_num=label_num, beta=beta)
    n = label_num or shape[1]
    ep, er, ef, es = _reference(y, t, n, beta, -1)
    for got, expected in ((p, ep), (r, er), (f, ef)):
        assert got.dtype == dtype and got.shape == (n,)
        testing.assert_allclose(got.array, expected, atol=1e-6)
    numpy.testing.assert_array_equal(s.array, es)
    # The shortcuts return the same values with the support.
    for func, expected in ((F.precision, ep), (F.recall, er), (F.f1_score, ef)):
        value, support = func(y, t, label_num=label_num)
        if func is not F.f1_score or beta == 1.0:
            testing.assert_allclose(value.array, expected, atol=1e-6)
        numpy.testing.assert_array_equal(support.array, es)


def test_label_num_defaults_to_largest_label():
    y = numpy.eye(3, dtype=numpy.float32)
    t = numpy.array([0, 1, 4], numpy.int32)
    p, r, f, s = F.classification_summary(y, t)
    assert p.shape == (5,)
    numpy.testing.assert_array_equal(s.array, [1, 1, 0, 0, 1])


def test_errors():
    y = numpy.zeros((3, 2), numpy.float32)
    with pytest.raises(type_check.InvalidType, match='t.dtype.kind'):
        F.classification_summary(y, numpy.zeros(3, numpy.float32))
    with pytest.raises(ValueError, match='label_num must be a positive int'):
        F.classification_summary(y, numpy.zeros(3, numpy.int32), label_num=0)
    with pytest.raises(ValueError, match=r'labels must be in \[0, label_num\)'):
        F.classification_summary(y, numpy.array([0, 1, 3], numpy.int32), label_num=2)
