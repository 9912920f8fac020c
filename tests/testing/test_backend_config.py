import unittest

import numpy
import pytest

import chainer
from chainer.backends import cuda
import chainer.functions as F
from chainer import testing


def test_numpy_config():
    config = testing.BackendConfig({})
    assert config.use_cuda is False and config.use_cudnn == 'never'
    assert config.use_chainerx is False and config.use_ideep == 'never'
    assert config.xp is numpy
    assert config.device == chainer.backend.CpuDevice()
    assert config.get_func_str() == 'numpy'
    assert config.get_pytest_marks() == []
    assert repr(config) == '<BackendConfig numpy>'
    x = numpy.arange(3)
    assert config.get_array(x) is x
    assert config.get_array((x, [x])) == (x, [x])


def test_context_sets_configuration():
    config = testing.BackendConfig({'use_ideep': 'always'})
    assert chainer.config.use_ideep == 'never'
    with config:
        assert chainer.config.use_ideep == 'always'
        assert chainer.config.use_cudnn == 'never'
    assert chainer.config.use_ideep == 'never'


def test_descriptions_of_other_backends():
    cuda_config = testing.BackendConfig({'use_cuda': True, 'use_cudnn': 'always',
                                         'cuda_device': 1})
    assert cuda_config.get_func_str() == 'cuda_1_cudnn_always'
    marks = {m.name: m for m in cuda_config.get_pytest_marks()}
    assert set(marks) == {'gpu', 'cudnn'} and marks['gpu'].args == (2,)
    assert 'use_cudnn=' in repr(cuda_config) and 'cuda_device=1' in repr(cuda_config)
    chx = testing.BackendConfig({'use_chainerx': True, 'chainerx_device': 'cuda:0'})
    assert chx.get_func_str() == 'chainerx_cuda_0'
    assert {m.name for m in chx.get_pytest_marks()} == {'chainerx', 'gpu'}
    assert testing.BackendConfig({'use_cuda': True}).cuda_device == 0
    assert testing.BackendConfig({'use_cuda': True}) == testing.BackendConfig(
        {'use_cuda': True, 'cuda_device': 0})


def test_unavailable_backends():
    chx = testing.BackendConfig({'use_chainerx': True, 'chainerx_device': 'native:0'})
    assert 'ChainerX is not available' in chx._unavailable_reason()
    with pytest.raises(RuntimeError, match='ChainerX'):
        chx.device
    if not cuda.available:
        config = testing.BackendConfig({'use_cuda': True})
        assert 'CuPy is not installed' in config._unavailable_reason()
        with pytest.raises(RuntimeError, match='CUDA is not available'):
            config.device
    assert testing.BackendConfig({})._unavailable_reason() is None


@pytest.mark.parametrize('params,message', [
    ({'use_gpu': True}, "unknown parameter.*'use_gpu'"),
    ({'use_cudnn': 'yes', 'use_cuda': True}, "use_cudnn must be 'never', 'auto' or "
                                             "'always', got 'yes'"),
    ({'use_cudnn': 'always'}, 'needs use_cuda=True'),
    ({'use_chainerx': True}, 'needs a chainerx_device'),
    ({'chainerx_device': 'native:0'}, 'use_chainerx is False'),
    ({'use_cuda': True, 'use_ideep': 'always'}, 'cannot be combined'),
])
def test_invalid_params(params, message):
    with pytest.raises(ValueError, match=message):
        testing.BackendConfig(params)
    with pytest.raises(TypeError, match='params must be a dict'):
        testing.BackendConfig([('use_cuda', True)])


NUMPY_SUFFIX = ('_use_chainerx_false__chainerx_device_None__use_cuda_false'
                '__cuda_device_None__use_cudnn_never__cudnn_deterministic_false'
                '__autotune_false__cudnn_fast_batch_normalization_false'
                '__use_ideep_never')


def _fake_module(name):
    import sys
    import types
    module = types.ModuleType(name)
    sys.modules[name] = module
    return module


def _generated(module):
    return {name: c for name, c in vars(module).items()
            if isinstance(c, type) and c.__dict__.get('__test__', False)}


def test_inject_into_plain_pytest_class_keeps_fixtures():
    module = _fake_module('fake_inject_plain')

    class TestPlain:
        def test_uses_fixture(self, backend_config, tmp_path):
            return backend_config, tmp_path
    TestPlain.__module__ = module.__name__
    testing.inject_backend_tests(['test_uses_fixture'], [{}])(TestPlain)
    import inspect
    generated = _generated(module)
    assert list(generated) == ['TestPlain' + NUMPY_SUFFIX]
    cls = generated['TestPlain' + NUMPY_SUFFIX]
    method = cls.test_uses_fixture
    assert list(inspect.signature(method).parameters) == ['self', 'tmp_path']
    config, path = method(cls(), tmp_path='p')
    assert config.get_func_str() == 'numpy' and path == 'p'
    # The template is no longer collected.
    assert TestPlain.__test__ is False


