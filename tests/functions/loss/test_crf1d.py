import itertools

import numpy
import pytest

from chainer import functions as F
from chainer import testing


def _sequences(rng, lengths, n_label, dtype):
    # time-major lists for sequences sorted by decreasing length
    n_time = lengths[0]
    xs = [rng.uniform(-1, 1, (sum(1 for n in lengths if n > i), n_label)).astype(dtype)
          for i in range(n_time)]
    ys = [rng.randint(0, n_label, len(x)).astype(numpy.int32) for x in xs]
    return xs, ys


def _score(cost, xs, b, path):
    s = sum(float(xs[i][b, y]) for i, y in enumerate(path))
    s += sum(float(cost[path[i - 1], path[i]]) for i in range(1, len(path)))
    return s


def _brute_force(cost, xs, ys, lengths):
    n_label = cost.shape[0]
    losses, best_scores, best_paths = [], [], []
    for b, length in enumerate(lengths):
        scores = {p: _score(cost, xs, b, p)
                  for p in itertools.product(range(n_label), repeat=length)}
        log_z = numpy.log(sum(numpy.exp(s) for s in scores.values()))
        gold = tuple(int(ys[i][b]) for i in range(length))
        losses.append(log_z - scores[gold])
        best = max(scores, key=scores.get)
        best_scores.append(scores[best])
        best_paths.append(best)
    return numpy.array(losses), numpy.array(best_scores), best_paths


_LENGTHS = [(3, 3), (3, 2, 1), (2, 2, 2), (1,)]


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('lengths', _LENGTHS)
@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_crf1d_forward(dtype, lengths, reduce, helpers):
    rng = numpy.random.RandomState(0)
    cost = rng.uniform(-1, 1, (3, 3)).astype(dtype)
    xs, ys = _sequences(rng, lengths, 3, dtype)
    loss = F.crf1d(cost, xs, ys, reduce=reduce)
    expected, _, _ = _brute_force(cost, xs, ys, lengths)
    if reduce == 'mean':
        expected = expected.mean()
    assert loss.dtype == dtype
    testing.assert_allclose(loss.array, expected, **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('lengths', _LENGTHS[:2])
def test_argmax_crf1d(dtype, lengths, helpers):
    rng = numpy.random.RandomState(1)
    cost = rng.uniform(-1, 1, (3, 3)).astype(dtype)
    xs, _ = _sequences(rng, lengths, 3, dtype)
    score, path = F.argmax_crf1d(cost, xs)
    _, best_scores, best_paths = _brute_force(cost, xs, [x[:, 0] for x in xs],
                                              lengths)
    testing.assert_allclose(score.array, best_scores, **helpers.FORWARD_TOL[dtype])
    assert len(path) == len(xs)
    for i, p in enumerate(path):
        assert p.shape == (len(xs[i]),)
        for b in range(len(xs[i])):
            assert p[b] == best_paths[b][i]


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_crf1d_gradients(dtype, reduce, helpers):
    rng = numpy.random.RandomState(0)
    cost = rng.uniform(-1, 1, (3, 3)).astype(dtype)
    xs, ys = _sequences(rng, (3, 2, 1), 3, dtype)
    helpers.check_gradients(
        lambda c, *xs: F.crf1d(c, list(xs), ys, reduce=reduce),
        [cost] + xs, dtype, contiguous=(reduce == 'mean'))


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_argmax_crf1d_score_gradients(dtype, helpers):
    rng = numpy.random.RandomState(2)
    cost = rng.uniform(-1, 1, (3, 3)).astype(dtype)
    xs, _ = _sequences(rng, (3, 2, 1), 3, dtype)
    helpers.check_gradients(lambda c, *xs: F.argmax_crf1d(c, list(xs))[0],
                            [cost] + xs, dtype)


def test_errors():
    cost = numpy.zeros((3, 3), numpy.float32)
    xs = [numpy.zeros((1, 3), numpy.float32), numpy.zeros((2, 3), numpy.float32)]
    ys = [numpy.zeros(1, numpy.int32), numpy.zeros(2, numpy.int32)]
    with pytest.raises(ValueError, match='must not increase'):
        F.crf1d(cost, xs, ys)
    with pytest.raises(ValueError, match=r'cost must be a \(K, K\) matrix'):
        F.crf1d(numpy.zeros((3, 2), numpy.float32), xs[:1], ys[:1])
    with pytest.raises(ValueError, match=r'xs\[0\] must have shape'):
        F.argmax_crf1d(cost, [numpy.zeros((2, 4), numpy.float32)])
    with pytest.raises(ValueError, match='ys must have the length of xs'):
        F.crf1d(cost, xs[:1], ys)
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.crf1d(cost, xs[:1], ys[:1], reduce='sum')


def test_labels_out_of_range_are_reported():
    cost = numpy.zeros((3, 3), numpy.float32)
    xs = [numpy.zeros((2, 3), numpy.float32), numpy.zeros((1, 3), numpy.float32)]
    for bad in (3, -1):
        ys = [numpy.array([0, 1], numpy.int32), numpy.array([bad], numpy.int32)]
        with pytest.raises(ValueError, match=r'labels in ys must be in \[0, 3\)'):
            F.crf1d(cost, xs, ys)
