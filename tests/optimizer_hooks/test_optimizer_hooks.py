import numpy
import pytest

import chainer
from chainer import optimizer_hooks
from chainer import optimizers


def setup(values, grads, lr=1.0):
    link = chainer.Chain()
    with link.init_scope():
        for i, (v, g) in enumerate(zip(values, grads)):
            setattr(link, 'p%d' % i, chainer.Parameter(numpy.asarray(v, numpy.float64)))
    opt = optimizers.SGD(lr=lr).setup(link)
    params = [getattr(link, 'p%d' % i) for i in range(len(values))]
    for p, g in zip(params, grads):
        p.grad = numpy.asarray(g, numpy.float64)
    return opt, params


def test_weight_decay():
    opt, (p,) = setup([[1.0, -2.0]], [[0.5, 0.5]])
    opt.add_hook(optimizer_hooks.WeightDecay(0.1))
    opt.update()
    numpy.testing.assert_allclose(p.array, [1 - (0.5 + 0.1), -2 - (0.5 - 0.2)])


def test_lasso():
    opt, (p,) = setup([[1.0, -2.0, 0.0]], [[0.5, 0.5, 0.5]])
    opt.add_hook(optimizer_hooks.Lasso(0.1))
    opt.update()
    numpy.testing.assert_allclose(p.array, [1 - 0.6, -2 - 0.4, -0.5])


def test_gradient_clipping_by_global_norm():
    opt, (a, b) = setup([[0.0, 0.0], [0.0]], [[3.0, 0.0], [4.0]])
    opt.add_hook(optimizer_hooks.GradientClipping(1.0))
    opt.update()
    # global norm 5 -> every gradient scaled by 1/5
    numpy.testing.assert_allclose(a.array, [-0.6, 0.0])
    numpy.testing.assert_allclose(b.array, [-0.8])
    opt2, (c,) = setup([[0.0]], [[0.5]])
    opt2.add_hook(optimizer_hooks.GradientClipping(1.0))
    opt2.update()
    numpy.testing.assert_allclose(c.array, [-0.5])   # below the threshold: unchanged


def test_gradient_hard_clipping():
    opt, (p,) = setup([[0.0, 0.0, 0.0]], [[-3.0, 0.2, 5.0]])
    opt.add_hook(optimizer_hooks.GradientHardClipping(-1.0, 1.0))
    opt.update()
    numpy.testing.assert_allclose(p.array, [1.0, -0.2, -1.0])
    with pytest.raises(ValueError, match='lower_bound'):
        optimizer_hooks.GradientHardClipping(1.0, -1.0)


def test_gradient_noise_with_custom_function():
    seen = []

    def noise(xp, shape, dtype, hook, rule):
        seen.append((shape, dtype, hook.eta, rule.t))
        return xp.full(shape, hook.eta, dtype)
    opt, (p,) = setup([[0.0, 0.0]], [[1.0, 2.0]])
    opt.add_hook(optimizer_hooks.GradientNoise(0.5, noise_func=noise))
    opt.update()
    numpy.testing.assert_allclose(p.array, [-1.5, -2.5])
    assert seen == [((2,), numpy.float64, 0.5, 0)]


def test_default_gradient_noise_statistics():
    numpy.random.seed(0)
    hook = optimizer_hooks.GradientNoise(0.3)

    class Rule:
        t = 3
    n = optimizer_hooks.exponential_decay_noise(numpy, (200000,), numpy.float64, hook,
                                                Rule())
    expected_std = numpy.sqrt(0.3 / (1 + 3) ** 0.55)
    assert abs(n.std() / expected_std - 1) < 0.01 and abs(n.mean()) < 0.01


def test_gradient_lars():
    p0 = numpy.array([3.0, 4.0])           # norm 5
    g0 = numpy.array([0.6, 0.8])           # norm 1
    opt, (p,) = setup([p0.copy()], [g0.copy()])
    opt.add_hook(optimizer_hooks.GradientLARS(threshold=1e-2, weight_decay=0.1,
                                              eps=0.0))
    opt.update()
    rate = 5.0 / (1.0 + 0.1 * 5.0)
    numpy.testing.assert_allclose(p.array, p0 - rate * (g0 + 0.1 * p0))
    small = numpy.array([1e-3, 0.0])       # norm below the threshold: no scaling
    opt2, (q,) = setup([small.copy()], [g0.copy()])
    opt2.add_hook(optimizer_hooks.GradientLARS(threshold=1e-2))
    opt2.update()
    numpy.testing.assert_allclose(q.array, small - g0)


def test_hooks_on_an_update_rule_and_attributes():
    opt, (p,) = setup([[1.0]], [[0.0]])
    p.update_rule.add_hook(optimizer_hooks.WeightDecay(0.5))
    opt.update()
    numpy.testing.assert_allclose(p.array, [0.5])
    for cls, args in [(optimizer_hooks.WeightDecay, (1,)), (optimizer_hooks.Lasso, (1,)),
                      (optimizer_hooks.GradientHardClipping, (-1, 1)),
                      (optimizer_hooks.GradientNoise, (1,)),
                      (optimizer_hooks.GradientLARS, ())]:
        hook = cls(*args)
        assert hook.call_for_each_param and hook.timing == 'pre'
        assert hook.name == cls.__name__
    assert optimizer_hooks.GradientClipping(1).timing == 'pre'
    assert not getattr(optimizer_hooks.GradientClipping(1), 'call_for_each_param', False)


def test_disabled_rule_is_skipped_by_per_param_hooks():
    opt, (p,) = setup([[1.0]], [[0.0]])
    p.update_rule.enabled = False
    opt.add_hook(optimizer_hooks.WeightDecay(0.5))
    opt.update()
    numpy.testing.assert_allclose(p.grad, [0.0])