def test_one_class_per_configuration_named_after_its_parameters():
    module = _fake_module('fake_inject_names')
    seen = []

    class TestNames(unittest.TestCase):
        def test_x(self, backend_config):
            seen.append(backend_config)

        def test_plain(self):
            seen.append('plain')
    TestNames.__module__ = module.__name__
    testing.inject_backend_tests(['test_x'], [
        {}, {'use_ideep': True}, {'use_cuda': True, 'cuda_device': 1},
        {'use_chainerx': True, 'chainerx_device': 'native:0'}])(TestNames)
    names = sorted(_generated(module))
    ideep = NUMPY_SUFFIX.replace('use_ideep_never', 'use_ideep_true')
    cuda = NUMPY_SUFFIX.replace('use_cuda_false__cuda_device_None',
                                'use_cuda_true__cuda_device_1')
    chx = NUMPY_SUFFIX.replace('use_chainerx_false__chainerx_device_None',
                               'use_chainerx_true__chainerx_device_native:0')
    assert names == sorted('TestNames' + s for s in (NUMPY_SUFFIX, ideep, cuda, chx))
    # Backends that are missing here carry their marks and are skipped.
    marks = {n: {m.name for m in getattr(c, 'pytestmark', [])}
             for n, c in _generated(module).items()}
    assert marks['TestNames' + NUMPY_SUFFIX] == set()
    assert 'ideep' in marks['TestNames' + ideep]
    assert 'gpu' in marks['TestNames' + cuda]
    assert 'chainerx' in marks['TestNames' + chx]
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(
        getattr(module, 'TestNames' + NUMPY_SUFFIX)).run(result)
    assert result.testsRun == 2 and result.wasSuccessful()
    assert seen[0] == 'plain' and seen[1].get_func_str() == 'numpy'


def test_stacked_injections_pass_one_configuration_each():
    module = _fake_module('fake_inject_stacked')
    seen = []

    class TestStacked(unittest.TestCase):
        def test_x(self, config0, config1):
            seen.append((config0.use_ideep, config1.use_ideep))
    TestStacked.__module__ = module.__name__
    inner = testing.inject_backend_tests(None, [{}, {'use_ideep': 'auto'}])
    outer = testing.inject_backend_tests(None, [{}, {'use_ideep': 'always'}])
    outer(inner(TestStacked))
    generated = _generated(module)
    assert len(generated) == 4
    numpy_both = 'TestStacked' + NUMPY_SUFFIX + '_' + NUMPY_SUFFIX[1:]
    assert numpy_both in generated
    mixed = ('TestStacked' + NUMPY_SUFFIX.replace('ideep_never', 'ideep_auto') +
             '_' + NUMPY_SUFFIX[1:])
    assert mixed in generated
    for name in (numpy_both, mixed):
        generated[name]('test_x').test_x()
    assert seen == [('never', 'never'), ('auto', 'never')]


def test_inject_unknown_method_and_empty_params():
    class TestA(unittest.TestCase):
        def test_x(self, backend_config):
            pass
    TestA.__module__ = _fake_module('fake_inject_unknown').__name__
    with pytest.raises(ValueError, match="no test method named 'test_y'"):
        testing.inject_backend_tests(['test_y'], [{}])(TestA)
    with pytest.raises(ValueError, match='at least one backend configuration'):
        testing.inject_backend_tests(None, [])


def test_inject_and_parameterize_in_either_order():
    import sys
    import types
    for order in ('inject_first', 'parameterize_first'):
        module = types.ModuleType('fake_inject_module_' + order)
        sys.modules[module.__name__] = module
        seen = []

        def test_it(self, backend_config):
            seen.append((self.n, backend_config.get_func_str()))
        cls = type('TestThing', (unittest.TestCase,), {'test_it': test_it})
        cls.__module__ = module.__name__
        inject = testing.inject_backend_tests(None, [{}, {'use_ideep': 'auto'}])
        parameterize = testing.parameterize({'n': 1}, {'n': 2})
        if order == 'inject_first':
            parameterize(inject(cls))
        else:
            inject(parameterize(cls))
        classes = [c for name, c in vars(module).items()
                   if isinstance(c, type) and c.__dict__.get('__test__', False)]
        assert len(classes) == 4
        # The configuration comes first in a name when it was injected first.
        names = sorted(c.__name__ for c in classes)
        if order == 'inject_first':
            assert all(n.startswith('TestThing_use_chainerx') for n in names)
            assert 'TestThing' + NUMPY_SUFFIX + '_param_0_{n=1}' in names
        else:
            assert all(n.startswith('TestThing_param_') for n in names)
            assert 'TestThing_param_0_{n=1}' + NUMPY_SUFFIX in names
        suite = unittest.TestSuite(
            unittest.defaultTestLoader.loadTestsFromTestCase(c) for c in classes)
        result = unittest.TestResult()
        suite.run(result)
        assert result.testsRun == 4 and len(result.skipped) == 2
        assert sorted(seen) == [(1, 'numpy'), (2, 'numpy')]


def test_backend_config_used_in_a_test():
    config = testing.BackendConfig({})
    x = config.get_array(numpy.array([1.0, -1.0], numpy.float32))
    with config:
        y = F.relu(x)
    assert isinstance(y.array, config.xp.ndarray)


def test_use_ideep_given_as_a_list_takes_the_most_demanding_level():
    config = testing.BackendConfig({'use_ideep': ['never', 'always']})
    assert config.use_ideep == ['never', 'always']
    # it needs iDeep, so it is not the plain NumPy configuration
    assert config != testing.BackendConfig({})
    with pytest.raises(ValueError, match='use_ideep'):
        testing.BackendConfig({'use_ideep': ['never', 'sometimes']})
