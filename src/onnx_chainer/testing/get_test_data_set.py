"""Exporting a model as an ONNX test case under a common output directory."""
import os

from onnx_chainer.export_testcase import export_testcase

#: The directory the test cases are written under (relative to the current
#: directory unless absolute); the ``ONNX_CHAINER_TEST_OUT`` environment variable
#: overrides it.
OUTPUT_DIR = 'out'


def gen_test_data_set(model, args, name, opset_version, **kwargs):
    """Export ``model`` with its inputs and outputs to ``<out>/opset<N>/<name>``.

    Args:
        model (~chainer.Chain): the model.
        args: its inputs (see :func:`~onnx_chainer.export`).
        name (str): the test case's directory name.
        opset_version (int): the opset to export.
        **kwargs: the other arguments of :func:`~onnx_chainer.export_testcase`.

    Returns:
        str: the directory of the test case.
    """
    root = os.environ.get('ONNX_CHAINER_TEST_OUT', OUTPUT_DIR)
    path = os.path.join(root, 'opset{}'.format(opset_version), name)
    export_testcase(model, args, path, opset_version=opset_version, **kwargs)
    return path
