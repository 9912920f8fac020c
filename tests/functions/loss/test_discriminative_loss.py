import numpy
import pytest

from chainer import functions as F
from chainer import testing


def _dist(v, norm):
    return numpy.abs(v).sum() if norm == 1 else numpy.sqrt((v * v).sum())


def _reference(emb, labels, delta_v, delta_d, k, norm, alpha, beta, gamma):
    """Instances are labels 1 ... k (0 is the background); an absent instance
    has center 0; the variance pools each instance's pixels over the batch."""
    emb = emb.astype(numpy.float64)
    n_batch, n_dim = emb.shape[:2]
    means = numpy.zeros((n_batch, k, n_dim))
    for b in range(n_batch):
        e = emb[b].reshape(n_dim, -1).T
        lab = labels[b].ravel()
        for c in range(k):
            if (lab == c + 1).any():
                means[b, c] = e[lab == c + 1].mean(axis=0)
    var = 0.0
    for c in range(k):
        total, count = 0.0, 0
        for b in range(n_batch):
            e = emb[b].reshape(n_dim, -1).T
            lab = labels[b].ravel()
            for p in e[lab == c + 1]:
                total += max(_dist(means[b, c] - p, norm) - delta_v, 0) ** 2
                count += 1
        var += total / max(count, 1)
    var /= k
    dist = 0.0
    for b in range(n_batch):
        for i in range(k):
            for j in range(i + 1, k):
                dist += max(2 * delta_d - _dist(means[b, i] - means[b, j], norm),
                            0) ** 2
    dist /= n_batch * k * (k - 1) / 2
    reg = sum(_dist(means[b, c], norm) for b in range(n_batch)
              for c in range(k)) / (n_batch * k)
    return numpy.array([var, dist, reg]) * [alpha, beta, gamma]


def _inputs(dtype, seed=0):
    rng = numpy.random.RandomState(seed)
    emb = rng.uniform(-1, 1, (2, 3, 3, 4)).astype(dtype)
    labels = rng.randint(0, 4, (2, 3, 4)).astype(numpy.int32)
    labels[1][labels[1] == 3] = 1   # instance 3 is absent from the second image
    labels[0, 0, 0] = 7             # outside max_embedding_dim: ignored
    return emb, labels


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('norm', [1, 2])
def test_forward(dtype, norm, helpers):
    emb, labels = _inputs(dtype)
    out = F.discriminative_margin_based_clustering_loss(
        emb, labels, 0.2, 0.8, 3, norm=norm, alpha=1.0, beta=2.0, gamma=0.5)
    expected = _reference(emb, labels, 0.2, 0.8, 3, norm, 1.0, 2.0, 0.5)
    assert len(out) == 3
    for o, e in zip(out, expected):
        assert o.dtype == dtype and o.shape == ()
        testing.assert_allclose(o.array, e, **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('norm', [1, 2])
def test_gradients(dtype, norm, helpers):
    emb, labels = _inputs(dtype)

    def f(e):
        a, b, c = F.discriminative_margin_based_clustering_loss(
            e, labels, 0.2, 0.8, 3, norm=norm)
        return a + b + c
    helpers.check_gradients(f, (emb,), dtype, double=(norm == 2))


def test_background_label_is_ignored():
    # Moving background pixels (label 0) changes nothing.
    emb, labels = _inputs(numpy.float64)
    out = F.discriminative_margin_based_clustering_loss(emb, labels, 0.2, 0.8, 3)
    moved = emb.copy()
    for b in range(len(emb)):
        moved[b][:, labels[b] == 0] += 5
    assert (labels == 0).any()
    moved_out = F.discriminative_margin_based_clustering_loss(moved, labels, 0.2, 0.8, 3)
    for a, b in zip(out, moved_out):
        assert a.array == b.array


def test_errors():
    emb, labels = _inputs(numpy.float32)
    with pytest.raises(ValueError, match='norm must be 1 or 2'):
        F.discriminative_margin_based_clustering_loss(emb, labels, 1, 1, 3, norm=3)
    with pytest.raises(ValueError, match='labels must have shape'):
        F.discriminative_margin_based_clustering_loss(emb, labels[0], 1, 1, 3)
    with pytest.raises(ValueError, match='max_embedding_dim must be a positive'):
        F.discriminative_margin_based_clustering_loss(emb, labels, 1, 1, 0)
