"""What ``import chainer`` does to the process: no test machinery, no malloc changes,
no hidden import errors (each check runs in a fresh interpreter)."""
import inspect
import json
import os
import subprocess
import sys

import pytest

import chainer

_SRC = os.path.dirname(os.path.dirname(os.path.abspath(chainer.__file__)))


def _run(code):
    env = {k: v for k, v in os.environ.items() if k != 'CHAINER_MALLOC_TUNING'}
    env['PYTHONPATH'] = _SRC + os.pathsep + env.get('PYTHONPATH', '')
    return subprocess.run([sys.executable, '-c', code], env=env, capture_output=True,
                          text=True)


def test_import_chainer_loads_no_test_machinery_and_no_optional_package():
    out = _run('''
import sys, json
before = set(sys.modules)
import chainer, chainer.functions, chainer.links, chainer.training
print(json.dumps(sorted(set(sys.modules) - before)))
''')
    assert out.returncode == 0, out.stderr
    loaded = set(json.loads(out.stdout))
    assert 'chainer.links' in loaded and 'chainer.training.extensions' in loaded
    for name in ['unittest', 'unittest.mock', 'asyncio', 'doctest', 'pytest',
                 'chainer.testing', 'chainer.gradient_check', 'h5py', 'scipy',
                 'matplotlib', 'PIL', 'urllib.request']:
        assert name not in loaded, name


def test_test_tools_are_imported_on_first_use():
    out = _run('''
import sys, chainer
assert 'chainer.testing' not in sys.modules
assert 'testing' in dir(chainer) and 'gradient_check' in dir(chainer)
print(chainer.testing.assert_allclose is chainer.gradient_check.assert_allclose,
      'unittest.mock' in sys.modules,
      chainer.gradient_check.testing is chainer.testing)
from chainer.serializers import hdf5
print(hdf5._available == ('h5py' in sys.modules))
''')
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ['True', 'True', 'True', 'True']


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match='no_such_name'):
        chainer.no_such_name
    with pytest.raises(AttributeError, match='no_such_name'):
        chainer.gradient_check.no_such_name


def test_a_missing_module_of_our_own_is_not_hidden():
    # A part of the package that cannot be found (here: as if chainer/iterators
    # were lost) makes ``import chainer`` fail with that error.
    out = _run('''
import importlib.abc, sys
class Missing(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == 'chainer.iterators':
            raise ModuleNotFoundError('No module named ' + repr(name), name=name)
sys.meta_path.insert(0, Missing())
import chainer
''')
    assert out.returncode != 0
    assert "ModuleNotFoundError: No module named 'chainer.iterators'" in out.stderr


def test_core_modules_expose_the_names_chainer_7_8_1_modules_had():
    # Code written for Chainer reaches the package through its modules
    # (``chainer.function.chainer.Variable``); those module attributes stay.
    import chainer.function
    import chainer.utils.type_check as type_check
    from chainer.links.model.vision import googlenet, resnet, vgg
    assert chainer.function.chainer is chainer
    for module in (googlenet, resnet, vgg):
        assert module.link is chainer.link, module.__name__
    # type_check.prod is a plain function, as in Chainer: inspect reads it.
    assert list(inspect.signature(type_check.prod).parameters) == ['xs']
