import unittest

import pytest

from chainer.backends import cuda
from chainer.testing import attr


def _marks(obj):
    return {m.name: m for m in getattr(obj, 'pytestmark', [])}


def _fresh():
    def test_function():
        pass
    return test_function


@pytest.mark.parametrize('name', ['gpu', 'cudnn', 'ideep', 'chainerx'])
def test_hardware_attributes_mark_and_skip_when_unavailable(name):
    if name in ('gpu', 'cudnn') and cuda.available:
        pytest.skip('CuPy is installed: the attribute does not skip here')
    decorated = getattr(attr, name)(_fresh())
    marks = _marks(decorated)
    assert name in marks
    assert 'skipif' in marks
    assert marks['skipif'].args == (True,)
    reason = marks['skipif'].kwargs['reason']
    expected_word = {'gpu': 'CuPy', 'cudnn': 'cuDNN', 'ideep': 'iDeep',
                     'chainerx': 'ChainerX'}[name]
    assert expected_word in reason


def test_slow_marks_without_skipping():
    decorated = attr.slow(_fresh())
    marks = _marks(decorated)
    assert set(marks) == {'slow'}


def test_multi_gpu():
    decorated = attr.multi_gpu(2)(_fresh())
    marks = _marks(decorated)
    assert marks['gpu'].args == (2,)
    if not cuda.available:
        assert 'CuPy' in marks['skipif'].kwargs['reason']
    with pytest.raises(ValueError, match='gpu_num must be a positive integer, got 0'):
        attr.multi_gpu(0)


def test_attribute_on_a_unittest_class():
    @attr.chainerx
    class TestSomething(unittest.TestCase):
        def test_it(self):
            pass
    marks = _marks(TestSomething)
    assert 'chainerx' in marks and 'skipif' in marks


def test_unittest_skip_without_pytest(monkeypatch):
    # Without pytest, the hardware attributes fall back to unittest's skipping.
    from chainer.testing import _marks as marks_module
    monkeypatch.setattr(marks_module, 'pytest', None)
    calls = []

    class TestSomething(unittest.TestCase):
        @attr.ideep
        def test_ideep(self):
            calls.append('ideep')

        @attr.slow
        def test_slow(self):
            calls.append('slow')
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(TestSomething).run(result)
    assert calls == ['slow']
    assert len(result.skipped) == 1 and 'iDeep' in result.skipped[0][1]


@attr.gpu
def test_this_test_is_skipped_here_when_cupy_is_missing():
    # Collected and skipped with a reason when CuPy is not installed; with
    # CuPy it runs and finds a device.
    assert cuda.available


def test_check_available(monkeypatch):
    from chainer.testing import attr as attr_module
    assert attr_module.check_available() is None
    monkeypatch.setattr(attr_module, 'get_error',
                        lambda: ImportError('No module named pytest'))
    with pytest.raises(RuntimeError, match='not available: No module named pytest'):
        attr_module.check_available()
