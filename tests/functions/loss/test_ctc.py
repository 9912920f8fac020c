import itertools

import numpy
import pytest

import chainer
from chainer import functions as F
from chainer import gradient_check
from chainer import testing
from chainer.utils import type_check


def _collapse(path, blank):
    out = []
    previous = None
    for s in path:
        if s != previous and s != blank:
            out.append(s)
        previous = s
    return tuple(out)


def _brute_force(x, t, blank, input_length, label_length):
    # Sum the probability of every alignment that collapses to the label.
    x = x.astype(numpy.float64)
    n_time, n_batch, n_vocab = x.shape
    losses = []
    for b in range(n_batch):
        length = input_length[b]
        probs = numpy.exp(x[:, b]) / numpy.exp(x[:, b]).sum(axis=1, keepdims=True)
        target = tuple(int(v) for v in t[b, :label_length[b]])
        total = 0.0
        for path in itertools.product(range(n_vocab), repeat=length):
            if _collapse(path, blank) == target:
                total += numpy.prod([probs[i, s] for i, s in enumerate(path)])
        losses.append(-numpy.log(total))
    return numpy.array(losses)


def _inputs(dtype, n_time=4, n_batch=3, n_vocab=3, label_len=2, seed=0):
    rng = numpy.random.RandomState(seed)
    x = rng.uniform(-1, 1, (n_time, n_batch, n_vocab)).astype(dtype)
    t = rng.randint(1, n_vocab, (n_batch, label_len)).astype(numpy.int32)
    t[0] = [1, 1]  # a repeated label needs a blank between
    return x, t


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
@pytest.mark.parametrize('lengths', [None, ([4, 3, 2], [2, 1, 0])])
def test_forward(dtype, reduce, lengths, helpers):
    x, t = _inputs(dtype)
    if lengths is None:
        input_length = numpy.full(3, 4, numpy.int32)
        label_length = numpy.full(3, 2, numpy.int32)
        kwargs = {}
    else:
        input_length = numpy.array(lengths[0], numpy.int32)
        label_length = numpy.array(lengths[1], numpy.int32)
        kwargs = dict(input_length=input_length, label_length=label_length)
    loss = F.connectionist_temporal_classification(list(x), t, 0, reduce=reduce,
                                                   **kwargs)
    expected = _brute_force(x, t, 0, input_length, label_length)
    if reduce == 'mean':
        expected = expected.mean()
    assert loss.dtype == dtype
    testing.assert_allclose(loss.array, expected, **helpers.FORWARD_TOL[dtype])


def test_other_blank_and_tuple_input():
    x, t = _inputs(numpy.float64)
    t = t - 1  # labels 0 .. 1, blank is 2
    loss = F.connectionist_temporal_classification(tuple(x), t, 2, reduce='no')
    testing.assert_allclose(loss.array, _brute_force(x, t, 2, [4] * 3, [2] * 3))


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
@pytest.mark.parametrize('reduce', ['mean', 'no'])
@pytest.mark.parametrize('contiguous', [True, False])
def test_gradients(dtype, reduce, contiguous, helpers):
    x, t = _inputs(dtype)
    input_length = numpy.array([4, 3, 3], numpy.int32)
    label_length = numpy.array([2, 1, 2], numpy.int32)
    if not contiguous:
        x = helpers.noncontiguous(x)
    rng = numpy.random.RandomState(1)
    gy = rng.uniform(0.5, 1, (1,) if reduce == 'mean' else (3,)).astype(dtype)

    def f(*xs):
        loss = F.connectionist_temporal_classification(
            list(xs), t, 0, input_length, label_length, reduce=reduce)
        return F.reshape(loss, (1,)) if reduce == 'mean' else loss
    gradient_check.check_backward(f, tuple(x), gy, **helpers.GRAD_TOL[dtype])


def test_double_backprop_is_reported():
    x, t = _inputs(numpy.float64)
    xv = chainer.Variable(x)
    loss = F.connectionist_temporal_classification(list(F.separate(xv)), t, 0)
    gx, = chainer.grad([loss], [xv], enable_double_backprop=True)
    with pytest.raises(NotImplementedError, match='higher order'):
        F.sum(gx * gx).backward()


def test_errors():
    x, t = _inputs(numpy.float32)
    with pytest.raises(ValueError, match=r'blank_symbol must be in \[0, 3\)'):
        F.connectionist_temporal_classification(list(x), t, 3)
    with pytest.raises(ValueError, match='input_length must be in'):
        F.connectionist_temporal_classification(
            list(x), t, 0, input_length=numpy.array([5, 4, 4], numpy.int32))
    with pytest.raises(ValueError, match='label_length must be in'):
        F.connectionist_temporal_classification(
            list(x), t, 0, label_length=numpy.array([3, 2, 2], numpy.int32))
    with pytest.raises(type_check.InvalidType, match='t.dtype.kind'):
        F.connectionist_temporal_classification(list(x), t.astype(numpy.float32), 0)
    with pytest.raises(ValueError, match='reduce must be one of'):
        F.connectionist_temporal_classification(list(x), t, 0, reduce='sum')
    # x is a sequence of (B, V) arrays, not one (T, B, V) array or Variable
    for whole in (x, chainer.Variable(x)):
        with pytest.raises(TypeError, match=r'x must be a list or tuple .* list\(a\)'):
            F.connectionist_temporal_classification(whole, t, 0)
