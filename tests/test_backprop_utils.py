"""chainer._backprop_utils: one backpropagation step of one function node."""
import numpy
import pytest

import chainer
from chainer import _backprop_utils


class _Mul(chainer.FunctionNode):
    """y = a * b, with the textbook gradients."""

    def forward(self, inputs):
        a, b = inputs
        self.retain_inputs((0, 1))
        return a * b,

    def backward(self, indexes, grad_outputs):
        a, b = self.get_retained_inputs()
        gy, = grad_outputs
        return tuple([gy * b, gy * a][i] for i in indexes)


class _MulAccumulating(_Mul):
    """The same, adding into the gradients collected so far itself."""

    received = None

    def backward_accumulate(self, indexes, grad_outputs, grad_inputs):
        type(self).received = grad_inputs
        gxs = self.backward(indexes, grad_outputs)
        return tuple(gx if g is None else gx + g for gx, g in zip(gxs, grad_inputs))


def _setup(cls=_Mul, same_input=False):
    a = chainer.Variable(numpy.array([1.0, 2.0, 3.0], numpy.float32))
    b = a if same_input else chainer.Variable(
        numpy.array([4.0, 5.0, 6.0], numpy.float32))
    y, = cls().apply((a, b))
    return a, b, y


def test_reduce():
    assert _backprop_utils._reduce([]) is None
    g = chainer.Variable(numpy.ones(2, numpy.float32))
    assert _backprop_utils._reduce([g]) is g
    total = _backprop_utils._reduce([g, g * 2, g * 3])
    numpy.testing.assert_array_equal(total.array, [6.0, 6.0])


@pytest.mark.parametrize('lazy', [False, True])
@pytest.mark.parametrize('cls', [_Mul, _MulAccumulating])
def test_step_adds_to_the_collected_gradients(lazy, cls):
    a, b, y = _setup(cls)
    gy = numpy.array([1.0, 10.0, 100.0], numpy.float32)
    earlier = chainer.Variable(numpy.full(3, 0.5, numpy.float32))
    table = {a.node: [earlier], b.node: []}
    with chainer.using_config('lazy_grad_sum', lazy):
        _backprop_utils.backprop_step(y.creator, (0, 1), (gy,), table, False)
    if lazy and cls is _Mul:
        assert len(table[a.node]) == 2   # summed later
    else:
        assert len(table[a.node]) == 1
    numpy.testing.assert_allclose(
        _backprop_utils._reduce(table[a.node]).array, gy * b.array + 0.5)
    numpy.testing.assert_allclose(
        _backprop_utils._reduce(table[b.node]).array, gy * a.array)
    if cls is _MulAccumulating:
        # backward_accumulate was handed the totals collected so far.
        assert cls.received[0] is earlier and cls.received[1] is None


def test_only_target_inputs_get_gradients():
    a, b, y = _setup()
    table = {}
    _backprop_utils.backprop_step(
        y.creator, (1,), (numpy.ones(3, numpy.float32),), table, False)
    assert list(table) == [b.node]
    numpy.testing.assert_array_equal(table[b.node][0].array, a.array)


def test_input_used_twice_gets_both_gradients():
    for cls in (_Mul, _MulAccumulating):
        a, _, y = _setup(cls, same_input=True)
        table = {}
        _backprop_utils.backprop_step(
            y.creator, (0, 1), (numpy.ones(3, numpy.float32),), table, False)
        numpy.testing.assert_allclose(
            _backprop_utils._reduce(table[a.node]).array, 2 * a.array)


def test_debug_detects_nan():
    a, b, y = _setup()
    gy = numpy.array([1.0, numpy.nan, 1.0], numpy.float32)
    _backprop_utils.backprop_step(y.creator, (0,), (gy,), {}, False)
    with pytest.raises(RuntimeError, match='NaN is detected on backward'):
        _backprop_utils.backprop_step(y.creator, (0,), (gy,), {}, True)


def test_wrong_gradient_shape_is_reported():
    class _Bad(_Mul):
        def backward(self, indexes, grad_outputs):
            return tuple(chainer.Variable(numpy.ones(5, numpy.float32))
                         for _ in indexes)
    a, b, y = _setup(_Bad)
    with pytest.raises(ValueError, match=r'has shape \(5,\), but the input'):
        _backprop_utils.backprop_step(
            y.creator, (0,), (numpy.ones(3, numpy.float32),), {}, False)


def test_bad_target_indexes():
    a, b, y = _setup()
    with pytest.raises(ValueError, match='at least one input'):
        _backprop_utils.backprop_step(y.creator, (), (None,), {}, False)
    with pytest.raises(ValueError, match='has 2 inputs, but input 2 was requested'):
        _backprop_utils.backprop_step(y.creator, (2,), (None,), {}, False)


def test_function_hooks_see_the_step():
    calls = []

    class Hook(chainer.FunctionHook):
        def backward_preprocess(self, function, in_data, out_grad):
            calls.append(('pre', function.label, len(in_data), out_grad[0][1]))

        def backward_postprocess(self, function, in_data, out_grad):
            calls.append(('post', function.label))
    a, b, y = _setup()
    with Hook():
        _backprop_utils.backprop_step(
            y.creator, (0,), (numpy.arange(3, dtype=numpy.float32),), {}, False)
    assert calls == [('pre', '_Mul', 2, 1.0), ('post', '_Mul')]
