import io

import numpy
import pytest

import chainer
import chainer.links as L
from chainer import link_hooks
from chainer import serializers


def top_singular_value(W):
    return numpy.linalg.svd(W.reshape(W.shape[0], -1).astype(numpy.float64),
                            compute_uv=False)[0]


def test_spectral_normalization_converges_to_normalized_weight():
    numpy.random.seed(0)
    lin = L.Linear(6, 4)
    hook = link_hooks.SpectralNormalization(n_power_iteration=3)
    lin.add_hook(hook)
    assert hook.vector_name == 'W_u' and lin.W_u.shape == (4,)
    assert 'W_u' in lin._persistent
    x = numpy.random.randn(3, 6).astype(numpy.float32)
    for _ in range(10):
        y = lin(x)
    W = lin.W.array
    expected = x @ (W / top_singular_value(W)).T + lin.b.array
    numpy.testing.assert_allclose(y.array, expected, rtol=1e-4, atol=1e-5)
    assert isinstance(lin.W, chainer.Parameter)   # restored after the call


def test_spectral_normalization_gradient_reaches_the_weight():
    lin = L.Linear(3, 2)
    lin.add_hook(link_hooks.SpectralNormalization())
    x = numpy.random.randn(4, 3).astype(numpy.float32)
    y = lin(x)
    lin.cleargrads()
    chainer.functions.sum(y).backward()
    assert lin.W.grad is not None and numpy.isfinite(lin.W.grad).all()
    assert numpy.abs(lin.W.grad).sum() > 0


def test_spectral_normalization_factor_gamma_and_eval_mode():
    numpy.random.seed(1)
    lin = L.Linear(5, 5)
    hook = link_hooks.SpectralNormalization(n_power_iteration=20, use_gamma=True,
                                            factor=2.0)
    lin.add_hook(hook)
    sigma0 = top_singular_value(lin.W.array)
    numpy.testing.assert_allclose(lin.gamma.array.ravel(), [sigma0], rtol=1e-5)
    x = numpy.eye(5, dtype=numpy.float32)
    lin(x)
    u_after_train = lin.W_u.copy()
    with chainer.using_config('train', False):
        y = lin(x)
    numpy.testing.assert_array_equal(lin.W_u, u_after_train)  # not updated in eval
    # gamma * W / (sigma / 2) with gamma = sigma: 2 W
    numpy.testing.assert_allclose(y.array - lin.b.array, 2 * lin.W.array.T,
                                  rtol=1e-3, atol=1e-4)


def test_spectral_normalization_lazy_weight_and_serialization():
    lin = L.Linear(None, 3)
    hook = link_hooks.SpectralNormalization()
    lin.add_hook(hook)
    assert not hasattr(lin, 'W_u')
    lin(numpy.ones((2, 7), numpy.float32))
    assert lin.W.shape == (3, 7) and lin.W_u.shape == (3,)
    s = serializers.DictionarySerializer()
    lin.serialize(s)
    assert 'W_u' in s.target
    lin.delete_hook(hook.name)
    assert not hasattr(lin, 'W_u')


def test_spectral_normalization_errors():
    with pytest.raises(ValueError, match='weight'):
        L.Linear(2, 2).add_hook(link_hooks.SpectralNormalization(weight_name='V'))
    with pytest.raises(ValueError, match='n_power_iteration'):
        link_hooks.SpectralNormalization(n_power_iteration=0)
    assert link_hooks.SpectralNormalization(name='sn').name == 'sn'


def test_weight_standardization():
    lin = L.Linear(6, 3)
    hook = link_hooks.WeightStandardization(eps=1e-5)
    lin.add_hook(hook)
    x = numpy.random.randn(2, 6).astype(numpy.float32)
    y = lin(x)
    W = lin.W.array.astype(numpy.float64)
    mean = W.mean(axis=1, keepdims=True)
    var = W.var(axis=1, keepdims=True)
    Ws = (W - mean) / numpy.sqrt(var + 1e-5)
    numpy.testing.assert_allclose(y.array, x @ Ws.T + lin.b.array, rtol=1e-4,
                                  atol=1e-5)
    lin.cleargrads()
    chainer.functions.sum(y).backward()
    assert lin.W.grad.shape == (3, 6)
    # the gradient of a standardized row is orthogonal to the constant direction
    numpy.testing.assert_allclose(lin.W.grad.sum(axis=1), 0, atol=1e-4)
    assert isinstance(lin.W, chainer.Parameter)
    with pytest.raises(ValueError, match='weight'):
        L.Linear(2, 2).add_hook(link_hooks.WeightStandardization(weight_name='V'))


