"""The backward engine: Variable.backward, chainer.backward and chainer.grad."""
import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import Variable


def _v(values, dtype=numpy.float32, **kwargs):
    return Variable(numpy.asarray(values, dtype=dtype), **kwargs)


def test_scalar_output_starts_from_one_and_keeps_it():
    x = _v([3.0])
    y = x * x
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [6.0])
    numpy.testing.assert_array_equal(y.grad, [1.0])


def test_multi_element_output_without_grad_raises():
    # Chainer 7.8.1 raised an obscure TypeError here; the type is kept, the
    # message says what to do.
    x = _v([1.0, 2.0])
    y = x * 2
    with pytest.raises(TypeError, match=r'2 elements \(shape \(2,\)\) and no gradient'):
        y.backward()
    assert x.grad is None


def test_several_outputs_one_without_grad_warns_and_skips_it():
    x = _v([1.0, 2.0])
    y = x * 2
    z = chainer.functions.sum(x * 3)
    z.grad = numpy.array(1.0, numpy.float32)   # chainer.backward seeds nothing itself
    with pytest.warns(RuntimeWarning, match='output 0 has no gradient'):
        chainer.backward([y, z])
    numpy.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_multi_element_output_with_grad():
    x = _v([1.0, 2.0])
    y = x * x
    y.grad = numpy.array([1.0, 10.0], numpy.float32)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [2.0, 40.0])


def test_gradients_accumulate_into_leaves():
    x = _v([2.0])
    (x * 3).backward()
    (x * 4).backward()
    numpy.testing.assert_array_equal(x.grad, [7.0])


def test_variable_used_twice_sums_its_gradients():
    x = _v([2.0, 3.0])
    y = F.sum(x * x + x * 5)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, 2 * x.array + 5)


def test_retain_grad_keeps_intermediate_gradients():
    x = _v([2.0])
    h = x * 3
    y = h * h
    y.backward()
    assert h.grad is None
    x.cleargrad()
    h = x * 3
    y = h * h
    y.backward(retain_grad=True)
    numpy.testing.assert_array_equal(h.grad, [12.0])
    numpy.testing.assert_array_equal(x.grad, [36.0])


def test_leaf_gradients_are_not_shared_arrays():
    a = _v([1.0, 2.0])
    b = _v([3.0, 4.0])
    y = F.sum(a + b)
    y.backward()
    assert a.grad is not b.grad
    a.grad *= 2
    numpy.testing.assert_array_equal(b.grad, [1.0, 1.0])


def test_loss_scale_scales_gradients_and_is_recorded():
    x = _v([2.0])
    y = x * x
    y.backward(loss_scale=8.0)
    numpy.testing.assert_array_equal(x.grad, [32.0])
    assert x._loss_scale == 8.0
    numpy.testing.assert_array_equal(y.grad, [1.0])


def test_higher_order_derivatives_of_cube():
    x = _v([2.0])
    y = x ** 3
    gx, = chainer.grad([y], [x], enable_double_backprop=True)
    numpy.testing.assert_allclose(gx.array, [12.0])      # 3 x^2
    ggx, = chainer.grad([gx], [x], enable_double_backprop=True)
    numpy.testing.assert_allclose(ggx.array, [12.0])     # 6 x
    gggx, = chainer.grad([ggx], [x], enable_double_backprop=True)
    numpy.testing.assert_allclose(gggx.array, [6.0])     # 6


def test_double_backprop_through_backward():
    x = _v([1.5])
    y = x ** 3
    y.backward(enable_double_backprop=True)
    gx = x.grad_var
    assert gx.creator is not None
    x.cleargrad()
    gx.backward()
    numpy.testing.assert_allclose(x.grad, [6 * 1.5])


def test_plain_backward_records_no_graph():
    x = _v([1.5])
    y = x ** 3
    y.backward()
    assert x.grad_var.creator is None


