"""Parameterized test classes: ``parameterize``, ``product`` and ``product_dict``.

``parameterize`` turns one test class into one class per parameter set; each
generated class is a subclass of the original with the parameters as class
attributes (so ``self.shape``, ``self.dtype`` work in the tests), and is placed in
the module of the original under a name that shows its parameters, such as
``TestFoo_param_0_{dtype=float32, shape=(2, 3)}``. The original class itself is
left in the module but is no longer collected as a test.

Decorators of this module and :func:`chainer.testing.inject_backend_tests` can be
stacked in any order; each multiplies the test classes made by the others.
"""
import itertools
import sys
import types

import numpy


# Name of the attribute on a decorated class that lists the classes generated
# from it (which the module holds); later decorators work on those.
_GENERATED = '_chainer_testing_generated_classes'


# Length limits of generated class names: one parameter's text, then the whole
# list; longer texts keep their head and tail around '...'.
_VALUE_MAXLEN = 100
_PARAMS_MAXLEN = 5000


def _shorten(text, maxlen):
    if len(text) <= maxlen:
        return text
    head = (maxlen - 3) // 2
    tail = maxlen - 3 - head
    return text[:head] + '...' + text[-tail:]


def _value_text(value):
    """The text of one parameter value in a generated class name.

    Classes and functions show their name (``dtype=float32``,
    ``function=squared_error``); anything else its ``repr``, with NumPy scalars
    written as plain numbers (``5``, not ``np.int32(5)``) whatever the NumPy
    version, so that test names are stable across NumPy 1.x and 2.x.
    """
    if value is numpy.bool_:
        return 'bool_'   # NumPy 2 renamed the type's __name__ to 'bool'
    if isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType,
                          numpy.ufunc)):
        return value.__name__
    if _LEGACY_PRINT is None:
        return repr(value)
    with numpy.printoptions(legacy=_LEGACY_PRINT):
        return repr(value)


_LEGACY_PRINT = '1.25' if int(numpy.__version__.split('.')[0]) >= 2 else None


def _param_text(param):
    items = ', '.join('{}={}'.format(k, _shorten(_value_text(param[k]), _VALUE_MAXLEN))
                      for k in sorted(param))
    return '{' + _shorten(items, _PARAMS_MAXLEN) + '}'


def _is_test_class(cls):
    return isinstance(cls, type)


def _classes_of(cls):
    """The concrete test classes that ``cls`` stands for."""
    generated = cls.__dict__.get(_GENERATED)
    if generated is None:
        return [cls]
    return list(generated)


_TEMPLATE_SKIP_REASON = (
    'parameterized template class: its tests run in the generated classes')
_SAVED_SKIP = '_chainer_testing_saved_unittest_skip'


def _mark_as_template(cls, generated):
    """Keep ``cls`` (in its module, under its name) out of test collection."""
    if cls.__dict__.get(_GENERATED) is None:
        # Remember the class's own unittest skip state (e.g. @unittest.skip)
        # before hiding it, so that generated classes keep it.
        setattr(cls, _SAVED_SKIP, (cls.__dict__.get('__unittest_skip__'),
                                   cls.__dict__.get('__unittest_skip_why__')))
    setattr(cls, _GENERATED, tuple(generated))
    cls.__test__ = False  # pytest honours this; the generated subclasses reset it
    # ``python -m unittest`` ignores ``__test__``: it collects every TestCase
    # subclass of the module, so the template (which lacks the parameters)
    # is marked as skipped there instead of failing.
    cls.__unittest_skip__ = True
    cls.__unittest_skip_why__ = _TEMPLATE_SKIP_REASON
    return cls


def _inherited_skip(base):
    """unittest skip state ``base`` would have without template marking."""
    for klass in base.__mro__:
        d = klass.__dict__
        if d.get(_GENERATED):
            skip, why = d.get(_SAVED_SKIP, (None, None))
            if skip is not None:
                return skip, why
            continue
        if '__unittest_skip__' in d:
            return d['__unittest_skip__'], d.get('__unittest_skip_why__', '')
    return False, ''


def _register(cls, name, module_name):
    cls.__name__ = name
    cls.__qualname__ = name
    cls.__module__ = module_name
    module = sys.modules.get(module_name)
    if module is not None:
        setattr(module, name, cls)


def _unregister(cls):
    module = sys.modules.get(cls.__module__)
    if module is not None and getattr(module, cls.__name__, None) is cls:
        delattr(module, cls.__name__)


def _make_class(base, name, members):
    members = dict(members)
    members['__test__'] = True
    members[_GENERATED] = None
    skip, why = _inherited_skip(base)
    members['__unittest_skip__'] = skip
    members['__unittest_skip_why__'] = why
    return type(base)(name, (base,), members)


def _parameterize_class(cls, params):
    """Make one subclass of ``cls`` per parameter dict and return them."""
    module_name = cls.__module__
    generated = []
    for i, param in enumerate(params):
        name = '{}_param_{}_{}'.format(cls.__name__, i, _param_text(param))
        # A function given as a parameter stays a plain function on the
        # instance (``self.func(x)``), not a method bound to the test case.
        members = {k: staticmethod(v) if isinstance(v, types.FunctionType) else v
                   for k, v in param.items()}
        members['_chainer_parameters'] = dict(
            getattr(cls, '_chainer_parameters', None) or {}, **param)
        new = _make_class(cls, name, members)
        _register(new, name, module_name)
        generated.append(new)
    return generated


def _check_params(params, where):
    for i, param in enumerate(params):
        if not isinstance(param, dict):
            raise TypeError(
                '{}: each parameter set must be a dict, but parameter set {} is {} '
                '({!r})'.format(where, i, type(param).__name__, param))
        for key in param:
            if not isinstance(key, str) or not key.isidentifier():
                raise ValueError(
                    '{}: parameter names must be identifiers, got {!r} in parameter '
                    'set {}'.format(where, key, i))


