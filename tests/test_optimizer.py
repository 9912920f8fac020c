import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import optimizer
from chainer import optimizers


def make_link(value=1.0, shape=(3,), dtype=numpy.float32):
    link = chainer.Link()
    with link.init_scope():
        link.w = chainer.Parameter(numpy.full(shape, value, dtype))
    return link


def test_hyperparameter_falls_back_to_parent():
    parent = optimizer.Hyperparameter()
    parent.lr = 0.1
    parent.momentum = 0.9
    child = optimizer.Hyperparameter(parent)
    assert child.lr == 0.1 and child.parent is parent
    child.lr = 0.5
    assert child.lr == 0.5 and parent.lr == 0.1
    assert child.get_dict() == {'lr': 0.5, 'momentum': 0.9}
    assert repr(child) == 'Hyperparameter(lr=0.5, momentum=0.9)'
    with pytest.raises(AttributeError):
        child.nothing


def test_hyperparameter_proxy_reads_and_writes():
    opt = optimizers.SGD(lr=0.3)
    assert opt.lr == 0.3
    opt.lr = 0.2
    assert opt.hyperparam.lr == 0.2
    assert isinstance(optimizers.SGD.lr, optimizer.HyperparameterProxy)


def test_rule_hyperparameters_follow_optimizer_unless_overridden():
    link = make_link()
    opt = optimizers.SGD(lr=0.1).setup(link)
    rule = link.w.update_rule
    assert rule.hyperparam.lr == 0.1
    opt.lr = 0.5
    assert rule.hyperparam.lr == 0.5
    rule.hyperparam.lr = 1.0
    link.w.grad = numpy.ones(3, numpy.float32)
    opt.update()
    numpy.testing.assert_allclose(link.w.array, 0.0)


def test_setup_requires_link():
    with pytest.raises(TypeError, match='Link'):
        optimizers.SGD().setup(object())
    with pytest.raises(RuntimeError, match='setup'):
        optimizers.SGD().update()
    with pytest.raises(RuntimeError, match='setup'):
        optimizers.SGD().add_hook(lambda opt: None, name='x')


def test_update_with_lossfun_clears_and_backprops():
    link = L.Linear(2, 1, initialW=numpy.array([[1.0, 2.0]], numpy.float32))
    opt = optimizers.SGD(lr=0.1).setup(link)
    x = numpy.array([[1.0, 3.0]], numpy.float32)
    link.W.grad = numpy.full((1, 2), 100.0, numpy.float32)  # must be cleared first
    opt.update(lambda x: F.sum(link(x)), x)
    numpy.testing.assert_allclose(link.W.array, [[0.9, 1.7]], rtol=1e-6)
    numpy.testing.assert_allclose(link.b.array, [-0.1], rtol=1e-6)
    assert opt.t == 1 and link.W.update_rule.t == 1


def test_use_cleargrads_false_zero_fills():
    link = make_link()
    opt = optimizers.SGD(lr=1.0).setup(link)
    with pytest.warns(DeprecationWarning):
        opt.use_cleargrads(False)
    opt.update(lambda: F.sum(link.w * 2))
    numpy.testing.assert_allclose(link.w.array, -1.0)


def test_hook_timing_and_call_order():
    link = make_link()
    opt = optimizers.SGD(lr=1.0).setup(link)
    order = []

    def pre(o):
        order.append(('pre', float(link.w.array[0])))

    def post(o):
        order.append(('post', float(link.w.array[0])))

    class PerParam:
        name = 'per_param'
        call_for_each_param = True
        timing = 'post'

        def __call__(self, rule, param):
            order.append(('each', param.name))

    opt.add_hook(pre, name='pre')
    opt.add_hook(post, name='post', timing='post')
    opt.add_hook(PerParam())
    with pytest.raises(KeyError):
        opt.add_hook(pre, name='pre')
    with pytest.raises(ValueError, match='timing'):
        opt.add_hook(pre, name='other', timing='later')
    with pytest.raises(TypeError):
        opt.add_hook(3, name='x')
    link.w.grad = numpy.ones(3, numpy.float32)
    opt.update()
    assert order == [('pre', 1.0), ('post', 0.0), ('each', 'w')]
    opt.remove_hook('pre')
    with pytest.raises(KeyError):
        opt.remove_hook('pre')


def test_update_rule_hooks():
    link = make_link()
    optimizers.SGD(lr=1.0).setup(link)
    rule = link.w.update_rule
    calls = []

    def double(rule, param):
        param.grad *= 2
        calls.append('pre')

    rule.add_hook(double, name='double')
    rule.add_hook(lambda r, p: calls.append('post'), name='after', timing='post')
    link.w.grad = numpy.ones(3, numpy.float32)
    link.w.update()
    numpy.testing.assert_allclose(link.w.array, -1.0)
    assert calls == ['pre', 'post']
    rule.remove_hook('double')
    with pytest.raises(KeyError):
        rule.remove_hook('double')


def test_disabled_rule_does_nothing():
    link = make_link()
    optimizers.SGD(lr=1.0).setup(link)
    link.w.update_rule.enabled = False
    link.w.grad = numpy.ones(3, numpy.float32)
    link.w.update()
    numpy.testing.assert_allclose(link.w.array, 1.0)
    assert link.w.update_rule.t == 0


