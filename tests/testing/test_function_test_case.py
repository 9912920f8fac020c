"""FunctionTestCase finds what is wrong with a function, and only that."""
import unittest

import numpy
import pytest

import chainer
import chainer.functions as F
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


def _tests(case_class):
    return unittest.defaultTestLoader.getTestCaseNames(case_class)


class _Square(chainer.FunctionNode):
    """y = x ** 2, with gradient rules that can be broken on purpose."""

    def __init__(self, grad_factor=2.0, differentiable_grad=True):
        self.grad_factor = grad_factor
        self.differentiable_grad = differentiable_grad

    def forward(self, inputs):
        x, = inputs
        self.retain_inputs((0,))
        return x * x,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        if self.differentiable_grad:
            return gy * x * self.grad_factor,
        # Right values, but computed outside the graph: double backward is wrong.
        return chainer.Variable(gy.array * x.array * self.grad_factor),


def _square_case(backends=({},), **attributes):
    class TestSquare(testing.FunctionTestCase):
        grad_factor = 2.0
        differentiable_grad = True
        expected_offset = 0.0

        def generate_inputs(self):
            return numpy.random.uniform(-1, 1, (3, 2)),

        def forward(self, inputs, device):
            x, = inputs
            node = _Square(self.grad_factor, self.differentiable_grad)
            return node.apply((x,))

        def forward_expected(self, inputs):
            x, = inputs
            return x * x + self.expected_offset,
    for key, value in attributes.items():
        setattr(TestSquare, key, value)
    if backends is None:
        return TestSquare
    return testing.inject_backend_tests(None, list(backends))(TestSquare)


def test_correct_function_passes():
    outcomes = _run(_square_case())
    assert outcomes == {'test_forward__numpy': ('passed', ''),
                        'test_backward__numpy': ('passed', ''),
                        'test_double_backward__numpy': ('passed', '')}


def test_wrong_forward_is_found():
    outcomes = _run(_square_case(expected_offset=0.1))
    state, message = outcomes['test_forward__numpy']
    assert state == 'failed'
    assert 'FunctionTestError' in message and 'Outputs do not match' in message
    assert 'Indices of outputs that do not match: 0' in message
    assert outcomes['test_backward__numpy'][0] == 'passed'


def test_wrong_backward_is_found():
    outcomes = _run(_square_case(grad_factor=3.0))
    assert outcomes['test_forward__numpy'][0] == 'passed'
    state, message = outcomes['test_backward__numpy']
    assert state == 'failed' and 'backward is not implemented correctly' in message
    # The double backward test checks the derivative of the backward computation
    # as it is, so it does not fail for a wrong (but smooth) first derivative.
    assert outcomes['test_double_backward__numpy'][0] == 'passed'


def test_wrong_double_backward_is_found():
    outcomes = _run(_square_case(differentiable_grad=False))
    assert outcomes['test_forward__numpy'][0] == 'passed'
    assert outcomes['test_backward__numpy'][0] == 'passed'
    state, message = outcomes['test_double_backward__numpy']
    assert state == 'failed'
    assert 'double backward is not implemented correctly' in message


def test_loose_options_accept_a_small_error():
    outcomes = _run(_square_case(expected_offset=1e-3,
                                 check_forward_options={'atol': 1e-2, 'rtol': 0}))
    assert outcomes['test_forward__numpy'][0] == 'passed'


@pytest.mark.parametrize('flag,test', [
    ('skip_forward_test', 'test_forward__numpy'),
    ('skip_backward_test', 'test_backward__numpy'),
    ('skip_double_backward_test', 'test_double_backward__numpy'),
])
def test_skip_flags(flag, test):
    outcomes = _run(_square_case(**{flag: True}))
    assert outcomes[test] == ('skipped', '{} is set'.format(flag))
    others = [state for name, (state, _) in outcomes.items() if name != test]
    assert others == ['passed', 'passed']


def test_before_test_can_skip():
    def before_test(self, test_name):
        if test_name == 'test_double_backward':
            raise unittest.SkipTest('no double backward today')
    outcomes = _run(_square_case(before_test=before_test))
    assert outcomes['test_double_backward__numpy'] == (
        'skipped', 'no double backward today')
    assert outcomes['test_forward__numpy'][0] == 'passed'


