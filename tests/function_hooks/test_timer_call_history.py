"""TimerHook.call_history: the documented list of (name, seconds) per call."""
import numpy
import pytest

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import function_hooks
from chainer import link_hooks
from chainer.function_hooks import timer as function_timer


class _Clock(object):
    """A fake perf_counter that advances by one second at every reading."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 1.0
        return self.now


def test_function_timer_call_history_names_and_times(monkeypatch):
    monkeypatch.setattr(function_timer.time, 'perf_counter', _Clock())
    hook = function_hooks.TimerHook()
    x = chainer.Variable(numpy.ones(3, numpy.float32))
    with hook:
        y = F.exp(x)
        F.relu(y)
    # Each call reads the clock twice, one second apart. Names are the
    # functions' class names (Chainer's implementation names), not labels.
    assert hook.call_history == [('Exp', 1.0), ('ReLU', 1.0)]
    assert all(isinstance(name, str) for name, _ in hook.call_history)
    assert hook.total_time() == pytest.approx(2.0)


def test_function_timer_call_history_includes_backward():
    hook = function_hooks.TimerHook()
    x = chainer.Variable(numpy.ones(3, numpy.float32))
    with hook:
        F.sum(x * 2).backward()
    names = [name for name, _ in hook.call_history]
    # forward of the product and of Sum come first; the backward of Sum and
    # of the product are recorded too (plus what their backward calls).
    assert names[:2] == ['MulConstant', 'Sum']
    assert names.count('Sum') == 2 and names.count('MulConstant') >= 2
    assert all(t >= 0 for _, t in hook.call_history)


def test_link_timer_call_history_names_and_times(monkeypatch):
    # the link hook reads the clock through the function hooks' timer module
    monkeypatch.setattr(function_timer.time, 'perf_counter', _Clock())

    class Net(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.fc = L.Linear(3, 2)

        def forward(self, x):
            return self.fc(x)

    net = Net()
    hook = link_hooks.TimerHook()
    with hook:
        net(numpy.ones((1, 3), numpy.float32))
    # The inner Linear is read at t=2, 3 (1 s); Net at t=1, 4: 3 s, which
    # includes its Linear (a model's time covers its layers, as in Chainer's
    # documented report). The total counts the outermost call only.
    assert hook.call_history == [('Linear', 1.0), ('Net', 3.0)]
    assert hook.total_time() == pytest.approx(3.0)
