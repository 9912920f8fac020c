import io

import numpy
import pytest

import chainer
from chainer.backends import cuda
import chainer.functions as F
from chainer import function_hooks
from chainer import testing
from chainer.function_hooks import timer as timer_module


class _FakeClock(object):
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class _Slow(chainer.FunctionNode):
    """y = 3 x: forward takes 1 s and backward 0.5 s on the fake clock; its
    backward also calls another function (a multiplication)."""

    def __init__(self, clock):
        self.clock = clock

    def forward(self, inputs):
        self.clock.now += 1.0
        return inputs[0] * 3,

    def backward(self, indexes, grad_outputs):
        self.clock.now += 0.5
        return grad_outputs[0] * 3,


class _Tick(chainer.FunctionNode):
    """Identity whose forward takes 2 s on the fake clock."""

    def __init__(self, clock):
        self.clock = clock

    def forward(self, inputs):
        self.clock.now += 2.0
        return inputs[0].copy(),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0],


@pytest.fixture
def clock(monkeypatch):
    fake = _FakeClock()
    monkeypatch.setattr(timer_module.time, 'perf_counter', fake)
    return fake


class _Outer(chainer.FunctionNode):
    """Forward takes 1 s; its backward takes 0.5 s itself and applies a _Tick
    (2 s more) inside, so the backward call spans 2.5 s on the fake clock."""

    def __init__(self, clock):
        self.clock = clock

    def forward(self, inputs):
        self.clock.now += 1.0
        return inputs[0] * 2,

    def backward(self, indexes, grad_outputs):
        self.clock.now += 0.5
        gy, = grad_outputs
        return _Tick(self.clock).apply((gy,))[0] * 2,


def test_timer_call_history_names_and_inclusive_times(clock):
    hook = function_hooks.TimerHook()
    assert hook.name == 'TimerHook'
    # Chainer's unit table: seconds -> multiplier per unit name.
    assert function_hooks.TimerHook.table == {'sec': 1, 'ms': 1000, 'us': 10 ** 6, 'ns': 10 ** 9}
    x = chainer.Variable(numpy.ones(3, numpy.float32))
    with hook:
        h, = _Tick(clock).apply((x,))
        y, = _Outer(clock).apply((h,))
        y.grad = numpy.ones(3, numpy.float32)
        y.backward()
    names = [name for name, _ in hook.call_history]
    times = dict()
    for name, t in hook.call_history:
        times.setdefault(name, []).append(t)
    # Forward calls in order, by class name.
    assert names[:2] == ['_Tick', '_Outer']
    assert times['_Outer'][0] == 1.0 and times['_Tick'][0] == 2.0
    # The backward of _Outer spans the _Tick it applies: 0.5 + 2 s, and that
    # inner _Tick is recorded too (it finishes first).
    assert 2.5 in times['_Outer']
    assert times['_Tick'].count(2.0) == 2
    # total_time counts each moment once: forward 2 + 1, backward of _Outer
    # 2.5 (with its inner _Tick), backward of the first _Tick 0 (and whatever
    # else runs on the fake clock, which nothing advances).
    assert hook.total_time() == pytest.approx(5.5)
    summary = hook.summary()
    assert list(summary)[:2] == ['_Tick', '_Outer']
    assert summary['_Outer']['occurrence'] == 2
    assert summary['_Outer']['elapsed_time'] == pytest.approx(3.5)
    assert summary['_Tick']['elapsed_time'] == pytest.approx(4.0)
    assert sum(e['occurrence'] for e in summary.values()) == len(hook.call_history)


def test_timer_names_old_style_function_by_its_class(clock):
    class OldDouble(chainer.Function):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, inputs, grad_outputs):
            return grad_outputs[0] * 2,

    hook = function_hooks.TimerHook()
    with hook:
        OldDouble()(numpy.ones(2, numpy.float32))
    assert [name for name, _ in hook.call_history] == ['OldDouble']