@pytest.mark.parametrize('contiguous', [None, 'C'])
def test_contiguity_of_the_arrays_given_to_forward(contiguous):
    seen = []

    class TestIdentity(testing.FunctionTestCase):
        skip_backward_test = True
        skip_double_backward_test = True

        def generate_inputs(self):
            return (numpy.random.uniform(-1, 1, (3, 4)),
                    numpy.random.uniform(-1, 1, (2, 3)))

        def forward(self, inputs, device):
            seen.extend(x.array.flags.c_contiguous for x in inputs)
            return F.identity(*inputs)

        def forward_expected(self, inputs):
            return tuple(inputs)
    TestIdentity.contiguous = contiguous
    TestIdentity = testing.inject_backend_tests(['test_forward'], [{}])(TestIdentity)
    outcomes = _run(TestIdentity)
    assert outcomes['test_forward__numpy'][0] == 'passed'
    assert len(seen) == 2
    assert all(seen) if contiguous == 'C' else not any(seen)


def test_invalid_contiguous():
    outcomes = _run(_square_case(contiguous='F'))
    state, message = outcomes['test_forward__numpy']
    assert state == 'failed' and "contiguous must be None" in message


def test_output_dtype_is_checked():
    class TestUpcast(testing.FunctionTestCase):
        def generate_inputs(self):
            return numpy.ones((2,), numpy.float32),

        def forward(self, inputs, device):
            x, = inputs
            return x * 2,

        def forward_expected(self, inputs):
            x, = inputs
            return (x * 2).astype(numpy.float64),
    outcomes = _run(testing.inject_backend_tests(['test_forward'], [{}])(TestUpcast))
    state, message = outcomes['test_forward__numpy']
    assert state == 'failed'
    assert 'Output 0 has dtype float32, but dtype float64 is expected' in message


def test_forward_must_not_modify_inputs():
    class TestInPlace(testing.FunctionTestCase):
        def generate_inputs(self):
            return numpy.ones((2,)),

        def forward(self, inputs, device):
            x, = inputs
            x.array[...] = 0
            return x * 1,

        def forward_expected(self, inputs):
            return numpy.zeros((2,)),
    outcomes = _run(testing.inject_backend_tests(['test_forward'], [{}])(TestInPlace))
    assert 'forward modified input 0 in place' in outcomes['test_forward__numpy'][1]


def test_generate_inputs_must_give_numpy_arrays():
    class TestBadInputs(testing.FunctionTestCase):
        def generate_inputs(self):
            return [1.0, 2.0],

        def forward(self, inputs, device):
            return inputs

        def forward_expected(self, inputs):
            return inputs
    outcomes = _run(testing.inject_backend_tests(['test_forward'], [{}])(TestBadInputs))
    message = outcomes['test_forward__numpy'][1]
    assert 'generate_inputs must return numpy.ndarray objects, but element 0 is ' \
        'builtins.list' in message


def test_forward_must_return_variables():
    class TestArrays(testing.FunctionTestCase):
        def generate_inputs(self):
            return numpy.ones((2,)),

        def forward(self, inputs, device):
            return inputs[0].array,

        def forward_expected(self, inputs):
            return inputs
    outcomes = _run(testing.inject_backend_tests(['test_forward'], [{}])(TestArrays))
    assert 'forward must return Variables, but output 0 is numpy.ndarray' in \
        outcomes['test_forward__numpy'][1]


class _Scale(chainer.FunctionNode):
    """y = x * n for a float x and an integer array n."""

    def forward(self, inputs):
        x, n = inputs
        self.retain_inputs((1,))
        return (x * n).astype(x.dtype),

    def backward(self, indexes, grad_outputs):
        n, = self.get_retained_inputs()
        gy, = grad_outputs
        return gy * n.array.astype(gy.dtype), None


def test_integer_inputs_are_not_differentiated():
    class TestScale(testing.FunctionTestCase):
        def generate_inputs(self):
            return (numpy.random.uniform(-1, 1, (3,)),
                    numpy.array([1, -2, 3], numpy.int32))

        def forward(self, inputs, device):
            return _Scale().apply(inputs)

        def forward_expected(self, inputs):
            x, n = inputs
            return x * n,
    outcomes = _run(testing.inject_backend_tests(None, [{}])(TestScale))
    assert all(state == 'passed' for state, _ in outcomes.values()), outcomes


def _abs_case(inputs_sequence):
    class TestAbs(testing.FunctionTestCase):
        dodge_nondifferentiable = True
        skip_double_backward_test = True
        draws = []

        def generate_inputs(self):
            x = inputs_sequence[min(len(self.draws), len(inputs_sequence) - 1)]
            self.draws.append(x)
            return x.copy(),

        def forward(self, inputs, device):
            x, = inputs
            return abs(x),

        def forward_expected(self, inputs):
            x, = inputs
            return numpy.abs(x),
    return testing.inject_backend_tests(None, [{}])(TestAbs)


