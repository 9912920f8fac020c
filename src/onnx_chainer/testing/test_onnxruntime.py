"""Checking an exported test case with ONNX Runtime."""
import glob
import os
import re

import numpy

from onnx_chainer import _deps


def _numbered(pattern):
    def index(path):
        match = re.search(r'_(\d+)\.pb$', path)
        return int(match.group(1)) if match else -1
    return sorted(glob.glob(pattern), key=index)


def load_test_data(data_dir, prefix):
    """The ``(name, array)`` of ``<prefix>_<i>.pb`` in ``data_dir``, by ``i``."""
    onnx = _deps.require_onnx('onnx_chainer.testing')
    out = []
    for path in _numbered(os.path.join(data_dir, '{}_*.pb'.format(prefix))):
        tensor = onnx.load_tensor(path)
        out.append((tensor.name, onnx.numpy_helper.to_array(tensor)))
    return out


def check_model_expect(test_path, input_names=None, rtol=1e-5, atol=1e-5):
    """Run the test case in ``test_path`` with ONNX Runtime and compare its outputs.

    ``test_path`` holds ``model.onnx`` and ``test_data_set_<k>`` directories of
    ``input_<i>.pb`` and ``output_<i>.pb`` (as written by
    :func:`~onnx_chainer.export_testcase`). Each data set's inputs are fed to the
    model and every output is compared with the saved one (AssertionError when
    they differ by more than ``atol + rtol * |expected|``).

    Args:
        test_path (str): the test case directory.
        input_names (list of str): the names of the graph inputs to feed (those
            that are not initializers); the input tensors' own names by default.
        rtol, atol (float): tolerances of the comparison.
    """
    ort = _deps.require_onnxruntime('onnx_chainer.testing.test_onnxruntime')
    model_path = os.path.join(test_path, 'model.onnx')
    session = ort.InferenceSession(model_path, providers=['CPUExecutionProvider'])
    session_inputs = [i.name for i in session.get_inputs()]
    data_sets = sorted(glob.glob(os.path.join(test_path, 'test_data_set_*')))
    if not data_sets:
        raise ValueError('check_model_expect: no test_data_set_* directory in {}'
                         .format(test_path))
    for data_dir in data_sets:
        inputs = load_test_data(data_dir, 'input')
        expected = load_test_data(data_dir, 'output')
        names = list(input_names) if input_names is not None else None
        feed = {}
        for k, (name, array) in enumerate(inputs):
            if names is not None and name not in names:
                if k < len(names):
                    name = names[k]
                else:
                    continue
            if name not in session_inputs:
                continue
            feed[name] = array
        missing = [n for n in session_inputs if n not in feed]
        if missing and names is not None:
            missing = [n for n in missing if n in names]
        if missing:
            raise ValueError('check_model_expect: no data for the inputs {} of {}'
                             .format(missing, model_path))
        actual = session.run(None, feed)
        if len(actual) != len(expected):
            raise AssertionError('the model has {} outputs but {} were saved'.format(
                len(actual), len(expected)))
        for (name, want), got, info in zip(expected, actual, session.get_outputs()):
            numpy.testing.assert_allclose(
                got, want, rtol=rtol, atol=atol,
                err_msg='output {!r} of {}'.format(info.name, model_path))
