import gc
import weakref

import numpy
import pytest

import chainer
from chainer import gradient_check
import chainer.functions as F


def _f(a, b):
    return (a + b) * a * b


def _f_two(a, b):
    return a * b, a + b * b


@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_forward_matches_direct_call(dtype):
    a = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    b = numpy.random.uniform(-1, 1, (3, 2)).astype(dtype)
    y = F.forget(_f, chainer.Variable(a), chainer.Variable(b))
    assert isinstance(y, chainer.Variable)
    assert y.dtype == dtype
    numpy.testing.assert_array_equal(y.array, (a + b) * a * b)


def test_tuple_output():
    a = chainer.Variable(numpy.array([1., 2.]))
    b = chainer.Variable(numpy.array([3., 4.]))
    y1, y2 = F.forget(_f_two, a, b)
    numpy.testing.assert_array_equal(y1.array, [3., 8.])
    numpy.testing.assert_array_equal(y2.array, [10., 18.])
    F.sum(y1 + y2).backward()
    numpy.testing.assert_array_equal(a.grad, [4., 5.])      # b + 1
    numpy.testing.assert_array_equal(b.grad, [7., 10.])     # a + 2b


def test_gradient_values():
    a = chainer.Variable(numpy.array([1., 2.], numpy.float32))
    b = chainer.Variable(numpy.array([3., 4.], numpy.float32))
    F.sum(F.forget(_f, a, b)).backward()
    av, bv = a.array, b.array
    numpy.testing.assert_allclose(a.grad, 2 * av * bv + bv * bv)
    numpy.testing.assert_allclose(b.grad, av * av + 2 * av * bv)


def test_backward_numerically():
    a = numpy.random.uniform(-1, 1, (2, 3))
    b = numpy.random.uniform(-1, 1, (2, 3))
    gradient_check.check_backward(lambda x, y: F.forget(_f, x, y), (a, b),
                                  numpy.random.uniform(-1, 1, (2, 3)))


def test_double_backward_numerically():
    def f(x, y):
        with chainer.force_backprop_mode():
            return F.forget(_f, x, y)
    a, b, gy, gga, ggb = (numpy.random.uniform(-1, 1, (2, 3)) for _ in range(5))
    gradient_check.check_double_backward(f, (a, b), gy, (gga, ggb))


def test_intermediates_are_not_kept():
    # The intermediate a + b is freed right after the forward pass.
    refs = []

    def f(a, b):
        s = a + b
        refs.append(weakref.ref(s.array))
        return s * a

    a = chainer.Variable(numpy.random.rand(100))
    b = chainer.Variable(numpy.random.rand(100))
    y = F.forget(f, a, b)
    gc.collect()
    assert refs[0]() is None
    # And the direct call keeps it (the multiplication retains its inputs).
    refs.clear()
    y2 = f(a, b)
    gc.collect()
    assert refs[0]() is not None
    del y, y2


def test_function_called_again_on_backward():
    calls = []

    def f(a):
        calls.append(chainer.config.enable_backprop)
        return a * a

    x = chainer.Variable(numpy.array([3.0]))
    y = F.forget(f, x)
    assert calls == [False]
    y.backward()
    assert calls == [False, True]
    numpy.testing.assert_array_equal(x.grad, [6.0])


def test_array_inputs_are_constants():
    x = chainer.Variable(numpy.array([2.0]))
    y = F.forget(_f, x, numpy.array([5.0]))
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [2 * 2 * 5 + 25])


def test_unused_output_gradient():
    a = chainer.Variable(numpy.array([1., 2.]))
    b = chainer.Variable(numpy.array([3., 4.]))
    y1, y2 = F.forget(_f_two, a, b)
    F.sum(y1).backward()
    numpy.testing.assert_array_equal(a.grad, [3., 4.])


def test_not_callable():
    with pytest.raises(TypeError, match='func must be callable'):
        F.forget(1, numpy.zeros(2))


def test_returns_non_variable():
    with pytest.raises(RuntimeError, match='returned a ndarray'):
        F.forget(lambda x: x.array, chainer.Variable(numpy.zeros(2)))


def test_returns_tuple_with_non_variable():
    with pytest.raises(RuntimeError, match='the 2nd element'):
        F.forget(lambda x: (x * 2, 3), chainer.Variable(numpy.zeros(2)))


def _linear_tanh_reference(x, W, b, gy):
    # y = tanh(x W^T + b); loss = sum(gy * y). Gradients by hand.
    y = numpy.tanh(x @ W.T + b)
    gz = gy * (1 - y ** 2)
    return gz.T @ x, gz.sum(axis=0), gz @ W


def test_link_parameters_used_inside_get_gradients():
    # The usual use: F.forget(link_or_block, h). The link's parameters are not
    # arguments of func, yet backward() must give them their gradients.
    rng = numpy.random.RandomState(0)
    link = chainer.links.Linear(3, 2)
    x = rng.randn(4, 3).astype(numpy.float64)
    link.W.array = rng.randn(2, 3)
    link.b.array = rng.randn(2)
    gy = rng.randn(4, 2)
    xv = chainer.Variable(x)
    y = F.forget(lambda a: F.tanh(link(a)), xv)
    link.cleargrads()
    F.sum(y * gy).backward()
    gW, gb, gx = _linear_tanh_reference(x, link.W.array, link.b.array, gy)
    numpy.testing.assert_allclose(link.W.grad, gW, rtol=1e-10)
    numpy.testing.assert_allclose(link.b.grad, gb, rtol=1e-10)
    numpy.testing.assert_allclose(xv.grad, gx, rtol=1e-10)

    # Gradients accumulate onto what is already there, as backward() does.
    F.sum(F.forget(lambda a: F.tanh(link(a)), xv) * gy).backward()
    numpy.testing.assert_allclose(link.W.grad, 2 * gW, rtol=1e-10)

    # With enable_double_backprop the same first-order gradients come out.
    link.cleargrads()
    F.sum(F.forget(lambda a: F.tanh(link(a)), chainer.Variable(x)) * gy).backward(
        enable_double_backprop=True)
    numpy.testing.assert_allclose(link.W.grad, gW, rtol=1e-10)


