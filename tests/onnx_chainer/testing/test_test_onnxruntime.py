"""onnx_chainer.testing: a saved test case checked in ONNX Runtime."""
import os

import numpy
import pytest

import chainer
import chainer.functions as F
import onnx_chainer
from onnx_chainer import onnx_helper
from onnx_chainer.testing import get_test_data_set
from onnx_chainer.testing.test_onnxruntime import check_model_expect


def test_check_passes_and_detects_a_wrong_output(tmp_path):
    out = str(tmp_path)
    x = numpy.linspace(-1, 1, 6, dtype=numpy.float32).reshape(2, 3)
    onnx_chainer.export_testcase(chainer.Sequential(F.tanh), x, out)
    check_model_expect(out)
    onnx_helper.write_tensor_pb(
        os.path.join(out, 'test_data_set_0', 'output_0.pb'), 'Tanh_0',
        numpy.tanh(x) + 1e-3)
    with pytest.raises(AssertionError):
        check_model_expect(out)


def test_gen_test_data_set(tmp_path, monkeypatch):
    monkeypatch.setenv('ONNX_CHAINER_TEST_OUT', str(tmp_path))
    path = get_test_data_set.gen_test_data_set(
        chainer.Sequential(F.relu), numpy.ones((1, 2), numpy.float32), 'relu', 9)
    assert path == os.path.join(str(tmp_path), 'opset9', 'relu')
    assert os.path.isfile(os.path.join(path, 'model.onnx'))
    check_model_expect(path, input_names=['Input_0'])
