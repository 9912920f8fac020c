import numpy
import pytest

import chainer
import chainer.functions as F
from chainer import gradient_check


def test_numerical_grad_of_known_function():
    x = numpy.array([0.5, -1.0, 2.0])
    w = numpy.array([1.0, 2.0, 3.0])

    def f():
        return (x ** 3 * w, )

    gy = numpy.array([1.0, 0.5, -1.0])
    gx, gw = gradient_check.numerical_grad(f, (x, w), (gy,), eps=1e-4)
    numpy.testing.assert_allclose(gx, 3 * x ** 2 * w * gy, rtol=1e-6)
    numpy.testing.assert_allclose(gw, x ** 3 * gy, rtol=1e-6)
    # inputs are restored
    numpy.testing.assert_array_equal(x, [0.5, -1.0, 2.0])


def test_numerical_grad_keeps_float32_dtype_and_per_input_eps():
    x = numpy.array([1.0, 2.0], numpy.float32)

    def f():
        return (x * x,)

    gx, = gradient_check.numerical_grad(f, (x,), (numpy.ones(2, numpy.float32),),
                                        eps=(1e-2,))
    assert gx.dtype == numpy.float32
    numpy.testing.assert_allclose(gx, [2.0, 4.0], rtol=1e-3)
    with pytest.raises(ValueError, match='eps has 2 entries'):
        gradient_check.numerical_grad(f, (x,), (None,), eps=(1e-2, 1e-2))
    with pytest.raises(TypeError, match='float arrays'):
        gradient_check.numerical_grad(f, (numpy.array([1]),), (None,))


def test_detect_nondifferentiable():
    x = numpy.array([0.0, 1.0])

    def f():
        return (numpy.abs(x),)

    with pytest.raises(gradient_check.NondifferentiableError):
        gradient_check.numerical_grad(f, (x,), (numpy.ones(2),),
                                      detect_nondifferentiable=True)
    x = numpy.array([0.5, 1.0])
    gx, = gradient_check.numerical_grad(f, (x,), (numpy.ones(2),),
                                        detect_nondifferentiable=True)
    numpy.testing.assert_allclose(gx, [1.0, 1.0])

    # A smooth function with strong curvature is not flagged.
    y = numpy.array([0.1, 3.0])

    def g():
        return (y ** 2 + numpy.exp(y),)

    gradient_check.numerical_grad(g, (y,), (numpy.ones(2),),
                                  detect_nondifferentiable=True)


def _detects(func, x, eps=1e-3, dtype=numpy.float32):
    x = numpy.array(x, dtype)
    gy = numpy.random.uniform(0.5, 1.0, x.shape).astype(dtype)
    try:
        with numpy.errstate(all='ignore'):
            gradient_check.numerical_grad(lambda: (func(x),), (x,), (gy,), eps=eps,
                                          detect_nondifferentiable=True)
    except gradient_check.NondifferentiableError:
        return True
    return False


def _step(x):
    return (x > 0).astype(x.dtype)


@pytest.mark.parametrize('func,x,eps,expected', [
    # A kink or a jump within [x - eps, x + eps] is found; one farther away is not.
    (numpy.abs, [0.0], 1e-3, True),
    (numpy.abs, [0.8e-3], 1e-3, True),
    (numpy.abs, [-0.8e-3], 1e-3, True),
    (numpy.abs, [1.2e-3], 1e-3, False),
    (numpy.abs, [-1.2e-3], 1e-3, False),
    (numpy.abs, [[3.0, 1.0], [0.0, 2.0]], 1e-3, True),
    (_step, [0.8e-3], 1e-3, True),
    (_step, [1.2e-3], 1e-3, False),
    (numpy.floor, [100 + 0.8e-3], 1e-3, True),
    (numpy.floor, [100 - 1.2e-3], 1e-3, False),
    (lambda x: x.clip(0, 1), [1.0], 1e-3, True),
    (lambda x: x.clip(0, 1), [0.5], 1e-3, False),
    # Smooth functions in float32: the outputs' rounding is not a kink.
    (lambda x: x * x + 2, [0.0], 1e-3, False),
    (lambda x: -3 * x ** 3 + 2 * x ** 2 + 1, [0.0], 1e-3, False),
    (numpy.exp, [13.0], 1e-3, False),
    (numpy.exp, [-100.0], 1e-3, False),
    (numpy.log, [1e-3], 1e-6, False),
    (numpy.tan, [3 * numpy.pi / 2 + 1e-3], 1e-6, False),
    # ... but a step too large for the curvature is.
    (lambda x: -3 * x ** 3 + 2 * x ** 2 + 1, [0.0], 1e-1, True),
    (numpy.tan, [numpy.pi / 2], 1e-3, True),
    # Finite on one side only: not differentiable; finite nowhere: nothing to say.
    (numpy.log, [0.0], 1e-3, True),
    (numpy.log, [-10.0], 1e-3, False),
    (lambda x: 2 * x, [numpy.inf], 1e-3, False),
])
def test_detect_nondifferentiable_cases(func, x, eps, expected):
    assert _detects(func, x, eps) == expected


