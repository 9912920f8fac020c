"""parameterize'd classes run under the plain unittest loader (python -m unittest).

unittest ignores pytest's ``__test__`` flag and collects every TestCase subclass in a
module, including the undecorated template class that has no parameters.
"""
import sys
import types
import unittest

from chainer import testing


def _make_module(name):
    module = types.ModuleType(name)
    sys.modules[name] = module
    return module


def _run(module):
    suite = unittest.TestLoader().loadTestsFromModule(module)
    result = unittest.TestResult()
    suite.run(result)
    return result


def test_template_not_failing_under_unittest_loader():
    name = '_qa_param_loader_mod'
    module = _make_module(name)
    seen = []
    try:
        class TestFoo(unittest.TestCase):
            def setUp(self):
                self.twice = self.value * 2   # needs the parameter

            def test_value(self):
                seen.append((self.value, self.twice))
        TestFoo.__module__ = name
        module.TestFoo = testing.parameterize({'value': 1}, {'value': 3})(TestFoo)

        result = _run(module)
        assert result.errors == [] and result.failures == []
        assert sorted(seen) == [(1, 2), (3, 6)]
        assert result.testsRun == 3          # two generated + the skipped template
        assert len(result.skipped) == 1
    finally:
        del sys.modules[name]


def test_stacked_and_unittest_skip_kept():
    name = '_qa_param_loader_mod2'
    module = _make_module(name)
    seen = []
    try:
        @unittest.skip('downstream reason')
        class TestSkipped(unittest.TestCase):
            def test_it(self):
                seen.append('skipped-ran')

        class TestStacked(unittest.TestCase):
            def test_it(self):
                seen.append((self.a, self.b))
        for cls in (TestSkipped, TestStacked):
            cls.__module__ = name
        module.TestSkipped = testing.parameterize({'a': 0})(TestSkipped)
        module.TestStacked = testing.parameterize({'a': 1}, {'a': 2})(
            testing.parameterize({'b': 5})(TestStacked))

        result = _run(module)
        assert result.errors == [] and result.failures == []
        assert 'skipped-ran' not in seen
        assert sorted(seen) == [(1, 5), (2, 5)]
        reasons = [reason for _, reason in result.skipped]
        assert 'downstream reason' in reasons
    finally:
        del sys.modules[name]
