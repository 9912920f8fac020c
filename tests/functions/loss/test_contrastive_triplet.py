import numpy
import pytest

from chainer import functions as F
from chainer import testing
from chainer.utils import type_check


def _ref_contrastive(x0, x1, y, margin, reduce):
    losses = []
    for a, b, label in zip(x0.astype(numpy.float64), x1.astype(numpy.float64), y):
        d = numpy.sqrt(((a - b) ** 2).sum())
        losses.append(0.5 * (label * d * d + (1 - label) * max(margin - d, 0) ** 2))
    losses = numpy.array(losses)
    return losses.mean() if reduce == 'mean' else losses


def _ref_triplet(a, p, n, margin, reduce):
    losses = []
    for ai, pi, ni in zip(a.astype(numpy.float64), p.astype(numpy.float64),
                          n.astype(numpy.float64)):
        losses.append(max(((ai - pi) ** 2).sum() - ((ai - ni) ** 2).sum() + margin,
                          0))
    losses = numpy.array(losses)
    return losses.mean() if reduce == 'mean' else losses


def _contrastive_inputs(dtype, margin=1.0):
    rng = numpy.random.RandomState(0)
    x0 = rng.uniform(-0.5, 0.5, (6, 3))
    x1 = rng.uniform(-0.5, 0.5, (6, 3))
    x1[5] = x0[5] + 2  # a dissimilar pair farther than the margin
    d = numpy.sqrt(((x0 - x1) ** 2).sum(axis=1))
    x1[numpy.abs(d - margin) < 0.05] += 0.2
    y = numpy.array([1, 0, 1, 0, 0, 0], numpy.int32)
    return x0.astype(dtype), x1.astype(dtype), y


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
@pytest.mark.parametrize('margin', [1.0, 0.5])
def test_contrastive_forward(dtype, reduce, margin, helpers):
    x0, x1, y = _contrastive_inputs(dtype, margin)
    loss = F.contrastive(x0, x1, y, margin, reduce)
    assert loss.dtype == dtype
    testing.assert_allclose(loss.array, _ref_contrastive(x0, x1, y, margin, reduce),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
@pytest.mark.parametrize('contiguous', [True, False])
def test_contrastive_gradients(dtype, reduce, contiguous, helpers):
    x0, x1, y = _contrastive_inputs(dtype)
    helpers.check_gradients(lambda a, b, y: F.contrastive(a, b, y, reduce=reduce),
                            (x0, x1, y), dtype, contiguous=contiguous)


def test_contrastive_identical_dissimilar_pair_has_finite_gradient():
    import chainer
    x0 = chainer.Variable(numpy.ones((1, 2)))
    x1 = chainer.Variable(numpy.ones((1, 2)))
    loss = F.contrastive(x0, x1, numpy.array([0], numpy.int32))
    testing.assert_allclose(loss.array, 0.5)
    loss.backward()
    assert numpy.isfinite(x0.grad).all()


def _triplet_inputs(dtype, margin=0.2):
    rng = numpy.random.RandomState(0)
    a, p, n = (rng.uniform(-1, 1, (5, 3)) for _ in range(3))
    value = ((a - p) ** 2).sum(1) - ((a - n) ** 2).sum(1) + margin
    n[numpy.abs(value) < 0.1] += 0.5
    return a.astype(dtype), p.astype(dtype), n.astype(dtype)


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_triplet_forward(dtype, reduce, helpers):
    a, p, n = _triplet_inputs(dtype)
    loss = F.triplet(a, p, n, 0.2, reduce)
    assert loss.dtype == dtype
    testing.assert_allclose(loss.array, _ref_triplet(a, p, n, 0.2, reduce),
                            **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
@pytest.mark.parametrize('contiguous', [True, False])
def test_triplet_gradients(dtype, reduce, contiguous, helpers):
    helpers.check_gradients(lambda a, p, n: F.triplet(a, p, n, reduce=reduce),
                            _triplet_inputs(dtype), dtype, contiguous=contiguous)


def test_errors():
    x = numpy.zeros((2, 3), numpy.float32)
    y = numpy.zeros(2, numpy.int32)
    with pytest.raises(ValueError, match='margin must be positive'):
        F.contrastive(x, x, y, margin=0)
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.contrastive(x, x, y, reduce='sum')
    with pytest.raises(type_check.InvalidType, match=r'x0\.shape == x1\.shape'):
        F.contrastive(x, numpy.zeros((2, 4), numpy.float32), y)
    with pytest.raises(type_check.InvalidType, match='y.dtype.kind'):
        F.contrastive(x, x, y.astype(numpy.float32))
    with pytest.raises(ValueError, match='margin must be positive'):
        F.triplet(x, x, x, margin=-1)
    with pytest.raises(type_check.InvalidType, match=r'anchor\.shape == negative'):
        F.triplet(x, x, numpy.zeros((3, 3), numpy.float32))
