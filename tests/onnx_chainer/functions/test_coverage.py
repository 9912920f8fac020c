"""Every converter of onnx_chainer.functions is exported by some test here."""
import importlib.util
import os

import onnx_chainer

HERE = os.path.dirname(os.path.abspath(__file__))


def _tested_names():
    names = set()
    for filename in sorted(os.listdir(HERE)):
        if not filename.startswith('test_') or filename == 'test_coverage.py':
            continue
        spec = importlib.util.spec_from_file_location(
            'onnx_tests_' + filename[:-3], os.path.join(HERE, filename))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        names.update(case[0] for case in getattr(module, 'CASES', ())
                     if isinstance(case[0], str))
        names.update(getattr(module, 'TESTED', ()))
    return names


def test_every_converter_is_tested():
    converters = {name[len('convert_'):] for name in dir(onnx_chainer.functions)
                  if name.startswith('convert_')}
    missing = converters - _tested_names()
    assert not missing, 'converters without an export test: {}'.format(
        sorted(missing))
