"""Helpers to test exporters and exported models.

- :mod:`~onnx_chainer.testing.input_generator`: deterministic test inputs.
- :mod:`~onnx_chainer.testing.get_test_data_set`: export a model as a test case.
- :mod:`~onnx_chainer.testing.test_onnxruntime`: run a test case in ONNX Runtime
  and compare its outputs with the saved ones.
"""
from onnx_chainer.testing import input_generator  # NOQA
