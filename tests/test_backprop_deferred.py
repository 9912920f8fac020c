"""Deferred gradients: a weight used at many steps has its gradient contributions
gathered by the engine and computed in one product (linear) or one scatter
(embed_id). The results must equal the step-by-step sums in every situation in
which the engine may see them: mixed with ordinary contributions, for non-leaf
weights, as targets of chainer.grad, into backward_accumulate, past the size
limit, and never outside a plain pass of the engine."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import _backprop
from chainer import Variable
from chainer.utils import _scatter
from chainer.functions.connection import embed_id as embed_id_module
from chainer.functions.connection import linear as linear_module


def _rnn_like(W, xs, b=None):
    # A linear layer applied at every step, its outputs summed with weights.
    loss = 0
    for k, x in enumerate(xs):
        y = F.linear(x, W, b)
        loss = loss + F.sum(y * (k + 1.0))
    return loss


def _expected_linear_grad(xs, out_size):
    # d/dW sum_k (k+1) sum(x_k W^T) = sum_k (k+1) 1^T x_k, independently in float64.
    g = numpy.zeros((out_size, xs[0].shape[1]))
    for k, x in enumerate(xs):
        g += (k + 1.0) * numpy.ones((x.shape[0], out_size)).T.dot(
            x.astype(numpy.float64))
    return g


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
def test_linear_weight_used_at_many_steps(dtype):
    rng = numpy.random.RandomState(0)
    xs = [rng.randn(3, 4).astype(dtype) for _ in range(7)]
    W = Variable(rng.randn(5, 4).astype(dtype))
    _rnn_like(W, xs).backward()
    assert W.grad.dtype == dtype
    assert W.grad.flags.c_contiguous and W.grad.flags.writeable
    numpy.testing.assert_allclose(W.grad, _expected_linear_grad(xs, 5), rtol=1e-5)


def test_linear_weights_are_deferred_in_a_plain_pass(monkeypatch):
    seen = []
    original = _backprop.OuterSum.__init__

    def spy(self, a, b, dtype):
        seen.append(a.shape)
        original(self, a, b, dtype)
    monkeypatch.setattr(_backprop.OuterSum, '__init__', spy)
    rng = numpy.random.RandomState(0)
    xs = [rng.randn(3, 4).astype(numpy.float32) for _ in range(4)]
    W = Variable(rng.randn(5, 4).astype(numpy.float32))
    _rnn_like(W, xs).backward()
    assert seen == [(3, 5)] * 4
    # Large batches compute at once.
    seen.clear()
    big = [rng.randn(linear_module._DEFER_ROWS, 4).astype(numpy.float32)]
    W.cleargrad()
    _rnn_like(W, big).backward()
    assert seen == []
    numpy.testing.assert_allclose(W.grad, _expected_linear_grad(big, 5), rtol=1e-5)


def test_double_backprop_and_debug_do_not_defer(monkeypatch):
    def fail(*args):
        raise AssertionError('deferred')
    monkeypatch.setattr(_backprop.OuterSum, '__init__', fail)
    rng = numpy.random.RandomState(1)
    xs = [rng.randn(2, 3).astype(numpy.float32) for _ in range(3)]
    W = Variable(rng.randn(4, 3).astype(numpy.float32))
    _rnn_like(W, xs).backward(enable_double_backprop=True)
    numpy.testing.assert_allclose(W.grad, _expected_linear_grad(xs, 4), rtol=1e-5)
    W.cleargrad()
    with chainer.using_config('debug', True):
        _rnn_like(W, xs).backward()
    numpy.testing.assert_allclose(W.grad, _expected_linear_grad(xs, 4), rtol=1e-5)


@pytest.mark.parametrize('order', ['dense_first', 'dense_last', 'dense_between'])
def test_deferred_and_ordinary_contributions_add_up(order):
    rng = numpy.random.RandomState(2)
    xs = [rng.randn(2, 3).astype(numpy.float32) for _ in range(4)]
    W0 = rng.randn(4, 3).astype(numpy.float32)
    W = Variable(W0.copy())
    # sum(W * W) contributes 2W; where it enters the graph decides when the engine
    # meets it relative to the deferred contributions.
    if order == 'dense_first':
        loss = F.sum(W * W) + _rnn_like(W, xs)
    elif order == 'dense_last':
        loss = _rnn_like(W, xs) + F.sum(W * W)
    else:
        loss = _rnn_like(W, xs[:2]) + F.sum(W * W) + \
            _rnn_like(W, xs[2:]) * 1.0
    loss.backward()
    if order == 'dense_between':
        expected = _expected_linear_grad(xs[:2], 4) + \
            _expected_linear_grad(xs[2:], 4) + 2 * W0
    else:
        expected = _expected_linear_grad(xs, 4) + 2 * W0
    numpy.testing.assert_allclose(W.grad, expected, rtol=1e-5)


def test_existing_grad_is_added_not_aliased():
    rng = numpy.random.RandomState(3)
    xs = [rng.randn(2, 3).astype(numpy.float32) for _ in range(3)]
    W = Variable(rng.randn(4, 3).astype(numpy.float32))
    _rnn_like(W, xs).backward()
    first = W.grad.copy()
    _rnn_like(W, xs).backward()
    numpy.testing.assert_allclose(W.grad, 2 * first, rtol=1e-6)


def test_non_leaf_weight_receives_the_sum():
    rng = numpy.random.RandomState(4)
    xs = [rng.randn(2, 3).astype(numpy.float32) for _ in range(5)]
    P = Variable(rng.randn(4, 3).astype(numpy.float32))
    W = P * 3.0
    _rnn_like(W, xs).backward(retain_grad=True)
    numpy.testing.assert_allclose(P.grad, 3 * _expected_linear_grad(xs, 4), rtol=1e-5)
    numpy.testing.assert_allclose(W.grad, _expected_linear_grad(xs, 4), rtol=1e-5)


def test_chainer_grad_with_weight_as_target():
    rng = numpy.random.RandomState(5)
    xs = [rng.randn(2, 3).astype(numpy.float32) for _ in range(3)]
    W = Variable(rng.randn(4, 3).astype(numpy.float32))
    b = Variable(rng.randn(4).astype(numpy.float32))
    gW, gb = chainer.grad([_rnn_like(W, xs, b)], [W, b])
    assert type(gW) is Variable
    numpy.testing.assert_allclose(gW.array, _expected_linear_grad(xs, 4), rtol=1e-5)
    numpy.testing.assert_allclose(gb.array, numpy.full(4, 2 * (1 + 2 + 3.0)))
    assert W.grad is None


def test_weight_feeding_a_backward_accumulate_node():
    class Twice(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, indexes, grad_outputs):
            raise AssertionError('backward_accumulate should be used')

        def backward_accumulate(self, target_input_indexes, grad_outputs,
                                grad_inputs):
            g = grad_outputs[0] * 2
            current, = grad_inputs
            seen.append(current)
            return (g if current is None else g + current),

    seen = []
    rng = numpy.random.RandomState(6)
    xs = [rng.randn(2, 3).astype(numpy.float32) for _ in range(3)]
    W0 = rng.randn(4, 3).astype(numpy.float32)
    W = Variable(W0)
    W2, = Twice().apply((W,))
    # The inputs of the linear layers are deeper than W, so their backward (and
    # the deferred contributions to W) comes before Twice's.
    deep = [F.identity(F.identity(Variable(x))) for x in xs]
    loss = F.sum(W2) + _rnn_like(W, deep)
    loss.backward()
    numpy.testing.assert_allclose(W.grad, _expected_linear_grad(xs, 4) + 2, rtol=1e-5)
    assert len(seen) == 1 and type(seen[0]) is Variable


def test_size_limit_reduces_pending_factors(monkeypatch):
    monkeypatch.setattr(_backprop.DeferredGrad, 'limit', 30)
    rng = numpy.random.RandomState(7)
    xs = [rng.randn(2, 3).astype(numpy.float32) for _ in range(9)]
    W = Variable(rng.randn(4, 3).astype(numpy.float32))
    _rnn_like(W, xs).backward()
    numpy.testing.assert_allclose(W.grad, _expected_linear_grad(xs, 4), rtol=1e-5)
    ids = [rng.randint(0, 5, size=4).astype(numpy.int32) for _ in range(9)]
    E = Variable(rng.randn(5, 3).astype(numpy.float32))
    loss = sum(F.sum(F.embed_id(i, E)) * (k + 1.0) for k, i in enumerate(ids))
    loss.backward()
    expected = numpy.zeros((5, 3))
    for k, i in enumerate(ids):
        for j in i:
            expected[j] += k + 1.0
    numpy.testing.assert_allclose(E.grad, expected, rtol=1e-6)


def test_backward_outside_the_engine_returns_variables():
    x = Variable(numpy.ones((2, 3), numpy.float32))
    W = Variable(numpy.ones((4, 3), numpy.float32))
    y = F.linear(x, W)
    gy = Variable(numpy.ones((2, 4), numpy.float32))
    with chainer.no_backprop_mode():
        gx, gW = y.creator.backward((0, 1), (gy,))
    assert type(gx) is Variable and type(gW) is Variable
    numpy.testing.assert_array_equal(gW.array, numpy.full((4, 3), 2.0))

    ids = numpy.array([0, 0, 1], numpy.int32)
    e = F.embed_id(ids, W)
    with chainer.no_backprop_mode():
        gE, = e.creator.backward((1,), (Variable(numpy.ones((3, 3), numpy.float32)),))
    assert type(gE) is Variable
    numpy.testing.assert_array_equal(gE.array[:, 0], [2, 1, 0, 0])


@pytest.mark.parametrize('ignore_label', [None, -1, 2])
def test_embed_id_used_at_many_steps(ignore_label):
    rng = numpy.random.RandomState(8)
    vocab, dim = 6, 3
    ids = [rng.randint(-1 if ignore_label == -1 else 0, vocab, size=(4, 2))
           .astype(numpy.int32) for _ in range(5)]
    W = Variable(rng.randn(vocab, dim).astype(numpy.float32))
    gys = [rng.randn(4, 2, dim).astype(numpy.float32) for _ in range(5)]
    loss = 0
    for i, gy in zip(ids, gys):
        loss = loss + F.sum(F.embed_id(i, W, ignore_label=ignore_label) * gy)
    loss.backward()
    expected = numpy.zeros((vocab, dim))
    for i, gy in zip(ids, gys):
        for idx, row in zip(i.ravel(), gy.reshape(-1, dim)):
            if idx != ignore_label:
                expected[idx] += row
    numpy.testing.assert_allclose(W.grad, expected, rtol=1e-5, atol=1e-6)


def test_embed_id_and_linear_share_a_weight():
    # Tied input and output embeddings: one deferred scatter, one deferred
    # product and a deferred sum of a different kind on the same parameter.
    rng = numpy.random.RandomState(9)
    W = Variable(rng.randn(5, 3).astype(numpy.float32))
    loss = 0
    expected = numpy.zeros((5, 3))
    for k in range(4):
        i = rng.randint(0, 5, size=2).astype(numpy.int32)
        h = F.embed_id(i, W)
        loss = loss + F.sum(F.linear(h, W))
        # d/dW sum(h W^T) = 1^T h (linear part) + rows of sum_j W[j] at i
        hv = W.array[i]
        expected += numpy.ones((2, 5)).T.dot(hv)
        for idx in i:
            expected[idx] += W.array.sum(axis=0)
    loss.backward()
    numpy.testing.assert_allclose(W.grad, expected, rtol=1e-5, atol=1e-6)


def test_row_scatter_matches_add_at_exactly():
    rng = numpy.random.RandomState(10)
    for trial in range(100):
        n_rows = rng.randint(1, 12)
        n = rng.randint(2, 40)
        ids = rng.randint(0, n_rows, size=n)
        if trial % 10 == 0:
            ids[:] = 0        # more repeats than the indexed passes take
        rows = rng.randn(n, 3).astype(numpy.float32)
        a = rng.randn(n_rows, 3).astype(numpy.float32)
        b = a.copy()
        _scatter.scatter_add(a, ids, rows)
        numpy.add.at(b, ids, rows)
        numpy.testing.assert_array_equal(a, b)
    assert embed_id_module is not None


def test_chainer_grad_with_non_leaf_weight_and_its_source_as_targets():
    rng = numpy.random.RandomState(11)
    xs = [rng.randn(2, 3).astype(numpy.float32) for _ in range(4)]
    P = Variable(rng.randn(4, 3).astype(numpy.float32))
    W = P * 2.0
    gW, gP = chainer.grad([_rnn_like(W, xs)], [W, P])
    expected = _expected_linear_grad(xs, 4)
    assert type(gW) is Variable and type(gP) is Variable
    numpy.testing.assert_allclose(gW.array, expected, rtol=1e-5)
    numpy.testing.assert_allclose(gP.array, 2 * expected, rtol=1e-5)
