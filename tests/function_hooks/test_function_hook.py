"""The FunctionHook protocol: global hooks (``with hook:``) and per-node hooks."""
import numpy
import pytest

import chainer
import chainer.functions as F


class _Recorder(chainer.FunctionHook):
    def __init__(self, name='Recorder'):
        self.name = name
        self.calls = []

    def added(self, function):
        self.calls.append(('added', function))

    def deleted(self, function):
        self.calls.append(('deleted', function))

    def forward_preprocess(self, function, in_data):
        self.calls.append(('forward_pre', function.label, len(in_data)))

    def forward_postprocess(self, function, in_data):
        self.calls.append(('forward_post', function.label, len(in_data)))

    def backward_preprocess(self, function, in_data, out_grad):
        self.calls.append(('backward_pre', function.label, len(out_grad)))
        self.last_out_grad = out_grad

    def backward_postprocess(self, function, in_data, out_grad):
        self.calls.append(('backward_post', function.label, len(out_grad)))


class _Double(chainer.FunctionNode):
    """y = 2 x, whose backward is made of plain arithmetic."""

    def forward(self, inputs):
        return inputs[0] * 2,

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * 2,


def test_global_hook_sees_forward_and_backward():
    hook = _Recorder()
    x = chainer.Variable(numpy.ones(3, numpy.float32))
    with hook as entered:
        assert entered is hook
        assert chainer.get_function_hooks()['Recorder'] is hook
        y, = _Double().apply((x,))
        y.grad = numpy.full(3, 0.5, numpy.float32)
        y.backward()
    assert 'Recorder' not in chainer.get_function_hooks()
    calls = hook.calls
    assert calls[0] == ('added', None) and calls[-1] == ('deleted', None)
    assert calls[1:3] == [('forward_pre', '_Double', 1), ('forward_post', '_Double', 1)]
    assert calls[3] == ('backward_pre', '_Double', 1)
    assert calls[-2] == ('backward_post', '_Double', 1)
    numpy.testing.assert_array_equal(hook.last_out_grad[0], y.grad)
    # The backward of _Double multiplies by 2: that is a function call too.
    inner = calls[4:-2]
    assert inner and all(c[0].startswith('forward') for c in inner)
    numpy.testing.assert_array_equal(x.grad, numpy.ones(3))


def test_no_calls_outside_the_with_block():
    hook = _Recorder()
    with hook:
        pass
    F.exp(chainer.Variable(numpy.ones(2, numpy.float32)))
    assert hook.calls == [('added', None), ('deleted', None)]


def test_local_hook_only_on_its_node():
    hook = _Recorder()
    x = chainer.Variable(numpy.ones(3, numpy.float32))
    node = _Double()
    node.add_hook(hook)
    assert hook.calls == [('added', node)]
    assert node.local_function_hooks['Recorder'] is hook
    y, = node.apply((x,))
    z = F.exp(y)  # another function: not seen by the hook
    z.grad = numpy.ones(3, numpy.float32)
    z.backward()
    labels = {c[1] for c in hook.calls[1:]}
    assert labels == {'_Double'}
    assert [c[0] for c in hook.calls[1:]] == [
        'forward_pre', 'forward_post', 'backward_pre', 'backward_post']
    node.delete_hook('Recorder')
    assert hook.calls[-1] == ('deleted', node)
    with pytest.raises(KeyError, match="No hook named 'Recorder'"):
        node.delete_hook('Recorder')


def test_global_and_local_hooks_together():
    global_hook = _Recorder('Global')
    local_hook = _Recorder('Local')
    node = _Double()
    node.add_hook(local_hook)
    with global_hook:
        node.apply((numpy.ones(2, numpy.float32),))
    assert ('forward_pre', '_Double', 1) in global_hook.calls
    assert ('forward_pre', '_Double', 1) in local_hook.calls


def test_duplicate_names():
    with _Recorder():
        with pytest.raises(KeyError, match="named 'Recorder' is already registered"):
            with _Recorder():
                pass
    node = _Double()
    node.add_hook(_Recorder())
    with pytest.raises(KeyError, match='already registered'):
        node.add_hook(_Recorder())
    node.add_hook(_Recorder(), name='Second')
    assert list(node.local_function_hooks) == ['Recorder', 'Second']
    with pytest.raises(TypeError, match='expected a FunctionHook'):
        node.add_hook(object())


def test_hooks_are_per_thread():
    import threading
    hook = _Recorder()
    seen = []
    with hook:
        thread = threading.Thread(
            target=lambda: seen.append(dict(chainer.get_function_hooks())))
        thread.start()
        thread.join()
    assert seen == [{}]
