import sys
import types
import unittest

import numpy
import pytest

from chainer import testing


def _module():
    """A fresh module to hold generated classes."""
    name = 'chainer_testing_fake_module_{}'.format(len(sys.modules))
    module = types.ModuleType(name)
    sys.modules[name] = module
    return module


def _define(module, name, bases=(unittest.TestCase,), members=None):
    cls = type(name, bases, dict(members or {}))
    cls.__module__ = module.__name__
    setattr(module, name, cls)
    return cls


def _generated(module):
    return sorted((name, cls) for name, cls in vars(module).items()
                  if isinstance(cls, type) and getattr(cls, '__test__', True))


class TestProduct:

    def test_dict(self):
        got = testing.product({'a': [1, 2], 'b': ['x', 'y', 'z']})
        expected = [{'a': a, 'b': b} for a in [1, 2] for b in ['x', 'y', 'z']]
        assert sorted(got, key=repr) == sorted(expected, key=repr)
        assert len(got) == 6

    def test_comma_joined_names_vary_together(self):
        params = testing.product({'shape,fans': [((2, 3), (3, 2)), ((4,), (4, 4))],
                                  'dtype': ['f', 'd']})
        assert params == [
            {'dtype': 'f', 'shape': (2, 3), 'fans': (3, 2)},
            {'dtype': 'f', 'shape': (4,), 'fans': (4, 4)},
            {'dtype': 'd', 'shape': (2, 3), 'fans': (3, 2)},
            {'dtype': 'd', 'shape': (4,), 'fans': (4, 4)},
        ]
        with pytest.raises(ValueError, match='tuple of 2 values'):
            testing.product({'a,b': [(1, 2, 3)]})

    def test_empty_value_list_gives_nothing(self):
        assert testing.product({'a': [1], 'b': []}) == []

    def test_list_of_lists(self):
        got = testing.product([[{'a': 1}, {'a': 2}], [{'b': 3, 'c': 4}]])
        assert got == [{'a': 1, 'b': 3, 'c': 4}, {'a': 2, 'b': 3, 'c': 4}]

    def test_product_dict(self):
        got = testing.product_dict([{'a': 1}, {'a': 2}], [{'b': 3}, {'b': 4}])
        assert len(got) == 4
        assert {'a': 2, 'b': 4} in got and {'a': 1, 'b': 3} in got

    def test_product_dict_repeated_name(self):
        with pytest.raises(ValueError, match="'a' appears in more than one"):
            testing.product_dict([{'a': 1}], [{'a': 2}])

    def test_value_not_a_list(self):
        with pytest.raises(TypeError, match="the value of 'a' must be a list"):
            testing.product({'a': 1})
        with pytest.raises(TypeError, match="the value of 'a' must be a list"):
            testing.product({'a': 'abc'})

    def test_bad_argument(self):
        with pytest.raises(TypeError, match='expected a dict'):
            testing.product(3)


class TestParameterize:

    def test_generates_one_class_per_param(self):
        module = _module()
        template = _define(module, 'TestFoo', members={'test_a': lambda self: None})
        result = testing.parameterize({'x': 1}, {'x': 2, 'y': numpy.float32})(template)
        assert result is template
        assert template.__test__ is False
        generated = _generated(module)
        assert [name for name, _ in generated] == [
            'TestFoo_param_0_{x=1}', 'TestFoo_param_1_{x=2, y=float32}']
        first, second = generated[0][1], generated[1][1]
        assert issubclass(first, template) and first.x == 1
        assert second.x == 2 and second.y is numpy.float32
        assert first.__module__ == module.__name__

    def test_stacking_multiplies(self):
        module = _module()
        template = _define(module, 'TestFoo', members={'test_a': lambda self: None})
        template = testing.parameterize({'a': 1}, {'a': 2})(template)
        template = testing.parameterize({'b': 3}, {'b': 4}, {'b': 5})(template)
        generated = _generated(module)
        assert len(generated) == 6
        combos = sorted((cls.a, cls.b) for _, cls in generated)
        assert combos == [(a, b) for a in (1, 2) for b in (3, 4, 5)]

    def test_tests_see_parameters(self):
        module = _module()
        seen = []

        def test_record(self):
            seen.append((self.shape, self.dtype))
        template = _define(module, 'TestFoo', members={'test_record': test_record})
        testing.parameterize(*testing.product({
            'shape': [(2,), (3, 4)], 'dtype': [numpy.float16]}))(template)
        suite = unittest.TestSuite()
        for _, cls in _generated(module):
            suite.addTests(unittest.defaultTestLoader.loadTestsFromTestCase(cls))
        result = unittest.TextTestRunner(stream=open('/dev/null', 'w')).run(suite)
        assert result.wasSuccessful() and result.testsRun == 2
        assert sorted(seen) == [((2,), numpy.float16), ((3, 4), numpy.float16)]

    def test_empty_parameterize_generates_nothing(self):
        module = _module()
        template = _define(module, 'TestFoo', members={'test_a': lambda self: None})
        testing.parameterize()(template)
        assert _generated(module) == []

    def test_long_values_are_shortened_in_names(self):
        # a value's text is cut to 100 characters, keeping its head and tail
        module = _module()
        template = _define(module, 'TestFoo')
        value = 'a' * 100 + 'b' * 100
        testing.parameterize({'v': value, 'f': numpy.exp})(template)
        (name, _), = _generated(module)
        text = name[name.index('v=') + 2:-1]
        assert len(text) == 100
        assert text == repr(value)[:48] + '...' + repr(value)[-49:]
        assert 'f=exp' in name

    def test_value_texts_in_names(self):
        module = _module()
        template = _define(module, 'TestFoo')

        def my_loss(x):
            return x

        testing.parameterize({'dtype': numpy.bool_, 'n': numpy.int32(5),
                              'pad': float('inf'), 'fn': my_loss,
                              'kind': numpy.float16,
                              'pair': (numpy.int64(2), 'a')})(template)
        (name, _), = _generated(module)
        assert name == ("TestFoo_param_0_{dtype=bool_, fn=my_loss, kind=float16, "
                        "n=5, pad=inf, pair=(2, 'a')}")

    def test_function_parameter_is_not_bound(self):
        module = _module()
        seen = []

        def double(x):
            return 2 * x

        def test_call(self):
            seen.append(self.func(3))
        template = _define(module, 'TestFoo', members={'test_call': test_call})
        testing.parameterize({'func': double})(template)
        (_, cls), = _generated(module)
        cls('test_call').test_call()
        assert seen == [6]
        assert cls.func is double

    def test_bad_params(self):
        with pytest.raises(TypeError, match='must be a dict'):
            testing.parameterize([1, 2])
        with pytest.raises(ValueError, match='must be identifiers'):
            testing.parameterize({'not valid': 1})

    def test_pytest_style(self):
        assert testing.from_pytest_parameterize('a, b', [(1, 2), (3, 4)]) == [
            {'a': 1, 'b': 2}, {'a': 3, 'b': 4}]
        assert testing.from_pytest_parameterize(['a'], [1, (2,)]) == [
            {'a': 1}, {'a': 2}]
        with pytest.raises(ValueError, match='case 0 has 1 values but there are 2'):
            testing.from_pytest_parameterize('a,b', [(1,)])
        module = _module()
        template = _define(module, 'TestFoo')
        testing.parameterize_pytest('a', [5, 6])(template)
        assert sorted(cls.a for _, cls in _generated(module)) == [5, 6]
