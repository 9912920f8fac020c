import numpy
import pytest

from chainer import functions as F
from chainer import testing


def _dist(v, norm):
    return numpy.abs(v).sum() if norm == 1 else numpy.sqrt((v * v).sum())


def _reference(emb, labels, delta_v, delta_d, k, norm, alpha, beta, gamma):
    emb = emb.astype(numpy.float64)
    totals = numpy.zeros(3)
    for b in range(emb.shape[0]):
        e = emb[b].reshape(emb.shape[1], -1).T
        lab = labels[b].ravel()
        clusters = [c for c in range(k) if (lab == c).any()]
        means = {c: e[lab == c].mean(axis=0) for c in clusters}
        n = len(clusters)
        if n == 0:
            continue
        var = 0.0
        for c in clusters:
            members = e[lab == c]
            var += sum(max(_dist(means[c] - p, norm) - delta_v, 0) ** 2
                       for p in members) / len(members)
        dist = 0.0
        for a in clusters:
            for c in clusters:
                if a != c:
                    dist += max(2 * delta_d - _dist(means[a] - means[c], norm), 0) ** 2
        if n > 1:
            dist /= n * (n - 1)
        reg = sum(_dist(means[c], norm) for c in clusters) / n
        totals += [var / n, dist, reg]
    totals /= emb.shape[0]
    return totals * [alpha, beta, gamma]


def _inputs(dtype, seed=0):
    rng = numpy.random.RandomState(seed)
    emb = rng.uniform(-1, 1, (2, 3, 3, 4)).astype(dtype)
    labels = rng.randint(0, 3, (2, 3, 4)).astype(numpy.int32)
    labels[1][labels[1] == 2] = 1   # the second image has two instances
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


def test_errors():
    emb, labels = _inputs(numpy.float32)
    with pytest.raises(ValueError, match='norm must be 1 or 2'):
        F.discriminative_margin_based_clustering_loss(emb, labels, 1, 1, 3, norm=3)
    with pytest.raises(ValueError, match='labels must have shape'):
        F.discriminative_margin_based_clustering_loss(emb, labels[0], 1, 1, 3)
    with pytest.raises(ValueError, match='max_embedding_dim must be a positive'):
        F.discriminative_margin_based_clustering_loss(emb, labels, 1, 1, 0)
