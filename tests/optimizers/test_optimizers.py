"""Each optimizer's update against a reference written out in NumPy (float64)."""
import math

import numpy
import pytest

import chainer
from chainer import optimizers


def run(opt, dtype, n_steps=3, shape=(3, 4), seed=0):
    """Apply ``n_steps`` updates with fixed random gradients; return param, rule."""
    rng = numpy.random.RandomState(seed)
    w0 = rng.uniform(-1, 1, shape)
    grads = [rng.uniform(-1, 1, shape) for _ in range(n_steps)]
    link = chainer.Link()
    with link.init_scope():
        link.w = chainer.Parameter(w0.astype(dtype))
    opt.setup(link)
    for g in grads:
        link.w.grad = g.astype(dtype)
        opt.update()
    return w0, grads, link.w, link.w.update_rule


def tol(dtype):
    return {numpy.float16: 5e-3, numpy.float32: 1e-5, numpy.float64: 1e-10}[dtype]


DTYPES = [numpy.float16, numpy.float32, numpy.float64]


def check(w_ref, param, dtype, scale=1.0):
    t = tol(dtype)
    numpy.testing.assert_allclose(param.array.astype('f8'), w_ref,
                                  rtol=t * 10, atol=t * scale)
    assert param.array.dtype == dtype


@pytest.mark.parametrize('dtype', DTYPES)
def test_sgd(dtype):
    w0, grads, p, rule = run(optimizers.SGD(lr=0.1), dtype)
    w = w0.copy()
    for g in grads:
        w = w - 0.1 * g
    check(w, p, dtype)
    assert rule.state == {}


@pytest.mark.parametrize('dtype', DTYPES)
def test_momentum_sgd(dtype):
    w0, grads, p, rule = run(optimizers.MomentumSGD(lr=0.1, momentum=0.8), dtype)
    w, v = w0.copy(), numpy.zeros_like(w0)
    for g in grads:
        v = 0.8 * v - 0.1 * g
        w = w + v
    check(w, p, dtype)
    numpy.testing.assert_allclose(rule.state['v'], v, atol=tol(dtype) * 10)


@pytest.mark.parametrize('dtype', DTYPES)
def test_corrected_momentum_sgd(dtype):
    opt = optimizers.CorrectedMomentumSGD(lr=0.1, momentum=0.8)
    w0, grads, p, rule = run(opt, dtype)
    w, v = w0.copy(), numpy.zeros_like(w0)
    for g in grads:
        v = 0.8 * v - g
        w = w + 0.1 * v
    check(w, p, dtype)
    numpy.testing.assert_allclose(rule.state['v'], v, atol=tol(dtype) * 10)


@pytest.mark.parametrize('dtype', DTYPES)
def test_nesterov_ag(dtype):
    w0, grads, p, rule = run(optimizers.NesterovAG(lr=0.1, momentum=0.8), dtype)
    w, v = w0.copy(), numpy.zeros_like(w0)
    for g in grads:
        v = 0.8 * v - 0.1 * g
        w = w + 0.8 * 0.8 * v - 1.8 * 0.1 * g
    check(w, p, dtype)


@pytest.mark.parametrize('dtype', DTYPES)
def test_ada_grad(dtype):
    w0, grads, p, rule = run(optimizers.AdaGrad(lr=0.1, eps=1e-4), dtype)
    w, h = w0.copy(), numpy.zeros_like(w0)
    for g in grads:
        h = h + g * g
        w = w - 0.1 * g / (numpy.sqrt(h) + 1e-4)
    check(w, p, dtype)
    numpy.testing.assert_allclose(rule.state['h'], h, rtol=tol(dtype) * 10)


