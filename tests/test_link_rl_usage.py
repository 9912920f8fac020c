"""Link behaviour that reinforcement-learning code leans on (target networks)."""
import copy

import numpy
import pytest

import chainer
import chainer.links as L


class _QNet(chainer.Chain):
    def __init__(self, n_in, n_out):
        super().__init__()
        with self.init_scope():
            self.fc = L.Linear(n_in, n_out)


def test_copyparams_shape_mismatch_names_parameter_and_shapes():
    target = _QNet(3, 2)
    online = _QNet(4, 2)
    with pytest.raises(ValueError) as info:
        target.copyparams(online)
    message = str(info.value)
    assert "'W'" in message
    assert '(2, 4)' in message and '(2, 3)' in message
    assert 'Linear' in message


def test_copyparams_into_lazy_copy_then_soft_update():
    online = _QNet(None, 2)
    target = copy.deepcopy(online)          # both uninitialized
    target.copyparams(online)               # nothing to copy yet: no error
    assert target.fc.W.array is None
    x = numpy.arange(6, dtype=numpy.float32).reshape(2, 3)
    online.fc(x)                            # initializes online only
    target.copyparams(online)
    assert target.fc.W.array is not online.fc.W.array
    numpy.testing.assert_array_equal(target.fc.W.array, online.fc.W.array)
    before = target.fc.W.array.copy()
    online.fc.W.array[...] += 1.0
    tau = 0.25
    for (name_t, p_t), (name_o, p_o) in zip(sorted(target.namedparams()),
                                            sorted(online.namedparams())):
        assert name_t == name_o
        p_t.array[...] = tau * p_o.array + (1 - tau) * p_t.array
    numpy.testing.assert_allclose(target.fc.W.array, before + tau, rtol=1e-6)


def test_addgrads_accumulates_and_skips_missing_gradients():
    # Asynchronous actor-critic style: gradients of a local copy are added to
    # the shared model's gradients.
    x = numpy.linspace(-1, 1, 6, dtype=numpy.float32).reshape(2, 3)
    shared = _QNet(3, 2)
    local = copy.deepcopy(shared)
    shared.cleargrads()
    local.cleargrads()
    shared.addgrads(local)                  # nothing computed yet
    assert shared.fc.W.grad is None
    loss = chainer.functions.sum(local.fc(x) * 2)
    loss.backward()
    shared.addgrads(local)
    # d/dW sum(2 (x W^T + b)) = 2 * column sums of x, for every output row
    expected_w = numpy.tile(2 * x.sum(axis=0), (2, 1))
    numpy.testing.assert_allclose(shared.fc.W.grad, expected_w, rtol=1e-6)
    numpy.testing.assert_allclose(shared.fc.b.grad, [4.0, 4.0], rtol=1e-6)
    assert not numpy.shares_memory(shared.fc.W.grad, local.fc.W.grad)
    shared.addgrads(local)
    numpy.testing.assert_allclose(shared.fc.W.grad, 2 * expected_w, rtol=1e-6)
    local.cleargrads()
    shared.addgrads(local)                  # a missing source gradient adds nothing
    numpy.testing.assert_allclose(shared.fc.W.grad, 2 * expected_w, rtol=1e-6)