def test_grad_returns_without_touching_grad_attributes():
    x = _v([1.0, 2.0])
    w = _v([3.0, 4.0])
    y = F.sum(x * w)
    gx, gw = chainer.grad([y], [x, w])
    numpy.testing.assert_array_equal(gx.array, w.array)
    numpy.testing.assert_array_equal(gw.array, x.array)
    assert x.grad is None and w.grad is None


def test_grad_set_grad_and_grad_inputs():
    x = _v([1.0, 2.0])
    y = F.sum(x * 3)
    gx, = chainer.grad([y], [x], grad_inputs=[numpy.array([10., 20.], numpy.float32)],
                       set_grad=True)
    numpy.testing.assert_array_equal(gx.array, [13.0, 23.0])
    assert x.grad_var is gx


def test_grad_outputs_default_to_ones_for_any_shape():
    x = _v([1.0, 2.0])
    y = x * x
    gx, = chainer.grad([y], [x])
    numpy.testing.assert_array_equal(gx.array, [2.0, 4.0])
    gx, = chainer.grad([y], [x], grad_outputs=[_v([1.0, -1.0])])
    numpy.testing.assert_array_equal(gx.array, [2.0, -4.0])


def test_grad_unreachable_input_is_none_and_intermediate_target():
    x = _v([2.0])
    z = _v([5.0])
    h = x * 3
    y = h * h
    gz, gh = chainer.grad([y], [z, h])
    assert gz is None
    numpy.testing.assert_array_equal(gh.array, [12.0])
    assert x.grad is None


def test_grad_of_grad_mixed_partials():
    x = _v([2.0])
    w = _v([3.0])
    y = x * x * w          # dy/dx = 2xw, d2y/dxdw = 2x
    gx, = chainer.grad([y], [x], enable_double_backprop=True)
    gxw, = chainer.grad([gx], [w])
    numpy.testing.assert_allclose(gxw.array, [4.0])


def test_grad_argument_errors():
    x = _v([1.0])
    with pytest.raises(TypeError, match='outputs must be a tuple or list'):
        chainer.grad(x, [x])
    with pytest.raises(TypeError, match='inputs must be Variables'):
        chainer.grad([x], [numpy.ones(1)])
    with pytest.raises(ValueError, match='grad_outputs has 2 elements'):
        chainer.grad([x], [x], grad_outputs=[None, None])


def test_chainer_backward_from_several_outputs():
    x = _v([1.0, 2.0])
    y1 = F.sum(x * 2)
    y2 = F.sum(x * x)
    y1.grad = numpy.array(1.0, numpy.float32)
    y2.grad = numpy.array(1.0, numpy.float32)
    chainer.backward([y1, y2])
    numpy.testing.assert_array_equal(x.grad, 2 + 2 * x.array)
    # The starting gradients are consumed.
    assert y1.grad is None and y2.grad is None
    x.cleargrad()
    a = x * 3
    chainer.backward([a], [numpy.array([1.0, 2.0], numpy.float32)])
    numpy.testing.assert_array_equal(x.grad, [3.0, 6.0])
    with pytest.raises(TypeError, match='unexpected keyword'):
        chainer.backward([a], foo=1)


def test_dependent_outputs_backward_together():
    x = _v([3.0])
    h = x * 2
    y = h * h
    chainer.backward([h, y], [numpy.ones(1, numpy.float32)] * 2)  # 2 + 8x
    numpy.testing.assert_array_equal(x.grad, [26.0])


def test_chainer_backward_makes_up_no_gradient():
    # Unlike Variable.backward, chainer.backward does not start a one-element
    # output from 1: an output without a gradient propagates nothing.
    x = _v([3.0])
    x.grad = numpy.array([5.0], numpy.float32)
    y = x * 2
    with pytest.warns(RuntimeWarning, match='output 0 has no gradient'):
        chainer.backward([y])
    numpy.testing.assert_array_equal(x.grad, [5.0])
    assert y.grad is None
    with pytest.warns(RuntimeWarning, match='output 1 has no gradient'):
        chainer.backward([y, y * 3], [numpy.ones(1, numpy.float32), None])
    numpy.testing.assert_array_equal(x.grad, [7.0])


