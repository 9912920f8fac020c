import sys
import types
import unittest

import numpy
import pytest

import chainer
from chainer.backends import cuda
import chainer.functions as F
from chainer import testing


def _generated_classes(decorated):
    return list(decorated._chainer_testing_generated_classes)


def _run(classes):
    result = unittest.TestResult()
    for cls in classes:
        unittest.defaultTestLoader.loadTestsFromTestCase(cls).run(result)
    return result


def _fresh_class(name='TestUnary'):
    module = types.ModuleType('fake_unary_module_{}'.format(len(sys.modules)))
    sys.modules[module.__name__] = module
    cls = type(name, (unittest.TestCase,), {})
    cls.__module__ = module.__name__
    return cls


def test_exp_passes_on_every_shape_and_dtype():
    decorated = testing.unary_math_function_unittest(F.exp)(_fresh_class())
    classes = _generated_classes(decorated)
    assert len(classes) == 6
    assert {(c.shape, c.dtype) for c in classes} == {
        (s, d) for s in [(3, 2), ()]
        for d in [numpy.float16, numpy.float32, numpy.float64]}
    result = _run(classes)
    # forward, backward, double backward on CPU and GPU, and the label
    assert result.testsRun == 6 * 7
    assert not result.failures and not result.errors
    # the GPU tests are skipped without CuPy
    assert len(result.skipped) == (0 if cuda.available else 6 * 3)


class _WrongExp(chainer.FunctionNode):
    """exp with a gradient twice too large."""

    @property
    def label(self):
        return 'wrong_exp'

    def forward(self, inputs):
        self.retain_outputs((0,))
        return numpy.exp(inputs[0]),

    def backward(self, indexes, grad_outputs):
        y, = self.get_retained_outputs()
        g = grad_outputs[0] * y
        return g + g,  # (no Python scalar: keeps 0-d float32 on NumPy 1.x)


def wrong_exp(x):
    return _WrongExp().apply((x,))[0]


def test_wrong_gradient_is_found():
    decorated = testing.unary_math_function_unittest(
        wrong_exp, func_expected=numpy.exp)(_fresh_class())
    result = _run(_generated_classes(decorated))
    failed = [test._testMethodName for test, _ in result.failures]
    assert failed.count('test_backward_cpu') == 6
    if cuda.available:
        assert failed.count('test_backward_gpu') == 6
    # The second derivative goes through the same wrong rule, so it may fail
    # too; the forward and the label are right.
    assert set(failed) <= {'test_backward_cpu', 'test_double_backward_cpu',
                           'test_backward_gpu', 'test_double_backward_gpu'}


def test_label_and_missing_numpy_function():
    decorated = testing.unary_math_function_unittest(
        wrong_exp, func_expected=lambda x: numpy.exp(x),
        label_expected='other')(_fresh_class())
    result = _run(_generated_classes(decorated))
    failed = {test._testMethodName for test, _ in result.failures}
    assert 'test_label' in failed
    with pytest.raises(ValueError, match="NumPy has no function named 'wrong_exp'"):
        testing.unary_math_function_unittest(wrong_exp)


def test_make_data_and_options():
    calls = []

    def make_data(shape, dtype):
        calls.append((shape, dtype))
        x = numpy.random.uniform(0.5, 1, shape).astype(dtype)
        return x, numpy.ones(shape, dtype), numpy.ones(shape, dtype)
    decorated = testing.unary_math_function_unittest(
        F.log, make_data=make_data, forward_options={'atol': 1e-2, 'rtol': 1e-2})(
            _fresh_class())
    result = _run(_generated_classes(decorated))
    assert not result.failures and not result.errors
    assert len(calls) == 6 * 7


def test_is_linear_is_accepted_with_a_warning():
    with pytest.warns(DeprecationWarning, match='is_linear is ignored'):
        testing.unary_math_function_unittest(F.exp, is_linear=False)


def test_reference_taking_dtype_is_told_the_input_dtype():
    seen = []

    def exp_in_dtype(x, dtype):
        seen.append((x.dtype, dtype))
        return numpy.exp(x.astype(numpy.float64)).astype(dtype)

    def exp_plain(x):
        seen.append((x.dtype, None))
        return numpy.exp(x)

    decorated = testing.unary_math_function_unittest(
        F.exp, func_expected=exp_in_dtype)(_fresh_class())
    result = _run(_generated_classes(decorated))
    assert not result.failures and not result.errors
    assert seen and all(dtype == given for dtype, given in seen)
    assert {dtype for dtype, _ in seen} == {
        numpy.dtype(numpy.float16), numpy.dtype(numpy.float32),
        numpy.dtype(numpy.float64)}
    del seen[:]
    decorated = testing.unary_math_function_unittest(
        F.exp, func_expected=exp_plain)(_fresh_class())
    result = _run(_generated_classes(decorated))
    assert not result.failures and not result.errors
    assert seen and all(given is None for _, given in seen)