def test_grad_does_not_touch_parameters_inside():
    # chainer.grad gives gradients to the requested inputs only.
    link = chainer.links.Linear(3, 2)
    xv = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    link.cleargrads()
    gx, = chainer.grad([F.sum(F.forget(lambda a: F.tanh(link(a)), xv))], [xv])
    assert gx is not None
    assert link.W.grad is None and link.b.grad is None


def test_link_used_before_and_inside_is_not_double_counted():
    rng = numpy.random.RandomState(1)
    link = chainer.links.Linear(3, 3)
    link.W.array = rng.randn(3, 3).astype(numpy.float32)
    v = rng.randn(2, 3).astype(numpy.float32)
    link.cleargrads()
    F.sum(F.forget(lambda a: F.tanh(link(a)), F.tanh(link(v)))).backward()
    with_forget = link.W.grad.copy()
    # Reference: the same composition, h1 = tanh(v W^T + b), y = tanh(h1 W^T + b).
    W, b = link.W.array.astype(numpy.float64), link.b.array.astype(numpy.float64)
    h1 = numpy.tanh(v @ W.T + b)
    g2 = 1 - numpy.tanh(h1 @ W.T + b) ** 2          # dL/dz2, L = sum(y)
    g1 = (g2 @ W) * (1 - h1 ** 2)                    # dL/dz1
    numpy.testing.assert_allclose(with_forget, g2.T @ h1 + g1.T @ v, rtol=1e-5)


def test_loss_scale_reaches_parameters_inside():
    # With loss scaling the optimizer divides each gradient by the scale recorded
    # on the parameter: parameters used only inside func must get it too.
    def step(loss_scale):
        link = chainer.links.Linear(2, 2, initialW=numpy.eye(2, dtype=numpy.float32))
        opt = chainer.optimizers.SGD(lr=0.1).setup(link)
        x = chainer.Variable(numpy.array([[1., 2.]], numpy.float32))
        link.cleargrads()
        F.sum(F.forget(lambda a: link(a) * 3, x)).backward(loss_scale=loss_scale)
        opt.update()
        return link.W.array.copy()

    numpy.testing.assert_allclose(step(8.0), step(None), rtol=1e-6)
    # d sum(3 (x W^T + b)) / dW = 3 x for each output row.
    numpy.testing.assert_allclose(step(None), numpy.eye(2) - 0.1 * 3 * numpy.array(
        [[1., 2.], [1., 2.]]), rtol=1e-6)


def test_recomputation_runs_with_in_recomputing():
    seen = []

    def f(x):
        seen.append(chainer.config.in_recomputing)
        return x * 2

    x = chainer.Variable(numpy.ones(3, numpy.float32))
    F.sum(F.forget(f, x)).backward()
    assert seen == [False, True]
    assert chainer.config.in_recomputing is False


def _normalization_link(name):
    import chainer.links as L
    if name == 'bn':
        return L.BatchNormalization(3)
    if name == 'brn':
        return L.BatchRenormalization(3, rmax=2.0, dmax=1.0)
    return L.DecorrelatedBatchNormalization(3, groups=3)


@pytest.mark.parametrize('name', ['bn', 'brn', 'dbn'])
@pytest.mark.parametrize('finetune', [False, True])
def test_normalization_links_update_their_statistics_once(name, finetune):
    # Under forget a normalization link is called twice (forward, then again on
    # backward); its running averages and fine-tuning count change once, and
    # the gradient is that of a single call.
    rng = numpy.random.RandomState(0)
    x = rng.uniform(-1, 1, (4, 3)).astype(numpy.float32)
    gy = rng.uniform(-1, 1, (4, 3)).astype(numpy.float32)
    results = []
    for use_forget in (False, True):
        link = _normalization_link(name)
        if name == 'brn':
            # running averages far from the batch's, so that r and d matter
            link.avg_mean[...] = 0.5
            link.avg_var[...] = 2.0

        def call(v, link=link):
            return link(v, finetune=finetune)

        xv = chainer.Variable(x)
        y = F.forget(call, xv) if use_forget else call(xv)
        y.grad = gy
        y.backward()
        results.append((link, y.array, xv.grad))
    (plain, y1, g1), (forgot, y2, g2) = results
    numpy.testing.assert_allclose(y2, y1, rtol=1e-6)
    numpy.testing.assert_allclose(g2, g1, rtol=1e-5, atol=1e-6)
    numpy.testing.assert_allclose(forgot.avg_mean, plain.avg_mean, rtol=1e-6)
    if name == 'dbn':
        numpy.testing.assert_allclose(forgot.avg_projection, plain.avg_projection,
                                      rtol=1e-5)
    else:
        numpy.testing.assert_allclose(forgot.avg_var, plain.avg_var, rtol=1e-6)
    assert forgot.N == plain.N == (1 if finetune else 0)