def test_chainer_backward_uses_a_repeated_output_once():
    x = _v([0.0])
    y = F.identity(x)
    y.grad = numpy.array([3.0], numpy.float32)
    with pytest.warns(RuntimeWarning, match='given more than once'):
        chainer.backward([y, y])
    numpy.testing.assert_array_equal(x.grad, [3.0])


def test_chainer_backward_retain_grad_keeps_the_starting_gradients():
    x = _v([1.0, 2.0])
    y = x * 3
    gy = numpy.array([1.0, 10.0], numpy.float32)
    chainer.backward([y], [gy], retain_grad=True)
    numpy.testing.assert_array_equal(y.grad, gy)
    numpy.testing.assert_array_equal(x.grad, 3 * gy)


def test_engine_orders_by_rank():
    # A diamond: x feeds two paths of different depth that meet again.
    x = _v([1.0])
    a = x * 2
    b = F.exp(F.exp(a)) * 0 + a * 3
    y = a * b
    y.backward()
    # y = a * (3a) = 3 a^2 = 12 x^2  -> dy/dx = 24 x
    numpy.testing.assert_allclose(y.array, [12.0])
    numpy.testing.assert_allclose(x.grad, [24.0])


def test_gradient_shape_mismatch_names_the_function():
    class Bad(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward(self, indexes, grad_outputs):
            return Variable(numpy.ones(5, numpy.float32)),

    x = _v([1.0, 2.0])
    y, = Bad().apply((x,))
    y.grad = numpy.ones(2, numpy.float32)
    with pytest.raises(ValueError, match=r'Bad.backward.*shape \(5,\).*shape \(2,\)'):
        y.backward()


def test_debug_mode_names_the_function_producing_nan():
    x = _v([-1.0])
    with chainer.using_config('debug', True):
        with pytest.raises(RuntimeError, match='NaN is detected on forward computation'
                                               ' of log'):
            F.log(x)
    assert chainer.is_debug() is False

    class NanGrad(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 1,

        def backward(self, indexes, grad_outputs):
            return Variable(grad_outputs[0].array * numpy.nan),

    y, = NanGrad().apply((_v([1.0]),))
    with chainer.using_config('debug', True):
        with pytest.raises(RuntimeError,
                           match='NaN is detected on backward computation of NanGrad'):
            y.backward()


def test_debug_mode_lets_infinities_through():
    # Chainer's debug mode raises on NaN only; -inf from masking or log(0) and
    # the overflow handled by dynamic loss scaling are legitimate.
    with chainer.DebugMode(True):
        y = F.exp(_v([1000.0]))
        assert numpy.isinf(y.array).all()
        x = _v([0.0, 1.0])
        z = F.log(x)
        numpy.testing.assert_array_equal(z.array, [-numpy.inf, 0.0])
        x2 = _v([0.0, 4.0])
        F.sum(F.sqrt(x2)).backward()  # d sqrt(x)/dx = 1/(2 sqrt(x)): inf at 0
        numpy.testing.assert_array_equal(x2.grad, [numpy.inf, 0.25])
        with pytest.raises(RuntimeError, match='NaN is detected on forward'):
            F.log(_v([-1.0]))


def test_no_backprop_mode_builds_no_graph():
    x = _v([1.0])
    with chainer.no_backprop_mode():
        y = x * 2
        with chainer.force_backprop_mode():
            z = x * 3
    assert y.creator is None
    assert z.creator is not None
    z.backward()
    numpy.testing.assert_array_equal(x.grad, [3.0])


def test_backward_accumulate_override_is_used():
    calls = []

    class Acc(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 2,

        def backward_accumulate(self, indexes, grad_outputs, grad_inputs):
            calls.append(grad_inputs)
            g = grad_outputs[0] * 2
            return tuple(g if gi is None else g + gi for gi in grad_inputs)

    x = _v([1.0])
    h = x * 5            # another path into x, processed first (higher rank)
    y1, = Acc().apply((x,))
    y = F.sum(y1 * 1 + h * 1 + (h * 1) * 0)
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [7.0])
    assert len(calls) == 1


def test_function_node_returning_arrays_is_accepted():
    class ArrayGrad(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 3,

        def backward(self, indexes, grad_outputs):
            return grad_outputs[0].array * 3,

    x = _v([1.0])
    y, = ArrayGrad().apply((x,))
    y.backward()
    numpy.testing.assert_array_equal(x.grad, [3.0])


def test_accumulated_gradients_do_not_alias():
    # x receives many contributions: the engine sums them in place into an array
    # of its own, never into one that a backward method passed on elsewhere.
    x = _v([1.0, 2.0])
    ys = [x * 1 for _ in range(5)]
    h = ys[0] + ys[1] + ys[2] + ys[3] + ys[4]   # Add passes gy through
    z = F.sum(h * 1 + x * 2)
    gh, gx = chainer.grad([z], [h, x])
    numpy.testing.assert_array_equal(gh.array, [1.0, 1.0])
    numpy.testing.assert_array_equal(gx.array, [7.0, 7.0])
    z.backward()
    numpy.testing.assert_array_equal(x.grad, [7.0, 7.0])


def test_many_contributions_sum_correctly_and_keep_dtype():
    for dtype in (numpy.float16, numpy.float32, numpy.float64):
        w = Variable(numpy.array([0.5, -1.0], dtype))
        total = 0
        for k in range(1, 36):
            total = total + F.sum(w * float(k))
        total.backward()
        assert w.grad.dtype == dtype
        numpy.testing.assert_allclose(w.grad, [630.0, 630.0])


def test_grad_inputs_are_propagated_through_dependent_inputs():
    # x2 = 3 * x1, y = 5 * x2: the gradient x2 starts with reaches x1 too.
    x0 = _v([1.0])
    x1 = x0 * 2
    x2 = x1 * 3
    y = x2 * 5
    gx1 = _v([1000.0])
    gx2 = _v([100.0])
    g1, g2 = chainer.grad([y], [x1, x2], [_v([1.0])], [gx1, gx2])
    numpy.testing.assert_array_equal(g2.array, [100.0 + 5.0])
    numpy.testing.assert_array_equal(g1.array, [1000.0 + 3 * (100.0 + 5.0)])
    assert x1.grad is None and x2.grad is None and y.grad is None
    # retain_grad stores the intermediate gradients and the inputs' (replacing
    # what was there); set_grad only the inputs'.
    for v in (x0, x1, x2, y):
        v.grad = numpy.array([-1.0], numpy.float32)
    chainer.grad([y], [x1, x2], [_v([1.0])], [gx1, gx2], retain_grad=True)
    assert x0.grad[0] == -1.0
    assert (x1.grad[0], x2.grad[0], y.grad[0]) == (1315.0, 105.0, 1.0)
    for v in (x1, x2, y):
        v.grad = numpy.array([-1.0], numpy.float32)
    chainer.grad([y], [x1, x2], [_v([1.0])], [gx1, gx2], set_grad=True)
    assert (x1.grad[0], x2.grad[0], y.grad[0]) == (1315.0, 105.0, -1.0)


def test_grad_argument_types():
    x = _v([1.0, 2.0])
    y = x * x
    g = _v([1.0, 1.0])
    with pytest.raises(TypeError, match='grad_outputs must be a tuple or list'):
        chainer.grad([y], [x], g)
    with pytest.raises(TypeError, match='grad_inputs must be a tuple or list'):
        chainer.grad([y], [x], [g], g)