def test_timer_hook_records_own_time_per_link():
    class Outer(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.inner = L.Linear(3, 3)

        def forward(self, x):
            return self.inner(self.inner(x))

    model = Outer()
    hook = link_hooks.TimerHook()
    with hook:
        model(numpy.ones((1, 3), numpy.float32))
    names = [name for name, _ in hook.call_history]
    assert names == ['Linear', 'Linear', 'Outer']
    assert all(t >= 0 for _, t in hook.call_history)
    # A chain's time includes its children's (Chainer's report shows a model
    # taking at least as long as its layers); the total counts it once.
    (_, t1), (_, t2), (_, t_outer) = hook.call_history
    assert t_outer >= t1 + t2
    summary = hook.summary()
    assert summary['Linear']['occurrence'] == 2 and summary['Outer']['occurrence'] == 1
    assert hook.total_time() == pytest.approx(t_outer)
    assert link_hooks.TimerHook.table == {'sec': 1, 'ms': 1000, 'us': 10 ** 6,
                                          'ns': 10 ** 9}
    out = io.StringIO()
    hook.print_report(unit='ms', file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ['LinkName', 'ElapsedTime', 'Occurrence']
    assert lines[1].split()[0] == 'Linear' and lines[1].split()[1].endswith('ms')
    # Right-aligned columns: the short 'Linear' is padded on the left to the
    # width of the 'LinkName' header.
    assert lines[1].startswith('  Linear  ') and lines[2].startswith('   Outer  ')
    assert len(set(len(line) for line in lines)) == 1
    with pytest.raises(ValueError, match='unit'):
        hook.print_report(unit='hours', file=out)


def test_timer_hook_report_units_auto_and_auto_foreach():
    hook = link_hooks.TimerHook()
    # Fill the history by hand so the units are known: 2 s for one class,
    # 3 ms for the other.
    hook.call_history = [('Big', 2.0), ('Small', 0.003)]
    hook._total_time = 2.003
    out = io.StringIO()
    hook.print_report(unit='auto', file=out)
    rows = [line.split() for line in out.getvalue().splitlines()[1:]]
    # 'auto': one unit for the whole table, chosen from the total time
    assert rows == [['Big', '2.00sec', '1'], ['Small', '0.00sec', '1']]
    out = io.StringIO()
    hook.print_report(unit='auto_foreach', file=out)
    rows = [line.split() for line in out.getvalue().splitlines()[1:]]
    assert rows == [['Big', '2.00sec', '1'], ['Small', '3.00ms', '1']]
    with pytest.raises(ValueError, match="auto_foreach.*got 'hours'"):
        hook.print_report(unit='hours', file=out)


@pytest.mark.parametrize('hook_class', [link_hooks.SpectralNormalization,
                                        link_hooks.WeightStandardization])
def test_weight_hooks_refuse_to_be_global_and_leave_no_trace(hook_class):
    hook = hook_class()
    with pytest.raises(NotImplementedError, match='add_hook'):
        with hook:
            pass
    # the refused hook is not left registered: links called later are plain
    lin = L.Linear(3, 2)
    y = lin(numpy.ones((1, 3), numpy.float32))
    numpy.testing.assert_allclose(
        y.array, numpy.ones((1, 3)) @ lin.W.array.T + lin.b.array, rtol=1e-6)
    assert not hasattr(lin, 'W_u')
    from chainer import link_hook
    assert hook.name not in link_hook._get_link_hooks()


def test_add_hook_refused_by_the_hook_is_not_registered():
    lin = L.Linear(2, 2)
    with pytest.raises(ValueError, match='weight'):
        lin.add_hook(link_hooks.SpectralNormalization(weight_name='V'))
    assert 'SpectralNormalization' not in lin.local_link_hooks
    lin.add_hook(link_hooks.SpectralNormalization())   # the name is free again
    assert 'SpectralNormalization' in lin.local_link_hooks


def test_spectral_normalization_keeps_v_and_updates_only_in_training():
    numpy.random.seed(2)
    lin = L.Linear(4, 3)
    hook = link_hooks.SpectralNormalization()
    lin.add_hook(hook)
    assert hook.v is None
    x = numpy.random.randn(2, 4).astype(numpy.float32)
    u0 = lin.W_u.copy()
    lin(x)
    W = lin.W.array.astype(numpy.float64)
    # one power iteration from u0: v = W^T u0 / |.|, u = W v / |.|
    v_expected = W.T @ u0 / numpy.linalg.norm(W.T @ u0)
    u_expected = W @ v_expected / numpy.linalg.norm(W @ v_expected)
    numpy.testing.assert_allclose(hook.v, v_expected, rtol=1e-5)
    numpy.testing.assert_allclose(lin.W_u, u_expected, rtol=1e-5)
    assert hook.v.shape == (4,) and hook.v.dtype == numpy.float32
    # test mode: u is not written back, the output is reproducible
    u1 = lin.W_u.copy()
    with chainer.using_config('train', False):
        y1 = lin(x).array
        y2 = lin(x).array
    numpy.testing.assert_array_equal(lin.W_u, u1)
    numpy.testing.assert_array_equal(y1, y2)


def test_spectral_normalization_recomputing_reuses_u_and_v():
    numpy.random.seed(3)
    lin = L.Linear(5, 3)
    hook = link_hooks.SpectralNormalization()
    lin.add_hook(hook)
    x = numpy.random.randn(2, 5).astype(numpy.float32)
    y1 = lin(x).array
    u1, v1 = lin.W_u.copy(), hook.v.copy()
    with chainer.using_config('in_recomputing', True):
        y2 = lin(x).array
    numpy.testing.assert_array_equal(lin.W_u, u1)
    numpy.testing.assert_array_equal(hook.v, v1)
    numpy.testing.assert_allclose(y1, y2, rtol=1e-6)
    # sigma = u^T W v with the kept vectors
    W = lin.W.array.astype(numpy.float64)
    sigma = u1 @ W @ v1
    numpy.testing.assert_allclose(y2, x @ (W / sigma).T + lin.b.array, rtol=1e-5)


def test_spectral_normalization_gamma_is_a_scalar_parameter():
    lin = L.Convolution2D(2, 3, 2)
    lin.add_hook(link_hooks.SpectralNormalization(use_gamma=True))
    assert isinstance(lin.gamma, chainer.Parameter)
    assert lin.gamma.shape == () and lin.gamma.dtype == lin.W.dtype
    numpy.testing.assert_allclose(lin.gamma.array, top_singular_value(lin.W.array),
                                  rtol=1e-5)
    y = lin(numpy.ones((1, 2, 3, 3), numpy.float32))
    lin.cleargrads()
    chainer.functions.sum(y).backward()
    assert lin.gamma.grad.shape == ()
    deconv = L.Deconvolution2D(2, 5, 2)
    hook = link_hooks.SpectralNormalization()
    deconv.add_hook(hook)
    assert deconv.W_u.shape == (5,)   # the output axis of a deconvolution is 1


def test_cpu_backend_to_cpu():
    from chainer.backends import _cpu
    a = numpy.arange(3)
    assert _cpu._to_cpu(a) is a
    assert _cpu._to_cpu(None) is None
    assert isinstance(_cpu._to_cpu(numpy.float32(2)), numpy.ndarray)


def test_a_hook_that_refuses_global_registration_does_not_stay_registered():
    from chainer import link_hook

    class OnlyOnLinks(chainer.LinkHook):
        name = 'OnlyOnLinks'

        def added(self, link):
            if link is None:
                raise NotImplementedError('register me on a link')

    with pytest.raises(NotImplementedError):
        with OnlyOnLinks():
            pass
    assert 'OnlyOnLinks' not in link_hook._get_link_hooks()
    lin = chainer.links.Linear(2, 3)
    lin(numpy.ones((1, 2), numpy.float32))   # no hook runs


def test_a_function_hook_that_refuses_does_not_stay_registered():
    class Refusing(chainer.FunctionHook):
        name = 'Refusing'

        def added(self, function):
            raise RuntimeError('no')

    with pytest.raises(RuntimeError):
        with Refusing():
            pass
    assert 'Refusing' not in chainer.get_function_hooks()
