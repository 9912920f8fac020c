"""negative_sampling and black_out."""
import math

import numpy
import pytest

from chainer import functions as F
from chainer import testing


def _sigmoid(v):
    return 1 / (1 + math.exp(-v))


def _inputs(dtype, seed=0):
    rng = numpy.random.RandomState(seed)
    x = rng.uniform(-1, 1, (4, 3)).astype(dtype)
    W = rng.uniform(-1, 1, (6, 3)).astype(dtype)
    t = numpy.array([0, 2, -1, 5], numpy.int32)
    negatives = rng.randint(0, 6, (4, 2)).astype(numpy.int32)
    return x, t, W, negatives


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['sum', 'no'])
def test_negative_sampling_forward(dtype, reduce, helpers):
    x, t, W, negatives = _inputs(dtype)
    shapes = []

    def sampler(shape):
        shapes.append(shape)
        return negatives
    loss, samples = F.negative_sampling(x, t, W, sampler, 2, reduce=reduce,
                                        return_samples=True)
    assert shapes == [(4, 2)]
    numpy.testing.assert_array_equal(samples[:, 0], t)
    numpy.testing.assert_array_equal(samples[:, 1:], negatives)
    x64, W64 = x.astype(numpy.float64), W.astype(numpy.float64)
    expected = numpy.zeros(4)
    for i in range(4):
        if t[i] == -1:
            continue
        expected[i] = -math.log(_sigmoid(x64[i].dot(W64[t[i]])))
        for s in negatives[i]:
            expected[i] -= math.log(_sigmoid(-x64[i].dot(W64[s])))
    if reduce == 'sum':
        expected = expected.sum()
    assert loss.dtype == dtype
    testing.assert_allclose(loss.array, expected, **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['sum', 'no'])
def test_negative_sampling_gradients(dtype, reduce, helpers):
    x, t, W, negatives = _inputs(dtype)
    helpers.check_gradients(
        lambda x, W: F.negative_sampling(x, t, W, lambda s: negatives, 2,
                                         reduce=reduce),
        (x, W), dtype, contiguous=(reduce == 'sum'))


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_black_out_forward(dtype, reduce, helpers):
    x, t, W, negatives = _inputs(dtype)
    t = numpy.abs(t)
    loss = F.black_out(x, t, W, negatives, reduce=reduce)
    x64, W64 = x.astype(numpy.float64), W.astype(numpy.float64)
    expected = numpy.zeros(4)
    for i in range(4):
        words = [t[i]] + list(negatives[i])
        z = sum(math.exp(x64[i].dot(W64[w])) for w in words)
        p = [math.exp(x64[i].dot(W64[w])) / z for w in words]
        expected[i] = -math.log(p[0]) - sum(math.log(1 - q) for q in p[1:])
    if reduce == 'mean':
        expected = expected.mean()
    assert loss.dtype == dtype
    testing.assert_allclose(loss.array, expected, **helpers.FORWARD_TOL[dtype])


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
def test_black_out_gradients(dtype, reduce, helpers):
    x, t, W, negatives = _inputs(dtype)
    t = numpy.abs(t)
    helpers.check_gradients(lambda x, W: F.black_out(x, t, W, negatives, reduce),
                            (x, W), dtype, contiguous=(reduce == 'mean'))


def test_errors():
    x, t, W, negatives = _inputs(numpy.float32)
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.negative_sampling(x, t, W, lambda s: negatives, 2, reduce='mean')
    with pytest.raises(TypeError, match='unexpected keyword'):
        F.negative_sampling(x, t, W, lambda s: negatives, 2, foo=1)
    with pytest.raises(ValueError, match=r'W must be \(n_vocab, 3\)'):
        F.negative_sampling(x, t, W[:, :2], lambda s: negatives, 2)
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.black_out(x, numpy.abs(t), W, negatives, reduce='sum')
    with pytest.raises(ValueError, match=r'samples \(4, S\)'):
        F.black_out(x, numpy.abs(t), W, negatives[:2])


def test_word_ids_out_of_range_are_reported():
    # W has 6 rows: a label 6 (or below -1 for negative_sampling) is no word.
    x, t, W, negatives = _inputs(numpy.float32)
    bad_t = numpy.array([0, 6, -1, 5], numpy.int32)
    with pytest.raises(ValueError, match=r'word ids in \[0, 6\).*got values in '
                                         r'\[-1, 6\]'):
        F.negative_sampling(x, bad_t, W, lambda s: negatives, 2)
    with pytest.raises(ValueError, match=r'word ids in \[0, 6\)'):
        F.negative_sampling(x, numpy.array([0, -2, 1, 1], numpy.int32), W,
                            lambda s: negatives, 2)
    with pytest.raises(ValueError, match=r'black_out: t and samples must hold '
                                         r'word ids in \[0, 6\)'):
        F.black_out(x, numpy.array([0, 6, 1, 5], numpy.int32), W, negatives)
    with pytest.raises(ValueError, match=r'word ids in \[0, 6\)'):
        F.black_out(x, numpy.abs(t), W, negatives + 6)
    # -1 stays a valid (ignored) label of negative_sampling.
    F.negative_sampling(x, t, W, lambda s: negatives, 2)
