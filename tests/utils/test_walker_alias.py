import numpy
import pytest

from chainer.backends import cuda
from chainer import testing
from chainer import utils
from chainer.utils import walker_alias


def _distribution_of_table(threshold, values):
    """P(index) implied by an alias table (two values per bucket, the first
    drawn with probability threshold), summed with an explicit loop."""
    n = len(threshold)
    p = [0.0] * n
    for bucket in range(n):
        p[int(values[2 * bucket])] += float(threshold[bucket]) / n
        p[int(values[2 * bucket + 1])] += (1 - float(threshold[bucket])) / n
    return numpy.array(p)


@pytest.mark.parametrize('probs', [
    [1.0],
    [0.25, 0.25, 0.25, 0.25],
    [1, 2, 3, 0],
    [0.0, 0.0, 5.0],
    [0.97, 0.01, 0.01, 0.01],
    [0.3, 0.2, 0.2, 0.15, 0.15],
    list(numpy.random.RandomState(1).dirichlet(numpy.full(50, 0.2))),
    list(numpy.random.RandomState(2).dirichlet(numpy.full(300, 3.0))),
    # many heavies with tiny surpluses: a light exhausts several at once
    [1.001] * 20 + [0.5],
])
def test_table_reproduces_the_probabilities(probs):
    sampler = utils.WalkerAlias(probs)
    probs = numpy.asarray(probs, numpy.float64)
    expected = probs / probs.sum()
    assert sampler.threshold.shape == probs.shape
    assert sampler.threshold.dtype == numpy.float32
    assert sampler.values.shape == (2 * len(probs),)
    assert sampler.values.dtype == numpy.int32
    assert ((0 <= sampler.threshold) & (sampler.threshold <= 1)).all()
    assert ((0 <= sampler.values) & (sampler.values < len(probs))).all()
    numpy.testing.assert_array_equal(sampler.values[::2], numpy.arange(len(probs)))
    numpy.testing.assert_allclose(
        _distribution_of_table(sampler.threshold, sampler.values), expected,
        atol=1e-6)


def test_sampling_frequencies():
    probs = [0.1, 0.5, 0.0, 0.4]
    sampler = utils.WalkerAlias(probs)
    numpy.random.seed(3)
    s = sampler.sample((200, 500))
    assert s.shape == (200, 500) and s.dtype == numpy.int32
    counts = numpy.bincount(s.ravel(), minlength=4) / s.size
    assert counts[2] == 0
    # binomial standard deviation at most sqrt(0.25 / 1e5) ~ 0.0016
    numpy.testing.assert_allclose(counts, probs, atol=0.01)


def test_samples_from_a_table_made_by_chainer():
    """A table in the layout of Chainer 7.8.1's WalkerAlias (as its pickles
    hold it; this one is Chainer's for probabilities 0.1, 0.2, 0.3, 0.4)."""
    sampler = utils.WalkerAlias([1, 1, 1, 1])
    sampler.threshold = numpy.array([0.4, 0.8, 0.6, 1.0], numpy.float32)
    sampler.values = numpy.array([0, 2, 1, 3, 2, 3, 3, 0], numpy.int32)
    numpy.random.seed(4)
    counts = numpy.bincount(sampler.sample(100000), minlength=4) / 100000
    numpy.testing.assert_allclose(counts, [0.1, 0.2, 0.3, 0.4], atol=0.01)


def test_sample_shapes():
    sampler = utils.WalkerAlias([1, 1])
    assert sampler.sample(7).shape == (7,)
    assert sampler.sample(()).shape == ()
    assert sampler.sample((0, 3)).shape == (0, 3)
    assert isinstance(sampler.sample(3), numpy.ndarray)


def test_errors():
    with pytest.raises(ValueError, match='non-empty 1-d'):
        utils.WalkerAlias([])
    with pytest.raises(ValueError, match='non-empty 1-d'):
        utils.WalkerAlias([[0.5, 0.5]])
    with pytest.raises(ValueError, match='finite and non-negative'):
        utils.WalkerAlias([0.5, -0.1])
    with pytest.raises(ValueError, match='must not all be zero'):
        utils.WalkerAlias([0, 0])


def test_devices():
    sampler = utils.WalkerAlias([1, 3])
    assert not sampler.use_gpu
    assert sampler.xp is numpy
    # (to_cpu and friends of every DeviceResident are deprecated: to_device)
    with pytest.warns(DeprecationWarning):
        assert sampler.to_cpu() is sampler
    with pytest.warns(DeprecationWarning):
        assert sampler.to_intel64() is sampler
    assert isinstance(sampler.sample(2), numpy.ndarray)
    assert sampler.to_device('@numpy') is sampler
    if not cuda.available:
        with pytest.raises(RuntimeError, match='CUDA is not available'), \
                pytest.warns(DeprecationWarning):
            sampler.to_gpu()
    with pytest.raises(RuntimeError, match='ChainerX is not available'):
        sampler.to_chx()


def test_internal_table_without_lights():
    threshold, alias = walker_alias._alias_table(numpy.full(4, 0.25))
    assert (threshold == 1).all() and (alias == numpy.arange(4)).all()


@testing.attr.gpu
def test_sampling_on_gpu():
    sampler = utils.WalkerAlias([0.1, 0.5, 0.0, 0.4])
    assert sampler.to_gpu() is sampler
    assert sampler.use_gpu and sampler.xp is cuda.cupy
    s = sampler.sample((100000,))
    assert isinstance(s, cuda.ndarray) and s.dtype == numpy.int32
    counts = numpy.bincount(cuda.to_cpu(s), minlength=4) / s.size
    numpy.testing.assert_allclose(counts, [0.1, 0.5, 0.0, 0.4], atol=0.01)
    sampler.to_cpu()
    assert isinstance(sampler.sample(3), numpy.ndarray) and not sampler.use_gpu