def test_dodge_nondifferentiable_draws_new_inputs():
    at_kink = numpy.array([0.5, 0.0, -0.5])
    smooth = numpy.array([0.5, 0.25, -0.5])
    case = _abs_case([at_kink, smooth])
    outcomes = _run(case)
    assert outcomes['test_backward__numpy'][0] == 'passed'
    # The forward test drew once; the backward test twice (the kink, then smooth).
    assert len(case.draws) == 3


def test_dodge_nondifferentiable_gives_up():
    case = _abs_case([numpy.array([0.0, 1.0])])
    outcomes = _run(case)
    state, message = outcomes['test_backward__numpy']
    assert state == 'failed'
    assert 'could not draw inputs at which the function is differentiable' in message


def test_unavailable_backends_are_skipped_with_reason():
    case = testing.inject_backend_tests(
        None, [{}, {'use_cuda': True}, {'use_chainerx': True,
                                        'chainerx_device': 'native:0'},
               {'use_ideep': 'always'}])(_square_case(backends=None))
    outcomes = _run(case)
    assert sorted(outcomes) == sorted(
        '{}__{}'.format(test, backend)
        for test in ('test_forward', 'test_backward', 'test_double_backward')
        for backend in ('numpy', 'cuda_0', 'chainerx_native_0', 'intel64_always'))
    assert outcomes['test_forward__numpy'][0] == 'passed'
    state, message = outcomes['test_forward__chainerx_native_0']
    assert state == 'skipped' and 'ChainerX is not available' in message
    state, message = outcomes['test_backward__intel64_always']
    assert state == 'skipped' and 'iDeep' in message
    classes = {cls.test_forward.backend_config.get_func_str(): cls
               for cls in testing.parameterized._classes_of(case)}
    marks = {m.name: m for m in classes['chainerx_native_0'].pytestmark}
    assert 'chainerx' in marks
    assert 'ChainerX is not available' in marks['skipif'].kwargs['reason']


def test_without_inject_runs_on_numpy():
    class TestPlain(testing.FunctionTestCase):
        def generate_inputs(self):
            return numpy.ones((2,)),

        def forward(self, inputs, device):
            assert device == chainer.backend.CpuDevice()
            return inputs[0] * 3,

        def forward_expected(self, inputs):
            return inputs[0] * 3,
    outcomes = _run(TestPlain)
    assert all(state == 'passed' for state, _ in outcomes.values()), outcomes


def test_function_test_error_helpers():
    error = testing.FunctionTestError
    assert issubclass(error, AssertionError)
    error.check(True, 'not raised')
    with pytest.raises(error, match='it failed'):
        error.check(False, 'it failed')
    with pytest.raises(error, match=r'wrapped\n\n\(caused by\)\nValueError: inner'):
        with error.raise_if_fail('wrapped', error_types=ValueError):
            raise ValueError('inner')
    with pytest.raises(KeyError):
        with error.raise_if_fail('wrapped'):
            raise KeyError('not converted')


def test_test_name_is_set_before_inputs_are_generated():
    seen = []

    class TestNamed(testing.FunctionTestCase):
        def before_test(self, test_name):
            seen.append(('before', test_name, self.test_name))

        def generate_inputs(self):
            seen.append(('inputs', self.test_name))
            return numpy.random.uniform(-1, 1, (2,)),

        def forward(self, inputs, device):
            return inputs[0] * 2,

        def forward_expected(self, inputs):
            return inputs[0] * 2,
    outcomes = _run(testing.inject_backend_tests(None, [{}])(TestNamed))
    assert all(state == 'passed' for state, _ in outcomes.values()), outcomes
    for name in ('test_forward', 'test_backward', 'test_double_backward'):
        assert ('before', name, name) in seen
        assert ('inputs', name) in seen
    assert {entry[1] for entry in seen if entry[0] == 'inputs'} == {
        'test_forward', 'test_backward', 'test_double_backward'}


def test_options_updated_in_setup_do_not_leak():
    class TestLoose(testing.FunctionTestCase):
        check_forward_options = {'atol': 1e-4}

        def setUp(self):
            self.check_forward_options.update({'atol': 1.0})
            self.check_backward_options.update({'atol': 1.0})

        def generate_inputs(self):
            return numpy.ones((2,)),

        def forward(self, inputs, device):
            return inputs[0] * 2,

        def forward_expected(self, inputs):
            return inputs[0] * 2 + 0.5,
    outcomes = _run(testing.inject_backend_tests(['test_forward'], [{}])(TestLoose))
    assert outcomes['test_forward__numpy'][0] == 'passed'
    assert TestLoose.check_forward_options == {'atol': 1e-4}
    assert testing.FunctionTestCase.check_backward_options == {}