@pytest.mark.parametrize('dtype', DTYPES)
def test_ada_delta(dtype):
    w0, grads, p, rule = run(optimizers.AdaDelta(rho=0.9, eps=1e-3), dtype)
    w, msg, msdx = w0.copy(), numpy.zeros_like(w0), numpy.zeros_like(w0)
    for g in grads:
        msg = 0.9 * msg + 0.1 * g * g
        dx = numpy.sqrt((msdx + 1e-3) / (msg + 1e-3)) * g
        msdx = 0.9 * msdx + 0.1 * dx * dx
        w = w - dx
    check(w, p, dtype)
    assert set(rule.state) == {'msg', 'msdx'}


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('inside', [False, True])
def test_rmsprop(dtype, inside):
    opt = optimizers.RMSprop(lr=0.01, alpha=0.9, eps=1e-3, eps_inside_sqrt=inside)
    w0, grads, p, rule = run(opt, dtype)
    w, ms = w0.copy(), numpy.zeros_like(w0)
    for g in grads:
        ms = 0.9 * ms + 0.1 * g * g
        den = numpy.sqrt(ms + 1e-3) if inside else numpy.sqrt(ms) + 1e-3
        w = w - 0.01 * g / den
    check(w, p, dtype)


@pytest.mark.parametrize('dtype', DTYPES)
def test_rmsprop_graves(dtype):
    opt = optimizers.RMSpropGraves(lr=0.01, alpha=0.9, momentum=0.5, eps=1e-2)
    w0, grads, p, rule = run(opt, dtype)
    w = w0.copy()
    n, gm, delta = (numpy.zeros_like(w0) for _ in range(3))
    for g in grads:
        n = 0.9 * n + 0.1 * g * g
        gm = 0.9 * gm + 0.1 * g
        delta = 0.5 * delta - 0.01 * g / numpy.sqrt(n - gm * gm + 1e-2)
        w = w + delta
    check(w, p, dtype)
    assert set(rule.state) == {'n', 'g', 'delta'}


@pytest.mark.parametrize('dtype', DTYPES)
def test_smorms3(dtype):
    w0, grads, p, rule = run(optimizers.SMORMS3(lr=0.01, eps=1e-6), dtype)
    w = w0.copy()
    mem, gm, g2 = numpy.ones_like(w0), numpy.zeros_like(w0), numpy.zeros_like(w0)
    for g in grads:
        r = 1 / (mem + 1)
        gm = (1 - r) * gm + r * g
        g2 = (1 - r) * g2 + r * g * g
        x = gm * gm / (g2 + 1e-6)
        w = w - g * numpy.minimum(x, 0.01) / (numpy.sqrt(g2) + 1e-6)
        mem = 1 + mem * (1 - x)
    check(w, p, dtype)
    numpy.testing.assert_allclose(rule.state['mem'], mem, rtol=tol(dtype) * 20,
                                  atol=tol(dtype) * 10)


def adam_reference(w0, grads, alpha=0.01, beta1=0.9, beta2=0.99, eps=1e-4, eta=1.0,
                   wd=0.0, amsgrad=False, adabound=False, final_lr=0.1, gamma=1e-3):
    w = w0.copy()
    m, v, vhat = (numpy.zeros_like(w0) for _ in range(3))
    for t, g in enumerate(grads, 1):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        vhat = numpy.maximum(vhat, v) if amsgrad else v
        alpha_t = alpha * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
        step = alpha_t / (numpy.sqrt(vhat) + eps)
        if adabound:
            lower = final_lr * (1 - 1 / (gamma * t + 1))
            upper = final_lr * (1 + 1 / (gamma * t))
            step = numpy.clip(step, lower, upper)
        w = w - eta * (step * m + wd * w)
    return w, m, v, vhat


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('kwargs', [
    {}, {'eta': 0.5, 'weight_decay_rate': 0.1}, {'amsgrad': True},
    {'adabound': True, 'final_lr': 0.05, 'gamma': 0.1},
    {'amsgrad': True, 'adabound': True, 'final_lr': 0.05, 'gamma': 0.1}])