def test_numerical_grad_rejects_non_positive_eps():
    x = numpy.ones(2)
    for eps in (0, -1.0):
        with pytest.raises(ValueError, match='eps must be positive'):
            gradient_check.numerical_grad(lambda: (x * 2,), (x,), (x,), eps=eps)
        # Chainer raised an AssertionError here; the error is one too.
        with pytest.raises(AssertionError):
            gradient_check.numerical_grad(lambda: (x * 2,), (x,), (x,), eps=eps)


def test_numerical_grad_divides_by_the_step_actually_taken():
    # float16 cannot represent 1 +- 1e-3: the step taken is about 1.95e-3 (not
    # 2e-3), and the gradient of the identity is still exactly 1.
    x = numpy.array([1.0], numpy.float16)
    gx, = gradient_check.numerical_grad(lambda: (x.copy(),), (x,),
                                        (numpy.ones(1, numpy.float16),), eps=1e-3)
    assert gx.dtype == numpy.float16
    assert gx[0] == 1


class WrongGrad(chainer.FunctionNode):
    """y = x * w, with a gradient for w that is off by a factor of two."""

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, w = inputs
        return x * w,

    def backward(self, indexes, grad_outputs):
        x, w = self.get_retained_inputs()
        gy, = grad_outputs
        return gy * w, gy * x * 2


def test_check_backward_passes_for_correct_gradient():
    x = numpy.random.uniform(-1, 1, (3, 4)).astype(numpy.float64)
    gy = numpy.random.uniform(-1, 1, (3, 4)).astype(numpy.float64)
    gradient_check.check_backward(F.tanh, x, gy)
    gradient_check.check_backward(lambda a, b: a * b, (x, x + 1), gy)


def test_check_backward_fails_for_wrong_gradient():
    x = numpy.random.uniform(-1, 1, (3,))
    w = numpy.random.uniform(1, 2, (3,))
    gy = numpy.ones(3)

    def f(a, b):
        return WrongGrad().apply((a, b))[0]

    with pytest.raises(AssertionError, match='check_backward failed'):
        gradient_check.check_backward(f, (x, w), gy)
    # An input marked in no_grads must not receive a gradient at all.
    with pytest.raises(RuntimeError, match='input 1 is marked in no_grads'):
        gradient_check.check_backward(f, (x, w), gy, no_grads=[False, True])

    def f_const(a, b):
        return WrongGrad().apply((a, b.array))[0]
    # w is a constant: then only x's (correct) gradient is checked
    gradient_check.check_backward(f_const, (x, w), gy, no_grads=[False, True])


def test_check_backward_casts_inputs_not_differentiated_to_dtype():
    seen = []

    def f(a, b, i):
        seen.append((a.dtype, b.dtype, i.dtype))
        return a * 2,
    x = numpy.ones(2, numpy.float32)
    ints = numpy.arange(2, dtype=numpy.int32)
    gradient_check.check_backward(f, (x, x.copy(), ints), numpy.ones(2, numpy.float32),
                                  no_grads=[False, True, True], dtype=numpy.float64)
    # The first call is the backward pass on the inputs as given; the numerical
    # evaluations see float inputs in float64, integers unchanged.
    assert seen[0] == (numpy.float32, numpy.float32, numpy.int32)
    assert set(seen[1:]) == {(numpy.dtype(numpy.float64), numpy.dtype(numpy.float64),
                              numpy.dtype(numpy.int32))}


def test_check_backward_output_without_gradient():
    # An output whose gradient is None (even a one-element one) is not
    # differentiated.
    def f(a, b):
        return a * 3, b * 5
    x = numpy.array([1.0])
    gradient_check.check_backward(f, (x, x.copy()), (numpy.ones(1), None))
    gradient_check.check_backward(f, (x, x.copy()), (None, numpy.ones(1)))