def test_timer_report(clock):
    hook = function_hooks.TimerHook()
    with hook:
        for _ in range(3):
            _Slow(clock).apply((numpy.ones(2, numpy.float32),))
        _Tick(clock).apply((numpy.ones(2, numpy.float32),))
    out = io.StringIO()
    hook.print_report(file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ['FunctionName', 'ElapsedTime', 'Occurrence']
    assert lines[1].split() == ['_Slow', '3.00sec', '3']
    assert lines[2].split() == ['_Tick', '2.00sec', '1']
    # Chainer's layout: every column right-aligned to its widest cell
    # (header included), columns separated by two spaces.
    assert lines == [
        'FunctionName  ElapsedTime  Occurrence',
        '       _Slow      3.00sec           3',
        '       _Tick      2.00sec           1',
    ]
    out = io.StringIO()
    hook.print_report(unit='ms', file=out)
    assert '3000.00ms' in out.getvalue()
    with pytest.raises(ValueError, match="unit must be one of .* got 'hours'"):
        hook.print_report(unit='hours')


def test_timer_auto_units():
    assert timer_module._format_time(2.5, 'auto') == '2.50sec'
    assert timer_module._format_time(0.0025, 'auto') == '2.50ms'
    assert timer_module._format_time(2.5e-6, 'auto') == '2.50us'
    assert timer_module._format_time(2.5e-10, 'auto') == '0.25ns'


def test_timer_with_real_clock_is_consistent():
    hook = function_hooks.TimerHook()
    x = chainer.Variable(numpy.ones((2, 3), numpy.float32))
    with hook:
        y = F.sum(F.exp(x))
        y.backward()
    assert len(hook.call_history) >= 4
    assert all(t >= 0 for _, t in hook.call_history)
    # Backwards apply other functions (nested calls): the total counts the
    # outermost calls only, so it never exceeds the sum over all calls.
    assert 0 < hook.total_time() <= sum(t for _, t in hook.call_history) + 1e-12
    assert [name for name, _ in hook.call_history][:2] == ['Exp', 'Sum']


def test_print_hook():
    out = io.StringIO()
    x = chainer.Variable(numpy.array([1.0, 3.0], numpy.float32))
    with function_hooks.PrintHook(file=out, end='\n---\n'):
        y = F.exp(x)
        y.grad = numpy.array([2.0, 4.0], numpy.float32)
        y.backward()
    text = out.getvalue()
    blocks = [b for b in text.split('\n---\n') if b]
    assert blocks[0].startswith('function\texp\ninput data\n')
    assert '- shape: (2,)' in blocks[0] and '- dtype: float32' in blocks[0]
    assert 'mean=2.00000000, std=1.00000000' in blocks[0]
    backward = [b for b in blocks if 'output gradient' in b]
    assert backward and backward[0].startswith('function\texp\n')
    gradient_part = backward[0].split('output gradient')[1]
    # The gradient is shown as the grad of a Variable of zeros.
    assert '- statistics: mean=0.00000000, std=0.00000000' in gradient_part
    assert '- grad: mean=3.00000000, std=1.00000000' in gradient_part


def test_print_hook_shows_inputs_not_retained_as_removed():
    out = io.StringIO()
    x = chainer.Variable(numpy.array([1.0, 3.0], numpy.float32))
    y = x * 2   # multiplying by a constant retains nothing
    y.grad = numpy.ones(2, numpy.float32)
    with function_hooks.PrintHook(file=out):
        y.backward()
    text = out.getvalue()
    assert text.startswith('function\t_ * 2.0\ninput data\n(removed)\noutput gradient')


def test_print_hook_sep_is_deprecated():
    with pytest.warns(DeprecationWarning, match='sep argument is deprecated'):
        function_hooks.PrintHook(sep='', file=io.StringIO())


@pytest.mark.skipif(cuda.available, reason='CuPy is installed')
@pytest.mark.parametrize('hook_class', [function_hooks.CupyMemoryProfileHook,
                                        function_hooks.CUDAProfileHook])
def test_cuda_hooks_need_cupy(hook_class):
    with pytest.raises(RuntimeError, match='CUDA is not available.*cupy'):
        hook_class()


def test_names():
    assert function_hooks.CupyMemoryProfileHook.name == 'CupyMemoryProfileHook'
    assert function_hooks.CUDAProfileHook.name == 'CUDAProfileHook'
    assert function_hooks.PrintHook.name == 'PrintHook'


class _FakePool(object):
    def __init__(self):
        self.used = 0
        self.total = 0

    def used_bytes(self):
        return self.used

    def total_bytes(self):
        return self.total


class _Allocating(chainer.FunctionNode):
    """Pretends its forward takes 1024 bytes from the pool, acquiring 4096."""

    def __init__(self, pool):
        self.pool = pool

    def forward(self, inputs):
        self.pool.used += 1024
        self.pool.total += 4096
        return inputs[0] + 1,


def test_memory_profile_logic_with_a_fake_pool(monkeypatch):
    import types
    from chainer.function_hooks import cupy_memory_profile as module
    pool = _FakePool()
    fake_cuda = types.SimpleNamespace(
        check_cuda_available=lambda: None,
        cupy=types.SimpleNamespace(get_default_memory_pool=lambda: pool))
    monkeypatch.setattr(module, 'cuda', fake_cuda)
    hook = module.CupyMemoryProfileHook()
    with hook:
        for _ in range(2):
            _Allocating(pool).apply((numpy.ones(2, numpy.float32),))
        F.identity(numpy.ones(2, numpy.float32))
    # Entries are (function name, used bytes, acquired bytes), as documented.
    assert [(f, u, a) for f, u, a in hook.call_history] == [
        ('_Allocating', 1024, 4096), ('_Allocating', 1024, 4096),
        ('Identity', 0, 0)]
    assert hook.total_used_bytes() == 2048
    assert hook.total_acquired_bytes() == 8192
    assert hook.summary()['_Allocating'] == {
        'used_bytes': 2048, 'acquired_bytes': 8192, 'occurrence': 2}
    out = io.StringIO()
    hook.print_report(file=out)
    text_lines = out.getvalue().splitlines()
    # Right-aligned columns, two spaces apart, as in Chainer's documented report.
    widths = [len('FunctionName'), len('UsedBytes'), len('AcquiredBytes'),
              len('Occurrence')]
    assert text_lines[2] == '  '.join(
        cell.rjust(w) for cell, w in zip(['Identity', '0.00B', '0.00B', '1'], widths))
    lines = [line.split() for line in text_lines]
    assert lines[0] == ['FunctionName', 'UsedBytes', 'AcquiredBytes', 'Occurrence']
    assert lines[1] == ['_Allocating', '2.00KB', '8.00KB', '2']
    assert lines[2] == ['Identity', '0.00B', '0.00B', '1']
    out = io.StringIO()
    hook.print_report(unit='B', file=out)
    assert '2048.00B' in out.getvalue()
    with pytest.raises(ValueError, match='unit must be one of'):
        hook.print_report(unit='bits')


@testing.attr.gpu
def test_hooks_on_gpu():
    x = chainer.Variable(cuda.cupy.ones((256, 256), numpy.float32))
    timer = function_hooks.TimerHook()
    memory = function_hooks.CupyMemoryProfileHook()
    with timer, memory, function_hooks.CUDAProfileHook():
        y = F.sum(F.exp(x))
        y.backward()
    assert [name for name, _ in timer.call_history][:2] == ['Exp', 'Sum']
    assert all(t >= 0 for _, t in timer.call_history)
    exp_calls = [(used, acquired) for name, used, acquired in memory.call_history
                 if name == 'Exp']
    # exp's forward allocates its 256 x 256 float32 output
    assert exp_calls[0][0] >= 256 * 256 * 4
    assert memory.total_used_bytes() == sum(u for _, u, _ in memory.call_history)