def test_adam(dtype, kwargs):
    opt = optimizers.Adam(alpha=0.01, beta1=0.9, beta2=0.99, eps=1e-4, **kwargs)
    w0, grads, p, rule = run(opt, dtype)
    ref_kwargs = dict(kwargs)
    if 'weight_decay_rate' in ref_kwargs:
        ref_kwargs['wd'] = ref_kwargs.pop('weight_decay_rate')
    w, m, v, vhat = adam_reference(w0, grads, **ref_kwargs)
    check(w, p, dtype)
    numpy.testing.assert_allclose(rule.state['m'], m, atol=tol(dtype) * 10)
    numpy.testing.assert_allclose(rule.state['v'], v, atol=tol(dtype) * 10)
    if kwargs.get('amsgrad'):
        numpy.testing.assert_allclose(rule.state['vhat'], vhat, atol=tol(dtype) * 10)
    else:
        assert 'vhat' not in rule.state
    assert opt.alpha_t == pytest.approx(0.01 * math.sqrt(1 - 0.99 ** 3) / (1 - 0.9 ** 3))
    assert rule.alpha_t == pytest.approx(opt.alpha_t)


def test_adam_variants_set_flags():
    assert optimizers.AMSGrad().amsgrad and not optimizers.AMSGrad().adabound
    assert optimizers.AdaBound().adabound and not optimizers.AdaBound().amsgrad
    b = optimizers.AMSBound(final_lr=0.3, gamma=0.2)
    assert b.amsgrad and b.adabound and b.final_lr == 0.3 and b.gamma == 0.2
    w = optimizers.AdamW(weight_decay_rate=0.01)
    assert w.weight_decay_rate == 0.01 and not w.amsgrad


@pytest.mark.parametrize('cls,kwargs', [
    (optimizers.AdamW, {'alpha': 0.01, 'beta1': 0.9, 'beta2': 0.99, 'eps': 1e-4,
                        'weight_decay_rate': 0.1, 'eta': 0.5}),
    (optimizers.AMSGrad, {'alpha': 0.01, 'beta1': 0.9, 'beta2': 0.99, 'eps': 1e-4}),
    (optimizers.AdaBound, {'alpha': 0.01, 'beta1': 0.9, 'beta2': 0.99, 'eps': 1e-4,
                           'final_lr': 0.05, 'gamma': 0.1}),
    (optimizers.AMSBound, {'alpha': 0.01, 'beta1': 0.9, 'beta2': 0.99, 'eps': 1e-4,
                           'final_lr': 0.05, 'gamma': 0.1}),
])
def test_adam_variant_updates(cls, kwargs):
    w0, grads, p, _ = run(cls(**kwargs), numpy.float64)
    ref = dict(kwargs)
    if 'weight_decay_rate' in ref:
        ref['wd'] = ref.pop('weight_decay_rate')
    ref['amsgrad'] = cls in (optimizers.AMSGrad, optimizers.AMSBound)
    ref['adabound'] = cls in (optimizers.AdaBound, optimizers.AMSBound)
    w, _, _, _ = adam_reference(w0, grads, **ref)
    numpy.testing.assert_allclose(p.array, w, rtol=1e-10, atol=1e-12)


def test_adam_alpha_t_before_first_update_and_lr_alias():
    opt = optimizers.Adam()
    with pytest.raises(RuntimeError, match='first'):
        opt.alpha_t
    opt.t = 2
    with pytest.warns(DeprecationWarning):
        assert opt.lr == opt.alpha_t


def test_adam_eps_too_small_for_float16():
    opt = optimizers.Adam(eps=1e-10)
    with pytest.raises(ValueError, match='eps'):
        run(opt, numpy.float16, n_steps=1)


@pytest.mark.parametrize('dtype', DTYPES)
def test_msvag(dtype):
    opt = optimizers.MSVAG(lr=0.1, beta=0.8, eta=0.9, weight_decay_rate=0.05)
    w0, grads, p, rule = run(opt, dtype, n_steps=4)
    w = w0.copy()
    m, v = numpy.zeros_like(w0), numpy.zeros_like(w0)
    beta = 0.8
    for t, g in enumerate(grads, 1):
        m = beta * m + (1 - beta) * g
        v = beta * v + (1 - beta) * g * g
        mt = m / (1 - beta ** t)
        vt = v / (1 - beta ** t)
        rho = (1 - beta) * (1 + beta ** t) / ((1 + beta) * (1 - beta ** t))
        s = (vt - mt * mt) / (1 - rho) if t > 1 else numpy.zeros_like(w0)
        factor = mt * mt / (mt * mt + rho * s)
        w = w - 0.9 * (0.1 * factor * mt + 0.05 * w)
    check(w, p, dtype, scale=5)