def test_gradient_is_divided_by_loss_scale():
    link = make_link()
    opt = optimizers.SGD(lr=1.0).setup(link)
    opt.set_loss_scale(8.0)
    opt.update(lambda: F.sum(link.w * 3))
    # d/dw sum(3w) = 3; backward produced 24, the rule divides by 8.
    numpy.testing.assert_allclose(link.w.array, -2.0)


def test_loss_scale_divided_before_optimizer_hooks():
    link = make_link()
    opt = optimizers.SGD(lr=1.0).setup(link)
    seen = []
    opt.add_hook(lambda o: seen.append(link.w.grad.copy()), name='look')
    opt.set_loss_scale(4.0)
    opt.update(lambda: F.sum(link.w))
    numpy.testing.assert_allclose(seen[0], 1.0)
    numpy.testing.assert_allclose(link.w.array, 0.0)


def test_dynamic_loss_scaling_skips_overflow_and_adapts():
    link = make_link()
    opt = optimizers.SGD(lr=1.0).setup(link)
    opt.loss_scaling(interval=2)
    assert opt._loss_scale == 2.0 ** 16
    link.w.grad = numpy.array([numpy.inf, 0, 0], numpy.float32)
    assert opt.check_nan_in_grads()
    opt.update()
    numpy.testing.assert_allclose(link.w.array, 1.0)   # skipped
    assert opt.t == 0 and opt._loss_scale == 2.0 ** 15
    opt.update(lambda: F.sum(link.w))
    opt.update(lambda: F.sum(link.w))
    numpy.testing.assert_allclose(link.w.array, -1.0)
    assert opt.t == 2 and opt._loss_scale == 2.0 ** 16  # doubled after 2 safe steps
    assert opt.is_safe_to_update()
    with pytest.raises(ValueError):
        opt.loss_scaling(scale=-1)
    opt.loss_scaling(scale=16)
    assert opt._loss_scale == 16 and not opt._loss_scaling_is_dynamic


def test_use_fp32_update_for_float16():
    link = make_link(1.0, dtype=numpy.float16)
    opt = optimizers.SGD(lr=1e-4).setup(link)
    opt.use_fp32_update()
    for _ in range(10):
        link.w.grad = numpy.ones(3, numpy.float16)
        opt.update()
    # in float16, 1 - 1e-4 rounds back to 1; the float32 master copy accumulates
    fp32 = link.w.update_rule._fp32_param.array
    assert fp32.dtype == numpy.float32
    numpy.testing.assert_allclose(fp32, 1 - 1e-3, rtol=1e-5)
    assert link.w.dtype == numpy.float16
    numpy.testing.assert_allclose(link.w.array, numpy.float16(1 - 1e-3), rtol=1e-3)

    plain = make_link(1.0, dtype=numpy.float16)
    opt2 = optimizers.SGD(lr=1e-4).setup(plain)
    for _ in range(10):
        plain.w.grad = numpy.ones(3, numpy.float16)
        opt2.update()
    numpy.testing.assert_array_equal(plain.w.array, 1.0)


def test_new_epoch():
    opt = optimizers.SGD().setup(make_link())
    opt.new_epoch()
    assert opt.epoch == 1
    with pytest.raises(RuntimeError, match='use_auto_new_epoch'):
        opt.new_epoch(auto=True)
    opt.use_auto_new_epoch = True
    opt.new_epoch(auto=True)
    assert opt.epoch == 2
    with pytest.raises(RuntimeError):
        opt.new_epoch()


def test_reallocate_cleared_grads():
    link = make_link()
    opt = optimizers.SGD().setup(link)
    link.w.cleargrad()
    opt.reallocate_cleared_grads()
    numpy.testing.assert_array_equal(link.w.grad, 0)


def test_uninitialized_parameter_gets_state_after_initialization():
    lin = L.Linear(None, 2)
    opt = optimizers.MomentumSGD().setup(lin)
    assert lin.W.update_rule is not None
    opt.update(lambda: F.sum(lin(numpy.ones((1, 3), numpy.float32))))
    assert lin.W.update_rule.state['v'].shape == (2, 3)


def test_serialize_keys():
    link = L.Linear(2, 2)
    opt = optimizers.Adam().setup(link)
    opt.update(lambda: F.sum(link(numpy.ones((1, 2), numpy.float32))))
    s = chainer.serializers.DictionarySerializer()
    opt.serialize(s)
    assert sorted(s.target) == ['W/m', 'W/t', 'W/v', 'b/m', 'b/t', 'b/v', 'epoch', 't']
    assert int(s.target['t']) == 1


def test_deprecated_hook_aliases():
    with pytest.warns(DeprecationWarning):
        hook = optimizer.WeightDecay(0.1)
    assert isinstance(hook, chainer.optimizer_hooks.WeightDecay)
    assert 'optimizer_hooks' in optimizer.make_deprecation_message('WeightDecay')


def test_base_classes_raise_not_implemented():
    with pytest.raises(NotImplementedError):
        optimizer.GradientMethod().create_update_rule()
    with pytest.raises(NotImplementedError):
        optimizer.UpdateRule().update_core_cpu(None)
    with pytest.raises(NotImplementedError):
        optimizer.Optimizer().update()
