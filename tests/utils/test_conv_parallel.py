"""Convolution and pooling split over threads give the serial results."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer.utils import _parallel


def _run_all(seed=0):
    rng = numpy.random.RandomState(seed)
    x = chainer.Variable(rng.standard_normal((5, 6, 7, 6)))
    W = chainer.Variable(rng.standard_normal((4, 3, 3, 2)))
    b = chainer.Variable(rng.standard_normal(4))
    outs = []
    for kwargs in [dict(pad=1, groups=2), dict(stride=2, pad=(0, 1), groups=2,
                                               cover_all=True)]:
        for v in (x, W, b):
            v.cleargrad()
        y = F.convolution_2d(x, W, b, **kwargs)
        y.grad = rng.standard_normal(y.shape)
        y.backward()
        outs += [y.array, x.grad, W.grad, b.grad]
    x.cleargrad()
    z, indexes = F.max_pooling_2d(x, 3, 2, 1, return_indices=True)
    z.grad = rng.standard_normal(z.shape)
    z.backward()
    outs += [z.array, indexes, x.grad]
    x.cleargrad()
    z = F.max_pooling_2d(F.relu(x), 2)
    z.grad = rng.standard_normal(z.shape)
    z.backward()
    outs += [z.array, x.grad]
    return outs


@pytest.mark.parametrize('threads', [2, 3])
def test_threaded_results_equal_serial_results(monkeypatch, threads):
    monkeypatch.setattr(_parallel, 'N_THREADS', 1)
    serial = _run_all()
    monkeypatch.setattr(_parallel, 'N_THREADS', threads)
    monkeypatch.setattr(_parallel, 'MIN_PARALLEL_SIZE', 0)
    threaded = _run_all()
    assert len(serial) == len(threaded)
    for a, b in zip(serial, threaded):
        numpy.testing.assert_array_equal(a, b)


def test_parallel_slices_partitions_and_propagates_errors(monkeypatch):
    monkeypatch.setattr(_parallel, 'N_THREADS', 3)
    seen = []
    _parallel.parallel_slices(lambda s: seen.append((s.start, s.stop)), 10, 10 ** 6,
                              numpy.zeros(1))
    assert sorted(seen) == [(0, 3), (3, 6), (6, 10)]
    seen.clear()
    _parallel.parallel_slices(lambda s: seen.append((s.start, s.stop)), 10, 10)
    assert seen == [(0, 10)]

    def fail(s):
        if s.start:
            raise RuntimeError('boom')
    with pytest.raises(RuntimeError, match='boom'):
        _parallel.parallel_slices(fail, 10, 10 ** 6)
