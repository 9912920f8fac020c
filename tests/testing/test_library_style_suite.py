"""A test suite written the way a library built on Chainer writes one, run by pytest
in a subprocess: the numbers of passed, skipped and failed tests are what the
decorators promise."""
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ElementTree


import chainer
from chainer.backends import cuda

SUITE = textwrap.dedent('''
    import unittest

    import numpy

    import chainer
    import chainer.functions as F
    from chainer import testing
    from chainer.testing import attr
    from chainer.testing import condition


    @testing.parameterize(*testing.product({
        'shape': [(2, 3), (4,)],
        'dtype': [numpy.float32, numpy.float64],
    }))
    @testing.inject_backend_tests(
        None,
        [{}, {'use_cuda': True},
         {'use_chainerx': True, 'chainerx_device': 'native:0'}])
    class TestTanh(testing.FunctionTestCase):

        def generate_inputs(self):
            x = numpy.random.uniform(-1, 1, self.shape).astype(self.dtype)
            return x,

        def forward(self, inputs, device):
            x, = inputs
            return F.tanh(x),

        def forward_expected(self, inputs):
            x, = inputs
            return numpy.tanh(x),


    ATTEMPTS = {}


    @testing.parameterize(*testing.product({'n': [1, 2, 3]}))
    class TestRetry(unittest.TestCase):

        @condition.retry(3)
        def test_flaky(self):
            # fails on the first attempt of each parameter set, then passes
            ATTEMPTS[self.n] = ATTEMPTS.get(self.n, 0) + 1
            self.assertGreater(ATTEMPTS[self.n], 1)

        @attr.slow
        def test_slow(self):
            self.assertEqual(sum(range(self.n + 1)), self.n * (self.n + 1) // 2)

        @attr.gpu
        def test_gpu(self):
            self.assertTrue(chainer.backends.cuda.available)


    @testing.with_requires('numpy>=1.0')
    def test_with_numpy():
        assert numpy.ones(2).sum() == 2


    @testing.with_requires('a-package-that-does-not-exist>=1.0')
    def test_with_missing_package():
        raise AssertionError('must not run')


    @testing.inject_backend_tests(None, [{}])
    class TestWrongExpectation(testing.FunctionTestCase):
        skip_double_backward_test = True

        def generate_inputs(self):
            return numpy.ones((2,), numpy.float32),

        def forward(self, inputs, device):
            return inputs[0] * 2,

        def forward_expected(self, inputs):
            return inputs[0] * 3,
''')

PYTEST_INI = textwrap.dedent('''
    [pytest]
    addopts = -p no:cacheprovider --strict-markers
    markers =
        slow: long test
        gpu: needs a GPU
        cudnn: needs cuDNN
        ideep: needs iDeep
        chainerx: needs ChainerX
''')


def _run_suite(tmp_path, *args):
    (tmp_path / 'test_suite.py').write_text(SUITE)
    (tmp_path / 'pytest.ini').write_text(PYTEST_INI)
    report = tmp_path / 'report.xml'
    src = os.path.dirname(os.path.dirname(chainer.__file__))
    env = dict(os.environ)
    env['PYTHONPATH'] = src + os.pathsep + env.get('PYTHONPATH', '')
    result = subprocess.run(
        [sys.executable, '-m', 'pytest', '-q', '-rs', '--junitxml', str(report),
         'test_suite.py'] + list(args),
        cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=300)
    outcomes = {}
    for case in ElementTree.parse(str(report)).getroot().iter('testcase'):
        name = '{}::{}'.format(case.get('classname').split('.')[-1], case.get('name'))
        if case.find('skipped') is not None:
            outcomes[name] = ('skipped', case.find('skipped').get('message', ''))
        elif case.find('failure') is not None or case.find('error') is not None:
            outcomes[name] = ('failed', '')
        else:
            outcomes[name] = ('passed', '')
    return result, outcomes