def test_large_parameter_uses_chunked_update():
    # Parameters above the threading threshold go through the chunked path; the
    # result must equal the plain formula.
    shape = (600, 600)
    w0, grads, p, rule = run(optimizers.Adam(alpha=0.01, beta1=0.9, beta2=0.99,
                                             eps=1e-4), numpy.float64, n_steps=2,
                             shape=shape)
    w, m, v, _ = adam_reference(w0, grads)
    numpy.testing.assert_allclose(p.array, w, rtol=1e-12, atol=1e-14)
    numpy.testing.assert_allclose(rule.state['v'], v, rtol=1e-12)


@pytest.mark.parametrize('cls', [
    optimizers.SGD, optimizers.MomentumSGD, optimizers.CorrectedMomentumSGD,
    optimizers.NesterovAG, optimizers.AdaGrad, optimizers.AdaDelta, optimizers.Adam,
    optimizers.AdamW, optimizers.AMSGrad, optimizers.AdaBound, optimizers.AMSBound,
    optimizers.RMSprop, optimizers.RMSpropGraves, optimizers.SMORMS3, optimizers.MSVAG])
def test_hyperparameter_proxies_and_no_grad(cls):
    opt = cls()
    for name, value in opt.hyperparam.get_dict().items():
        assert getattr(opt, name) == value
    link = chainer.Link()
    with link.init_scope():
        link.w = chainer.Parameter(numpy.ones(3, numpy.float32))
    opt.setup(link)
    link.w.cleargrad()
    opt.update()   # reallocates a zero gradient: a zero-gradient step
    assert numpy.isfinite(link.w.array).all()
    assert link.w.update_rule.t == 1


def test_chunked_update_works_in_a_forked_child():
    import multiprocessing
    if 'fork' not in multiprocessing.get_all_start_methods():
        return
    run(optimizers.Adam(), numpy.float32, n_steps=1, shape=(600, 600))  # pool started
    ctx = multiprocessing.get_context('fork')
    queue = ctx.Queue()

    def child():
        _, _, p, _ = run(optimizers.Adam(), numpy.float32, n_steps=1, shape=(600, 600))
        queue.put(bool(numpy.isfinite(p.array).all()))

    proc = ctx.Process(target=child)
    proc.start()
    proc.join(60)
    assert proc.exitcode == 0 and queue.get(timeout=5)


_ALL_OPTIMIZERS = ['AdaDelta', 'AdaGrad', 'Adam', 'AdamW', 'AMSGrad', 'AdaBound',
                   'AMSBound', 'CorrectedMomentumSGD', 'MomentumSGD', 'MSVAG',
                   'NesterovAG', 'RMSprop', 'RMSpropGraves', 'SGD', 'SMORMS3']


@pytest.mark.parametrize('name', _ALL_OPTIMIZERS)
def test_zero_dimensional_parameter_updates_like_a_one_element_one(name):
    # Every optimizer: a 0-d parameter follows the same path as a (1,) one.
    results = []
    for shape in ((), (1,)):
        link = chainer.Link()
        with link.init_scope():
            link.p = chainer.Parameter(numpy.full(shape, 0.5, numpy.float32))
        opt = getattr(chainer.optimizers, name)()
        opt.setup(link)
        for g in (0.3, -0.2, 0.1):
            link.p.grad = numpy.full(shape, g, numpy.float32)
            opt.update()
        assert link.p.array.shape == shape
        assert isinstance(link.p.array, numpy.ndarray)
        results.append(float(link.p.array.reshape(())))
    assert results[0] == results[1] != 0.5
