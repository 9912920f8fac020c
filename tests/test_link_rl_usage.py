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
