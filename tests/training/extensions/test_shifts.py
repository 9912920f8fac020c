import math

import numpy
import pytest

from chainer import serializers
from chainer import testing
from chainer.training import extensions


class FakeOptimizer(object):
    def __init__(self, lr=1.0):
        self.lr = lr


def _values(extension, n_calls, optimizer):
    trainer = testing.get_trainer_with_mock_updater((n_calls, 'iteration'), 10)
    trainer.updater.get_optimizer.return_value = optimizer
    extension.initialize(trainer)
    values = [optimizer.lr]
    for _ in range(n_calls):
        trainer.updater.update()
        extension(trainer)
        values.append(optimizer.lr)
    return values


@pytest.mark.parametrize('make,expected', [
    (lambda: extensions.ExponentialShift('lr', 0.5, init=2.0),
     lambda t: 2.0 * 0.5 ** t),
    (lambda: extensions.ExponentialShift('lr', 0.5, init=2.0, target=0.3),
     lambda t: max(2.0 * 0.5 ** t, 0.3)),
    (lambda: extensions.ExponentialShift('lr', 2.0, init=1.0, target=10.),
     lambda t: min(2.0 ** t, 10.)),
    (lambda: extensions.InverseShift('lr', 0.1, 0.75, init=2.0),
     lambda t: 2.0 * (1 + 0.1 * t) ** -0.75),
    (lambda: extensions.InverseShift('lr', 1.0, 1.0, init=1.0, target=0.25),
     lambda t: max(1.0 / (1 + t), 0.25)),
    (lambda: extensions.LinearShift('lr', (1.0, 3.0), (2, 6)),
     lambda t: 1.0 if t <= 2 else 3.0 if t >= 6 else 1.0 + 2.0 * (t - 2) / 4),
    (lambda: extensions.MultistepShift('lr', 0.1, [2, 5], 1.0),
     lambda t: 1.0 * 0.1 ** ((t >= 2) + (t >= 5))),
    (lambda: extensions.PolynomialShift('lr', 0.5, 4, init=2.0),
     lambda t: 2.0 * max(1 - t / 4, 0) ** 0.5),
    (lambda: extensions.PolynomialShift('lr', 2, 4, init=2.0, target=0.5),
     lambda t: max(2.0 * max(1 - t / 4, 0) ** 2, 0.5)),
    (lambda: extensions.StepShift('lr', 0.5, 3, init=4.0),
     lambda t: 4.0 * 0.5 ** (t // 3)),
    (lambda: extensions.StepShift('lr', 0.5, 2, init=4.0, target=1.5),
     lambda t: max(4.0 * 0.5 ** (t // 2), 1.5)),
    (lambda: extensions.WarmupShift('lr', 0.1, 4, 1.0),
     lambda t: 0.1 + 0.9 * t / 4 if t < 4 else 1.0),
    # negative values stop at their target by magnitude
    (lambda: extensions.StepShift('lr', 0.5, 2, init=-4.0, target=-1.5),
     lambda t: min(-4.0 * 0.5 ** (t // 2), -1.5)),
    (lambda: extensions.StepShift('lr', 2.0, 2, init=-1.0, target=-3.0),
     lambda t: max(-1.0 * 2.0 ** (t // 2), -3.0)),
    (lambda: extensions.ExponentialShift('lr', 0.5, init=-2.0, target=-0.3),
     lambda t: min(-2.0 * 0.5 ** t, -0.3)),
    (lambda: extensions.ExponentialShift('lr', 2.0, init=-1.0, target=-10.),
     lambda t: max(-(2.0 ** t), -10.)),
    (lambda: extensions.InverseShift('lr', 1.0, 1.0, init=-1.0, target=-0.25),
     lambda t: min(-1.0 / (1 + t), -0.25)),
    (lambda: extensions.PolynomialShift('lr', 0.5, 10, init=-2.0, target=-1.5),
     lambda t: min(-2.0 * (1 - t / 10) ** 0.5, -1.5)),
    # a negative polynomial rate grows the value, up to the target
    (lambda: extensions.PolynomialShift('lr', -0.5, 10, init=2.0, target=2.2),
     lambda t: min(2.0 * (1 - t / 10) ** -0.5, 2.2)),
    (lambda: extensions.PolynomialShift('lr', -0.5, 10, init=2.0),
     lambda t: 2.0 * (1 - t / 10) ** -0.5),
])
def test_schedules(make, expected):
    values = _values(make(), 8, FakeOptimizer(lr=123.))
    numpy.testing.assert_allclose(values, [expected(t) for t in range(9)],
                                  rtol=1e-12)


def test_polynomial_shift_with_a_negative_rate_at_max_count():
    values = _values(extensions.PolynomialShift('lr', -1, 2, init=1.0, target=5.0),
                     3, FakeOptimizer())
    assert values == [1.0, 2.0, 5.0, 5.0]
    values = _values(extensions.PolynomialShift('lr', -1, 2, init=1.0), 2,
                     FakeOptimizer())
    assert values == [1.0, 2.0, math.inf]


def test_init_defaults_to_current_value():
    optimizer = FakeOptimizer(lr=0.8)
    values = _values(extensions.ExponentialShift('lr', 0.5), 2, optimizer)
    numpy.testing.assert_allclose(values, [0.8, 0.4, 0.2])


def test_explicit_optimizer_and_attr():
    class Adam(object):
        alpha = 0.01
    optimizer = Adam()
    ext = extensions.StepShift('alpha', 0.1, 1, optimizer=optimizer)
    trainer = testing.get_trainer_with_mock_updater((2, 'iteration'), 10)
    ext.initialize(trainer)
    trainer.updater.update()
    ext(trainer)
    assert math.isclose(optimizer.alpha, 0.001)
    trainer.updater.get_optimizer.assert_not_called()


def test_serialize_resumes_schedule(tmp_path):
    optimizer = FakeOptimizer(lr=1.0)
    ext = extensions.ExponentialShift('lr', 0.5)
    _values(ext, 3, optimizer)
    path = str(tmp_path / 's.npz')
    serializers.save_npz(path, ext)

    optimizer2 = FakeOptimizer(lr=1.0)
    resumed = extensions.ExponentialShift('lr', 0.5)
    serializers.load_npz(path, resumed)
    values = _values(resumed, 2, optimizer2)
    numpy.testing.assert_allclose(values, [0.125, 0.0625, 0.03125])


def test_argument_errors():
    with pytest.raises(ValueError, match='rate'):
        extensions.ExponentialShift('lr', -1)
    with pytest.raises(ValueError, match='gamma'):
        extensions.InverseShift('lr', -1, 1)
    with pytest.raises(ValueError, match='time_range'):
        extensions.LinearShift('lr', (0, 1), (5, 2))
    with pytest.raises(ValueError, match='pairs'):
        extensions.LinearShift('lr', (0, 1, 2), (0, 1))
    with pytest.raises(ValueError, match='max_count'):
        extensions.PolynomialShift('lr', 1, 0)
    with pytest.raises(TypeError, match=r"max_count must be a number.*\(4, 'iteration'\)"):
        extensions.PolynomialShift('lr', 1, (4, 'iteration'))
    with pytest.raises(ValueError, match='step'):
        extensions.StepShift('lr', 0.1, 0)
    with pytest.raises(ValueError, match='warmup_iter'):
        extensions.WarmupShift('lr', 0, 0, 1)
