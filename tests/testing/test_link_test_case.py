"""LinkTestCase and LinkInitializersTestCase, run on chainer.links.Linear."""
import unittest

import numpy
import pytest

import chainer
from chainer.backends import cuda
from chainer import initializers
import chainer.links as L
from chainer import testing


def _run(case_class):
    """Run a test class with unittest; return {test name: (outcome, message)}.

    For a class decorated with ``inject_backend_tests``, the classes made for
    each backend run, and their tests are named ``<method>__<backend>``
    (``test_forward__numpy``)."""
    from chainer.testing import parameterized
    outcomes = {}
    for cls in parameterized._classes_of(case_class):
        result = unittest.TestResult()
        unittest.defaultTestLoader.loadTestsFromTestCase(cls).run(result)

        def key(name):
            config = getattr(getattr(cls, name), 'backend_config', None)
            return name if config is None else name + '__' + config.get_func_str()
        for name in unittest.defaultTestLoader.getTestCaseNames(cls):
            outcomes[key(name)] = ('passed', '')
        for test, message in result.failures + result.errors:
            outcomes[key(test._testMethodName)] = ('failed', message)
        for test, message in result.skipped:
            outcomes[key(test._testMethodName)] = ('skipped', message)
    return outcomes


class _BrokenLinear(L.Linear):
    """Linear whose gradient for W is wrong: the forward is right, but W enters
    through a function with a wrong backward."""

    def forward(self, x):
        W, = _WrongGrad().apply((self.W,))
        return chainer.functions.linear(x, W, self.b)


class _WrongGrad(chainer.FunctionNode):
    def forward(self, inputs):
        return inputs[0].copy(),

    def backward(self, indexes, grad_outputs):
        return grad_outputs[0] * 2,


def _linear_case(link_class=L.Linear, lazy=False, expected_offset=0.0):
    class TestLinear(testing.LinkTestCase):
        param_names = ('W', 'b')

        def generate_params(self):
            W = numpy.random.uniform(-1, 1, (2, 3))
            b = numpy.random.uniform(-1, 1, (2,))
            return W, b

        def create_link(self, initializers):
            W, b = initializers
            if lazy:
                return link_class(2, initialW=W, initial_bias=b)
            return link_class(3, 2, initialW=W, initial_bias=b)

        def generate_inputs(self):
            return numpy.random.uniform(-1, 1, (4, 3)),

        def forward_expected(self, link, inputs):
            x, = inputs
            W, b = link.W.array, link.b.array
            assert isinstance(W, numpy.ndarray)
            y = numpy.zeros((4, 2))
            for i in range(4):
                for j in range(2):
                    y[i, j] = (x[i] * W[j]).sum() + b[j] + expected_offset
            return y,
    return testing.inject_backend_tests(None, [{}, {'use_cuda': True}])(TestLinear)


@pytest.mark.parametrize('lazy', [False, True])
def test_correct_link_passes(lazy):
    outcomes = _run(_linear_case(lazy=lazy))
    assert outcomes['test_forward__numpy'] == ('passed', '')
    assert outcomes['test_backward__numpy'] == ('passed', '')
    # The CuPy backend runs where CuPy is installed, and is skipped elsewhere.
    expected = 'passed' if cuda.available else 'skipped'
    assert outcomes['test_forward__cuda_0'][0] == expected
    assert outcomes['test_backward__cuda_0'][0] == expected


def test_wrong_forward_is_found():
    outcomes = _run(_linear_case(expected_offset=0.01))
    state, message = outcomes['test_forward__numpy']
    assert state == 'failed' and 'LinkTestError' in message
    assert 'Outputs do not match' in message


def test_wrong_parameter_gradient_is_found():
    outcomes = _run(_linear_case(link_class=_BrokenLinear))
    assert outcomes['test_forward__numpy'][0] == 'passed'
    state, message = outcomes['test_backward__numpy']
    assert state == 'failed' and 'backward is not implemented correctly' in message


def test_unknown_param_name():
    case = _linear_case()
    case.param_names = ('W', 'c')
    state, message = _run(case)['test_backward__numpy']
    assert state == 'failed' and "no parameter named 'c'" in message


def test_create_link_must_return_a_link():
    case = _linear_case()
    case.create_link = lambda self, initializers: object()
    state, message = _run(case)['test_forward__numpy']
    assert 'create_link must return a chainer.Link, got builtins.object' in message


class _Deterministic(chainer.Initializer):
    """Fills the array with 0, 1, 2, ... (a deterministic initializer)."""

    def __call__(self, array):
        array[...] = numpy.arange(array.size).reshape(array.shape)


def _initializers_case(bias_default=0):
    class TestLinearInitializers(testing.LinkInitializersTestCase):
        param_names = ('W', 'b')

        def generate_params(self):
            return numpy.ones((2, 3), numpy.float32), numpy.ones(2, numpy.float32)

        def create_link(self, initializers):
            W, b = initializers
            return L.Linear(2, initialW=W, initial_bias=b)  # lazy in_size

        def generate_inputs(self):
            return numpy.random.uniform(-1, 1, (4, 3)).astype(numpy.float32),

        def get_initializers(self):
            return (
                [numpy.full((2, 3), 0.5, numpy.float32), 2.0,
                 initializers.Constant(-1.0), _Deterministic()],
                [testing.InitializerArgument(None, bias_default), 3.0,
                 numpy.array([1.0, 2.0], numpy.float32)],
            )
    return testing.inject_backend_tests(None, [{}])(TestLinearInitializers)


def test_initializers_pass():
    assert _run(_initializers_case()) == {
        'test_initializers__numpy': ('passed', '')}


def test_initializers_wrong_expectation_is_found():
    state, message = _run(_initializers_case(bias_default=1))[
        'test_initializers__numpy']
    assert state == 'failed'
    assert "Parameter 'b' is not initialized as expected" in message
    assert 'InitializerArgument(None, 1)' in message