def parameterize(*params):
    """Class decorator: run the tests of a class once for each parameter set.

    Args:
        params (dicts): parameter sets. Each becomes a subclass of the decorated
            class whose class attributes are the items of the dict.

    Example::

        @testing.parameterize(*testing.product({
            'shape': [(3,), (2, 3)],
            'dtype': [numpy.float16, numpy.float32],
        }))
        class TestSum(unittest.TestCase):
            def test_shape(self):
                x = numpy.ones(self.shape, self.dtype)
                assert x.sum(keepdims=True).ndim == len(self.shape)

    With no parameter set (``parameterize()``), the class is collected with no
    test at all. Stacked decorators produce every combination.
    """
    params = list(params)
    _check_params(params, 'parameterize')

    def decorator(cls):
        if not _is_test_class(cls):
            raise TypeError('parameterize decorates test classes, got {!r}'.format(cls))
        all_generated = []
        for target in _classes_of(cls):
            generated = _parameterize_class(target, params)
            if target is not cls:
                _unregister(target)
            all_generated.extend(generated)
        return _mark_as_template(cls, all_generated)
    return decorator


def from_pytest_parameterize(names, values):
    """Convert ``pytest.mark.parametrize``-style arguments to parameter dicts.

    Args:
        names (str or list of str): the parameter names, as ``'a,b'`` or
            ``['a', 'b']``.
        values (list): one entry per case: a tuple of values (one per name), or a
            single value when there is one name.
    Returns:
        list of dict: one dict per case, for :func:`parameterize`.
    """
    if isinstance(names, str):
        names = [n.strip() for n in names.split(',') if n.strip()]
    names = list(names)
    if not names:
        raise ValueError('from_pytest_parameterize: names must name at least one '
                         'parameter, got {!r}'.format(names))
    result = []
    for i, value in enumerate(values):
        if len(names) == 1 and not (isinstance(value, (tuple, list)) and
                                    len(value) == 1):
            value = (value,)
        value = tuple(value)
        if len(value) != len(names):
            raise ValueError(
                'from_pytest_parameterize: case {} has {} values but there are {} '
                'names {}'.format(i, len(value), len(names), names))
        result.append(dict(zip(names, value)))
    return result


def parameterize_pytest(names, values):
    """``parameterize`` with ``pytest.mark.parametrize``-style arguments.

    ``@testing.parameterize_pytest('shape,dtype', [((2,), 'f'), ((3,), 'd')])``
    is the same as ``@testing.parameterize({'shape': (2,), 'dtype': 'f'},
    {'shape': (3,), 'dtype': 'd'})``.
    """
    return parameterize(*from_pytest_parameterize(names, values))


def _product_of_dict(parameter):
    keys = sorted(parameter)
    for key in keys:
        values = parameter[key]
        if isinstance(values, (str, bytes)) or not hasattr(values, '__iter__'):
            raise TypeError(
                'product: the value of {!r} must be a list of the values to try, got '
                '{!r}'.format(key, values))
    # A key naming several parameters ('shape,fans') takes tuples of values,
    # one per name, so that related values vary together.
    names_of = {key: [n.strip() for n in key.split(',')] for key in keys}
    value_lists = []
    for key in keys:
        values = list(parameter[key])
        names = names_of[key]
        if len(names) > 1:
            for value in values:
                if not isinstance(value, (tuple, list)) or len(value) != len(names):
                    raise ValueError(
                        'product: each value of {!r} must be a tuple of {} values '
                        '(one per name), got {!r}'.format(key, len(names), value))
        value_lists.append(values)
    result = []
    for combination in itertools.product(*value_lists):
        param = {}
        for key, value in zip(keys, combination):
            names = names_of[key]
            if len(names) == 1:
                param[names[0]] = value
            else:
                param.update(zip(names, value))
        result.append(param)
    return result


def product(parameter):
    """All combinations of parameter values.

    Args:
        parameter (dict or list): either a dict mapping each name to the list of
            its values, giving one dict per combination::

                product({'a': [1, 2], 'b': ['x']})
                # [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'x'}]

            or a list of lists of dicts, giving every merge of one dict from each
            list (as :func:`product_dict`)::

                product([[{'a': 1}, {'a': 2}], [{'b': 3, 'c': 4}]])
                # [{'a': 1, 'b': 3, 'c': 4}, {'a': 2, 'b': 3, 'c': 4}]
    Returns:
        list of dict.
    """
    if isinstance(parameter, dict):
        return _product_of_dict(parameter)
    if isinstance(parameter, (list, tuple)):
        return product_dict(*parameter)
    raise TypeError('product: expected a dict of value lists or a list of lists of '
                    'dicts, got {}'.format(type(parameter).__name__))


def product_dict(*parameters):
    """Every merge of one dict from each of the given lists of dicts.

    Example::

        product_dict([{'a': 1}, {'a': 2}], [{'b': 3}])
        # [{'a': 1, 'b': 3}, {'a': 2, 'b': 3}]

    A name that appears in dicts of two lists raises ValueError.
    """
    for i, dicts in enumerate(parameters):
        for d in dicts:
            if not isinstance(d, dict):
                raise TypeError(
                    'product_dict: argument {} must be a list of dicts, but it '
                    'contains {!r}'.format(i, d))
    result = []
    for combination in itertools.product(*parameters):
        merged = {}
        for d in combination:
            common = set(merged) & set(d)
            if common:
                raise ValueError(
                    'product_dict: the parameter {} appears in more than one of the '
                    'combined lists'.format(', '.join(sorted(map(repr, common)))))
            merged.update(d)
        result.append(merged)
    return result