def test_check_backward_scalar_output_with_none_grad():
    x = numpy.random.uniform(-1, 1, (4,))
    gradient_check.check_backward(lambda a: F.sum(a * a), x, None)
    with pytest.raises(ValueError, match='y_grad is None'):
        gradient_check.check_backward(lambda a: a * a, x, None)


def test_check_backward_with_params_and_dtype():
    w = chainer.Parameter(numpy.array([0.5, -0.3, 0.2], numpy.float32))
    x = numpy.random.uniform(-1, 1, (3,)).astype(numpy.float32)
    gy = numpy.ones(3, numpy.float32)
    gradient_check.check_backward(lambda a: F.tanh(a * w), x, gy, params=w,
                                  dtype=numpy.float64, atol=1e-4, rtol=1e-3)

    def wrong(a):
        return WrongGrad().apply((a, w))[0]

    with pytest.raises(AssertionError):
        gradient_check.check_backward(wrong, x, gy, params=w, dtype=numpy.float64,
                                      atol=1e-4, rtol=1e-3)
    with pytest.raises(ValueError, match='float dtype'):
        gradient_check.check_backward(F.tanh, x, gy, dtype=numpy.int32)


def test_check_backward_integer_inputs_are_not_differentiated():
    x = numpy.random.uniform(-1, 1, (3,))
    idx = numpy.array([2, 0], numpy.int32)
    gradient_check.check_backward(lambda a, i: a[i.array.tolist()] * 2, (x, idx),
                                  numpy.ones(2))


def test_check_backward_output_mismatch_errors():
    x = numpy.ones(3)
    with pytest.raises(ValueError, match='shape'):
        gradient_check.check_backward(F.tanh, x, numpy.ones(4))
    with pytest.raises(ValueError, match='returned 1 outputs but y_grad has 2'):
        gradient_check.check_backward(F.tanh, x, (numpy.ones(3), numpy.ones(3)))


def test_check_double_backward_passes_and_fails():
    x = numpy.random.uniform(-1, 1, (3,))
    gy = numpy.random.uniform(-1, 1, (3,))
    ggx = numpy.random.uniform(-1, 1, (3,))
    gradient_check.check_double_backward(lambda a: a ** 3, x, gy, ggx)
    gradient_check.check_double_backward(F.sigmoid, x, gy, ggx)

    class WrongSecond(chainer.FunctionNode):
        # Correct first derivative (3x^2), wrong second derivative.
        def forward(self, inputs):
            self.retain_inputs((0,))
            return inputs[0] ** 3,

        def backward(self, indexes, grad_outputs):
            x, = self.get_retained_inputs()
            # (3 * c) x^2 with c = 1 but built so its derivative wrt x is doubled
            c = chainer.Variable(x.array ** 2)  # treated as constant: wrong
            return grad_outputs[0] * 3 * c,

    def f(a):
        return WrongSecond().apply((a,))[0]

    gradient_check.check_backward(f, x, gy)
    with pytest.raises(AssertionError):
        gradient_check.check_double_backward(f, x, gy, ggx)


def test_check_double_backward_two_inputs():
    x = numpy.random.uniform(-1, 1, (2,))
    w = numpy.random.uniform(-1, 1, (2,))
    gy = numpy.random.uniform(-1, 1, (2,))
    gradient_check.check_double_backward(
        lambda a, b: a * a * b, (x, w), gy,
        (numpy.random.uniform(-1, 1, (2,)), numpy.random.uniform(-1, 1, (2,))))


def test_module_exports():
    assert gradient_check.assert_allclose is chainer.testing.assert_allclose
    assert issubclass(gradient_check.NondifferentiableError, Exception)


def test_check_backward_with_an_output_returned_twice():
    x = numpy.array([1.0, 2.0])

    def f(a):
        y = a * 3
        return y, y
    gradient_check.check_backward(f, (x,), (numpy.ones(2), numpy.full(2, 2.0)))
    # (0-d outputs too: their gradients add up to a 0-d array)
    gradient_check.check_backward(f, (numpy.array(1.5, numpy.float16),),
                                  (numpy.array(1, numpy.float16),) * 2,
                                  dtype=numpy.float64)

    class _Half(chainer.FunctionNode):
        def forward(self, inputs):
            return inputs[0] * 3,

        def backward(self, indexes, grad_outputs):
            return grad_outputs[0] * 1.5,

    def g(a):
        y, = _Half().apply((a,))
        return y, y
    with pytest.raises(AssertionError, match='check_backward failed'):
        gradient_check.check_backward(g, (x,), (numpy.ones(2), numpy.ones(2)))