def _count(outcomes, state, containing=''):
    """How many tests whose name contains ``containing`` ended in ``state`` (any
    state if ``state`` is empty)."""
    return sum(1 for name, (s, _) in outcomes.items()
               if state in ('', s) and containing in name)


def test_library_style_suite(tmp_path):
    # With CuPy, the CuPy backends and the GPU test run instead of skipping.
    gpu = 1 if cuda.available else 0
    result, outcomes = _run_suite(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr  # one failure
    # TestTanh: 4 parameter sets x 3 tests x 3 backends; NumPy runs, CuPy runs
    # only with CuPy, and ChainerX is skipped with a reason.
    assert _count(outcomes, 'passed', 'TestTanh') == 12 + 12 * gpu
    assert _count(outcomes, 'skipped', 'TestTanh') == 12 + 12 * (1 - gpu)
    # One class per backend configuration, named after its parameters.
    numpy_config = ('_use_chainerx_false__chainerx_device_None__use_cuda_false'
                    '__cuda_device_None__use_cudnn_never__cudnn_deterministic_false'
                    '__autotune_false__cudnn_fast_batch_normalization_false'
                    '__use_ideep_never')
    assert _count(outcomes, 'passed', numpy_config) == 12 + 1
    cuda_config = numpy_config.replace('use_cuda_false', 'use_cuda_true')
    chx_config = numpy_config.replace(
        'use_chainerx_false__chainerx_device_None',
        'use_chainerx_true__chainerx_device_native:0')
    assert _count(outcomes, '', cuda_config) == 12
    assert _count(outcomes, '', chx_config) == 12
    for name, (state, message) in outcomes.items():
        if cuda_config in name and not gpu:
            assert state == 'skipped' and 'CuPy is not installed' in message
        if chx_config in name:
            assert state == 'skipped' and 'ChainerX is not available' in message
    assert ('TestTanh' + numpy_config + '_param_0_{dtype=float32, shape=(2, 3)}'
            '::test_backward' in outcomes)
    # TestRetry: the flaky test passes on its retry, the slow one runs, the GPU
    # one needs CuPy.
    assert _count(outcomes, 'passed', 'TestRetry') == 6 + 3 * gpu
    assert _count(outcomes, 'skipped', 'TestRetry') == 3 * (1 - gpu)
    assert all(outcomes[n][0] == 'passed' for n in outcomes if 'test_flaky' in n)
    # with_requires
    assert outcomes['test_suite::test_with_numpy'][0] == 'passed'
    state, message = outcomes['test_suite::test_with_missing_package']
    assert state == 'skipped'
    assert 'requires: a-package-that-does-not-exist>=1.0' in message
    # The deliberately wrong expectation is reported as a failure.
    wrong = 'TestWrongExpectation' + numpy_config
    assert outcomes[wrong + '::test_forward'][0] == 'failed'
    assert outcomes[wrong + '::test_backward'][0] == 'passed'
    assert 'Outputs do not match the expected values' in result.stdout
    # Totals, as pytest itself reports them.
    passed = 12 + 6 + 1 + 1 + 15 * gpu
    skipped = 24 + 3 + 1 + 1 - 15 * gpu
    assert _count(outcomes, 'passed') == passed
    assert _count(outcomes, 'skipped') == skipped
    assert _count(outcomes, 'failed') == 1
    assert '1 failed, {} passed, {} skipped'.format(passed, skipped) in result.stdout

    # Selecting by mark: the slow (3) and GPU tests (3, and the 12 on CuPy
    # backends) are deselected, as are the 3 of TestWrongExpectation by name.
    result, outcomes = _run_suite(tmp_path, '-m', 'not slow and not gpu',
                                  '-k', 'not Wrong')
    assert result.returncode == 0, result.stdout + result.stderr
    assert _count(outcomes, 'passed') == 12 + 3 + 1
    assert _count(outcomes, 'skipped') == 12 + 1
    assert '16 passed, 13 skipped, 21 deselected' in result.stdout
